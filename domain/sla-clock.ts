import type { BusinessCalendar } from './calendar';
import { addBusinessMinutes, businessMinutesBetween } from './calendar';

// SLA clocks for complaint handling (DESIGN.md §3.5, §4), in the manner of help-desk SLA engines.
// Plain data in, plain data out: the workflow keeps each SlaClock in its state, applies pause /
// resume / stop as the case moves, calls tick() when nextWake() says so and acts on the events.
// Every function is pure and deterministic: "now" is always a parameter and the inputs are never
// modified; optional fields are left out rather than set to undefined, so a clock survives JSON.
//
// Counting. A clock counts elapsed minutes only while running, in its mode: every real minute
// ("calendar") or only minutes inside the clinic's business hours and outside its holidays
// ("business", through domain/calendar.ts). Pausing banks what the running segment counted;
// resuming starts a new segment. Minutes may be fractional internally.
//
// Thresholds, in elapsed minutes: the warning at targetMinutes * warnAtPercent / 100 (no warning
// when warnAtPercent is 0 or 100), the breach at targetMinutes (reaching the target exactly is a
// breach: a deadline is met only by stopping strictly before it), the director escalation at
// targetMinutes + directorAfterMinutes. Director escalation therefore waits while the clock is
// paused, like the rest of the clock.
//
// Marks. tick() records warnedAt / breachedAt as the instant the threshold was crossed, computed
// exactly from the running segment (so a late tick still records the true deadline). If a
// threshold was crossed in a segment that has since been closed by a pause before any tick saw it,
// that segment's start is no longer known; the mark is then the instant the engine can vouch for
// (pausedAt while paused, runningSince once resumed) and the events are still produced, late
// rather than never. Call tick(now) before pauseClock / stopClock to avoid that.
//
// Stopping is final: stopClock records any unmarked warning / breach (exactly when it happened in
// the final segment) but produces no events and a stopped clock never ticks; call tick(now) first
// to collect them. A stopped clock is "met" when it stopped before breaching.
//
// Rounding (views only): elapsedMinutes is rounded down (a minute counts once it is complete);
// remainingMinutes is rounded up, so it never reads 0 while time is left and, for whole-minute
// targets, elapsed + remaining = target. When breached, remaining is minus the whole minutes over.

export type ClockMode = 'calendar' | 'business';

export interface ClockPolicy {
  id: string;
  name: string;
  targetMinutes: number;
  mode: ClockMode;
  /** 1..99 warns at that share of the target; 0 or 100 means no separate warning. */
  warnAtPercent: number;
}

export interface SlaClock {
  id: string;
  name: string;
  targetMinutes: number;
  mode: ClockMode;
  warnAtPercent: number;
  /** ISO */
  startedAt: string;
  state: 'running' | 'paused' | 'stopped';
  /** Elapsed minutes banked before the current running segment (counted in the clock's mode). */
  bankedMinutes: number;
  /** ISO, set while running: the start of the current running segment. */
  runningSince?: string;
  /** ISO, set while paused. */
  pausedAt?: string;
  /** ISO, set once stopped. */
  stoppedAt?: string;
  /** ISO, the instant the warning threshold was crossed. */
  warnedAt?: string;
  /** ISO, the instant the target was reached. */
  breachedAt?: string;
  /** Escalation steps already taken on breach: 0 none, 1 management, 2 director. */
  escalationLevel: number;
}

export type ClockEvent = { kind: 'warn' | 'breach' | 'escalate'; clockId: string; level?: number };

export interface ClockView {
  id: string;
  name: string;
  state: SlaClock['state'];
  mode: ClockMode;
  targetMinutes: number;
  /** Rounded down. */
  elapsedMinutes: number;
  /** Rounded up; negative when breached. */
  remainingMinutes: number;
  dueAt: string | null;
  warned: boolean;
  breached: boolean;
  /** Stopped before breaching. */
  met: boolean;
}

const MINUTE_MS = 60_000;

export function startClock(policy: ClockPolicy, now: Date): SlaClock {
  if (!Number.isFinite(policy.targetMinutes) || policy.targetMinutes <= 0) {
    throw new RangeError(`SLA clock "${policy.id}": targetMinutes must be > 0, got ${policy.targetMinutes}`);
  }
  if (!Number.isFinite(policy.warnAtPercent) || policy.warnAtPercent < 0 || policy.warnAtPercent > 100) {
    throw new RangeError(
      `SLA clock "${policy.id}": warnAtPercent must be 0..100, got ${policy.warnAtPercent}`,
    );
  }
  if (policy.mode !== 'calendar' && policy.mode !== 'business') {
    throw new RangeError(`SLA clock "${policy.id}": unknown mode "${String(policy.mode)}"`);
  }
  const at = isoOf(now);
  return {
    id: policy.id,
    name: policy.name,
    targetMinutes: policy.targetMinutes,
    mode: policy.mode,
    warnAtPercent: policy.warnAtPercent,
    startedAt: at,
    state: 'running',
    bankedMinutes: 0,
    runningSince: at,
    escalationLevel: 0,
  };
}

/** Banks the running segment and pauses (e.g. while waiting on the customer). No-op unless running. */
export function pauseClock(clock: SlaClock, now: Date, cal: BusinessCalendar): SlaClock {
  if (clock.state !== 'running') return { ...clock };
  const { runningSince: _since, ...rest } = clock;
  return { ...rest, state: 'paused', bankedMinutes: elapsedMinutes(clock, now, cal), pausedAt: isoOf(now) };
}

/** Starts a new running segment. No-op unless paused. */
export function resumeClock(clock: SlaClock, now: Date): SlaClock {
  if (clock.state !== 'paused') return { ...clock };
  const { pausedAt: _paused, ...rest } = clock;
  return { ...rest, state: 'running', runningSince: isoOf(now) };
}

/**
 * Stops the clock for good (the obligation was fulfilled or abandoned), from running or paused.
 * Records an unmarked warning / breach that already happened; produces no events. No-op if stopped.
 */
export function stopClock(clock: SlaClock, now: Date, cal: BusinessCalendar): SlaClock {
  if (clock.state === 'stopped') return { ...clock };
  const t = instantOf(now);
  const elapsed = elapsedMinutes(clock, now, cal);
  const warn = warnThreshold(clock);
  const marks: Partial<SlaClock> = {};
  if (clock.warnedAt === undefined && warn !== null && elapsed >= warn) {
    marks.warnedAt = iso(crossingAt(clock, warn, t, cal));
  }
  if (clock.breachedAt === undefined && elapsed >= clock.targetMinutes) {
    marks.breachedAt = iso(crossingAt(clock, clock.targetMinutes, t, cal));
  }
  const { runningSince: _since, pausedAt: _paused, ...rest } = clock;
  return { ...rest, ...marks, state: 'stopped', bankedMinutes: elapsed, stoppedAt: iso(t) };
}

/** Minutes counted so far, in the clock's mode (fractional). */
export function elapsedMinutes(clock: SlaClock, now: Date, cal: BusinessCalendar): number {
  const t = instantOf(now);
  if (clock.state !== 'running' || clock.runningSince === undefined) return clock.bankedMinutes;
  return clock.bankedMinutes + minutesBetween(clock.mode, cal, Date.parse(clock.runningSince), t);
}

/** targetMinutes - elapsed (fractional; negative when breached). */
export function remainingMinutes(clock: SlaClock, now: Date, cal: BusinessCalendar): number {
  return clock.targetMinutes - elapsedMinutes(clock, now, cal);
}

/**
 * When the clock breaches if it keeps running: null unless running. Already breached: the instant
 * it did. Business mode counts through addBusinessMinutes.
 */
export function dueAt(clock: SlaClock, now: Date, cal: BusinessCalendar): string | null {
  if (clock.state !== 'running') return null;
  if (clock.breachedAt !== undefined) return clock.breachedAt;
  return iso(crossingAt(clock, clock.targetMinutes, instantOf(now), cal, false));
}

/** When the clock reaches warnAtPercent: null unless running, if already warned or without a warning. */
export function warnAt(clock: SlaClock, now: Date, cal: BusinessCalendar): string | null {
  const warn = warnThreshold(clock);
  if (clock.state !== 'running' || clock.warnedAt !== undefined || warn === null) return null;
  return iso(crossingAt(clock, warn, instantOf(now), cal, false));
}

/**
 * Applies what is due at `now`: marks warnedAt / breachedAt and, on breach, escalates to
 * management (level 1) at once and to the director (level 2) once the clock has counted
 * `directorAfterMinutes` more. Events come in the order they happened; several at once when ticks
 * were missed. Calling it again at the same `now` produces nothing. Stopped clocks never tick.
 */
export function tick(
  clock: SlaClock,
  now: Date,
  cal: BusinessCalendar,
  directorAfterMinutes: number,
): { clock: SlaClock; events: ClockEvent[] } {
  checkDirectorAfter(directorAfterMinutes);
  const t = instantOf(now);
  if (clock.state === 'stopped') return { clock: { ...clock }, events: [] };
  const elapsed = elapsedMinutes(clock, now, cal);
  const next: SlaClock = { ...clock };
  const events: ClockEvent[] = [];
  const reached = (threshold: number) =>
    elapsed >= threshold || (clock.state === 'running' && crossingAt(clock, threshold, t, cal, false) <= t);

  const warn = warnThreshold(clock);
  if (next.warnedAt === undefined && warn !== null && reached(warn)) {
    next.warnedAt = iso(crossingAt(clock, warn, t, cal));
    events.push({ kind: 'warn', clockId: clock.id });
  }
  if (next.breachedAt === undefined && reached(clock.targetMinutes)) {
    next.breachedAt = iso(crossingAt(clock, clock.targetMinutes, t, cal));
    events.push({ kind: 'breach', clockId: clock.id });
  }
  if (next.breachedAt !== undefined && next.escalationLevel < 1) {
    next.escalationLevel = 1;
    events.push({ kind: 'escalate', clockId: clock.id, level: 1 });
  }
  if (next.escalationLevel === 1 && reached(clock.targetMinutes + directorAfterMinutes)) {
    next.escalationLevel = 2;
    events.push({ kind: 'escalate', clockId: clock.id, level: 2 });
  }
  return { clock: next, events };
}

/**
 * The next instant at which tick() would produce an event (warning, breach, director
 * escalation), never earlier than `now` (an overdue event is due at `now`); null when paused,
 * stopped or fully escalated.
 */
export function nextWake(
  clock: SlaClock,
  now: Date,
  cal: BusinessCalendar,
  directorAfterMinutes: number,
): string | null {
  checkDirectorAfter(directorAfterMinutes);
  const t = instantOf(now);
  if (clock.state !== 'running') return null;
  const warn = warnThreshold(clock);
  let threshold: number;
  if (clock.warnedAt === undefined && warn !== null) threshold = warn;
  else if (clock.breachedAt === undefined || clock.escalationLevel < 1) threshold = clock.targetMinutes;
  else if (clock.escalationLevel < 2) threshold = clock.targetMinutes + directorAfterMinutes;
  else return null;
  if (clock.bankedMinutes >= threshold) return iso(t);
  return iso(Math.max(t, crossingAt(clock, threshold, t, cal, false)));
}

export function viewClock(clock: SlaClock, now: Date, cal: BusinessCalendar): ClockView {
  const elapsed = elapsedMinutes(clock, now, cal);
  const warn = warnThreshold(clock);
  const breached = clock.breachedAt !== undefined || elapsed >= clock.targetMinutes;
  return {
    id: clock.id,
    name: clock.name,
    state: clock.state,
    mode: clock.mode,
    targetMinutes: clock.targetMinutes,
    elapsedMinutes: Math.floor(elapsed),
    remainingMinutes: Math.ceil(clock.targetMinutes - elapsed) + 0, // + 0 turns -0 into 0
    dueAt: dueAt(clock, now, cal),
    warned: clock.warnedAt !== undefined || (warn !== null && elapsed >= warn),
    breached,
    met: clock.state === 'stopped' && !breached,
  };
}

/** Elapsed minutes at which the clock warns, or null when it has no separate warning. */
function warnThreshold(clock: SlaClock): number | null {
  if (clock.warnAtPercent <= 0 || clock.warnAtPercent >= 100) return null;
  return (clock.targetMinutes * clock.warnAtPercent) / 100;
}

/**
 * The instant (epoch ms) at which the clock's elapsed minutes reach `threshold`. Exact when that
 * happens in the current running segment; when the banked minutes already reach it, the segment
 * it happened in is gone and the answer is the earliest instant the engine can vouch for (see the
 * file comment). With `clampToNow`, never later than `now` (guards float rounding when the
 * threshold is known to be reached).
 */
function crossingAt(
  clock: SlaClock,
  threshold: number,
  now: number,
  cal: BusinessCalendar,
  clampToNow = true,
) {
  let at: number;
  if (clock.bankedMinutes >= threshold || clock.state !== 'running' || clock.runningSince === undefined) {
    at = Date.parse(clock.runningSince ?? clock.pausedAt ?? clock.stoppedAt ?? iso(now));
  } else {
    const since = Date.parse(clock.runningSince);
    const minutes = threshold - clock.bankedMinutes;
    at =
      clock.mode === 'business'
        ? addBusinessMinutes(cal, new Date(since), minutes).getTime()
        : since + Math.round(minutes * MINUTE_MS);
  }
  return clampToNow ? Math.min(at, now) : at;
}

function minutesBetween(mode: ClockMode, cal: BusinessCalendar, from: number, to: number): number {
  if (to <= from) return 0;
  return mode === 'business'
    ? businessMinutesBetween(cal, new Date(from), new Date(to))
    : (to - from) / MINUTE_MS;
}

function checkDirectorAfter(minutes: number): void {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`directorAfterMinutes must be a finite number >= 0, got ${minutes}`);
  }
}

function instantOf(now: Date): number {
  const t = now.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid Date for "now"');
  return t;
}

function isoOf(now: Date): string {
  return iso(instantOf(now));
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
