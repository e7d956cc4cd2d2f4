import type { BusinessCalendar } from '../../domain/calendar';
import { calendarOf, isBusinessTime } from '../../domain/calendar';
import type { ClockEvent, ClockPolicy, SlaClock } from '../../domain/sla-clock';
import {
  dueAt,
  elapsedMinutes,
  nextWake,
  pauseClock,
  remainingMinutes,
  resumeClock,
  startClock,
  stopClock,
  tick,
  viewClock,
  warnAt,
} from '../../domain/sla-clock';
import { configuredClinic as clinic } from '../helpers/fixtures';
import { MACHINE_TIME_ZONES, withProcessTimeZone } from '../helpers/process-time-zone';

// The fixture clinic: Asia/Tokyo (UTC+9 all year, no DST), Mon-Fri 09:30-18:30, Sat 10:00-17:00,
// Sunday closed, holidays 2026-12-29..2027-01-03 and 2027-01-11.
// Dates used: 2026-03-02 is a Monday, 2026-03-06 a Friday, 2026-03-07 a Saturday, 2026-03-09 a
// Monday; 2026-12-28 a Monday, 2027-01-04 a Monday, 2027-01-09 a Saturday, 2027-01-12 a Tuesday.

const cal: BusinessCalendar = calendarOf(clinic);
const MIN = 60_000;

/** A Tokyo wall-clock time as an instant. */
const tokyo = (local: string) => new Date(`${local}+09:00`);
const iso = (d: Date) => d.toISOString();
const plus = (d: Date, minutes: number) => new Date(d.getTime() + minutes * MIN);

const T0 = new Date('2026-03-02T01:00:00.000Z'); // Monday 10:00 in Tokyo

function policy(overrides: Partial<ClockPolicy> = {}): ClockPolicy {
  return {
    id: 'first-contact',
    name: 'First contact',
    targetMinutes: 120,
    mode: 'calendar',
    warnAtPercent: 75,
    ...overrides,
  };
}

/**
 * Independent of domain/calendar's minute arithmetic: walks whole minutes from `start` and counts
 * those that begin in business hours, returning the end of the `minutes`-th such minute.
 */
function bruteForceBusinessDeadline(start: Date, minutes: number): Date {
  let t = start.getTime();
  for (let counted = 0; ; t += MIN) {
    if (isBusinessTime(cal, new Date(t))) counted += 1;
    if (counted === minutes) return new Date(t + MIN);
  }
}

/** Follows nextWake and ticks there until nothing is left; returns each wake with its events. */
function runWakes(clock: SlaClock, from: Date, directorAfter: number) {
  const wakes: { at: string; events: ClockEvent[] }[] = [];
  let now = from;
  for (let wake = nextWake(clock, now, cal, directorAfter); wake !== null;) {
    now = new Date(wake);
    const result = tick(clock, now, cal, directorAfter);
    wakes.push({ at: wake, events: result.events });
    clock = result.clock;
    wake = nextWake(clock, now, cal, directorAfter);
    if (wakes.length > 10) throw new Error('nextWake does not settle');
  }
  return { wakes, clock };
}

describe('startClock', () => {
  test('starts a running clock with nothing banked', () => {
    const clock = startClock(policy(), T0);
    expect(clock).toEqual({
      id: 'first-contact',
      name: 'First contact',
      targetMinutes: 120,
      mode: 'calendar',
      warnAtPercent: 75,
      startedAt: iso(T0),
      state: 'running',
      bankedMinutes: 0,
      runningSince: iso(T0),
      escalationLevel: 0,
    });
    // Plain data: survives the workflow's JSON state untouched.
    expect(JSON.parse(JSON.stringify(clock))).toEqual(clock);
  });

  test('rejects impossible policies and invalid instants', () => {
    expect(() => startClock(policy({ targetMinutes: 0 }), T0)).toThrow(RangeError);
    expect(() => startClock(policy({ targetMinutes: Number.NaN }), T0)).toThrow(RangeError);
    expect(() => startClock(policy({ warnAtPercent: 120 }), T0)).toThrow(RangeError);
    expect(() => startClock(policy({ warnAtPercent: -1 }), T0)).toThrow(RangeError);
    expect(() => startClock(policy(), new Date('not a date'))).toThrow(RangeError);
    expect(() => tick(startClock(policy(), T0), T0, cal, -5)).toThrow(RangeError);
  });

  test('the messages name the clock and what is wrong with it', () => {
    expect(() => startClock(policy({ targetMinutes: -5 }), T0)).toThrow(
      'SLA clock "first-contact": targetMinutes must be > 0, got -5',
    );
    expect(() => startClock(policy({ targetMinutes: Number.POSITIVE_INFINITY }), T0)).toThrow(
      'SLA clock "first-contact": targetMinutes must be > 0, got Infinity',
    );
    expect(() => startClock(policy({ warnAtPercent: 101 }), T0)).toThrow(
      'SLA clock "first-contact": warnAtPercent must be 0..100, got 101',
    );
    expect(() => startClock(policy({ warnAtPercent: Number.NaN }), T0)).toThrow(
      'SLA clock "first-contact": warnAtPercent must be 0..100, got NaN',
    );
    const hourly = 'hourly' as ClockPolicy['mode'];
    expect(() => startClock(policy({ mode: hourly }), T0)).toThrow(
      'SLA clock "first-contact": unknown mode "hourly"',
    );
    expect(() => startClock(policy(), new Date('not a date'))).toThrow('invalid Date for "now"');
    const clock = startClock(policy(), T0);
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const message = `directorAfterMinutes must be a finite number >= 0, got ${bad}`;
      expect(() => tick(clock, T0, cal, bad)).toThrow(message);
      expect(() => nextWake(clock, T0, cal, bad)).toThrow(message);
    }
  });

  test('the limits themselves are accepted', () => {
    expect(startClock(policy({ targetMinutes: 0.5 }), T0).targetMinutes).toBe(0.5);
    expect(startClock(policy({ warnAtPercent: 0 }), T0).warnAtPercent).toBe(0);
    expect(startClock(policy({ warnAtPercent: 100 }), T0).warnAtPercent).toBe(100);
    expect(startClock(policy({ mode: 'business' }), T0).mode).toBe('business');
    expect(tick(startClock(policy(), T0), T0, cal, 0).events).toEqual([]);
  });

  test('every operation rejects an invalid "now" rather than reading it as some instant', () => {
    const bad = new Date('not a date');
    const clock = startClock(policy(), T0);
    const paused = pauseClock(clock, plus(T0, 10), cal);
    const message = 'invalid Date for "now"';
    expect(() => pauseClock(clock, bad, cal)).toThrow(message);
    expect(() => resumeClock(paused, bad)).toThrow(message);
    expect(() => stopClock(clock, bad, cal)).toThrow(message);
    expect(() => stopClock(paused, bad, cal)).toThrow(message);
    expect(() => elapsedMinutes(clock, bad, cal)).toThrow(message);
    expect(() => elapsedMinutes(paused, bad, cal)).toThrow(message);
    expect(() => dueAt(clock, bad, cal)).toThrow(message);
    expect(() => warnAt(clock, bad, cal)).toThrow(message);
    expect(() => tick(clock, bad, cal, 60)).toThrow(message);
    expect(() => tick(paused, bad, cal, 60)).toThrow(message);
    expect(() => nextWake(clock, bad, cal, 60)).toThrow(message);
    expect(() => viewClock(clock, bad, cal)).toThrow(message);
  });
});

describe('calendar clock', () => {
  test('120 minutes warns at 90 (75%) and breaches at 120', () => {
    const clock = startClock(policy(), T0);
    expect(warnAt(clock, T0, cal)).toBe(iso(plus(T0, 90)));
    expect(dueAt(clock, T0, cal)).toBe(iso(plus(T0, 120)));
    expect(elapsedMinutes(clock, plus(T0, 45), cal)).toBe(45);
    expect(remainingMinutes(clock, plus(T0, 45), cal)).toBe(75);
    expect(remainingMinutes(clock, plus(T0, 150), cal)).toBe(-30);

    expect(tick(clock, plus(T0, 89), cal, 60).events).toEqual([]);
    const warned = tick(clock, plus(T0, 90), cal, 60);
    expect(warned.events).toEqual([{ kind: 'warn', clockId: 'first-contact' }]);
    expect(warned.clock.warnedAt).toBe(iso(plus(T0, 90)));
    expect(warnAt(warned.clock, plus(T0, 90), cal)).toBeNull(); // already warned

    expect(tick(warned.clock, new Date(plus(T0, 120).getTime() - 1), cal, 60).events).toEqual([]);
    const breached = tick(warned.clock, plus(T0, 120), cal, 60);
    expect(breached.events.map((e) => e.kind)).toEqual(['breach', 'escalate']);
    expect(breached.clock.breachedAt).toBe(iso(plus(T0, 120)));
  });

  test('counts every minute, business hours or not', () => {
    const saturdayEvening = tokyo('2026-03-07T20:00:00'); // clinic closed
    const clock = startClock(policy(), saturdayEvening);
    expect(dueAt(clock, saturdayEvening, cal)).toBe(iso(plus(saturdayEvening, 120)));
    expect(elapsedMinutes(clock, plus(saturdayEvening, 61), cal)).toBe(61);
  });
});

describe('business clock', () => {
  const business = policy({ mode: 'business' });

  test('Friday 17:30 + 120 business minutes is Saturday 11:00 (Fri closes 18:30, Sat opens 10:00)', () => {
    const start = tokyo('2026-03-06T17:30:00');
    const clock = startClock(business, start);
    // 60 minutes on Friday, 60 on Saturday from 10:00.
    expect(dueAt(clock, start, cal)).toBe(iso(tokyo('2026-03-07T11:00:00')));
    // 75% = 90 minutes: 60 on Friday, 30 on Saturday.
    expect(warnAt(clock, start, cal)).toBe(iso(tokyo('2026-03-07T10:30:00')));
    expect(elapsedMinutes(clock, tokyo('2026-03-07T09:00:00'), cal)).toBe(60); // overnight doesn't count
    expect(dueAt(clock, start, cal)).toBe(iso(bruteForceBusinessDeadline(start, 120)));
  });

  test('Saturday 16:30 + 120 business minutes is Monday 11:00 (Sunday closed, Monday opens 09:30)', () => {
    // 30 minutes on Saturday (to 17:00), nothing on Sunday, 90 on Monday from 09:30 -> 11:00.
    // (Monday 10:30 would need only 60 minutes on Monday: that is a clock started Saturday 16:00.)
    const start = tokyo('2026-03-07T16:30:00');
    const clock = startClock(business, start);
    expect(dueAt(clock, start, cal)).toBe(iso(tokyo('2026-03-09T11:00:00')));
    expect(dueAt(clock, start, cal)).toBe(iso(bruteForceBusinessDeadline(start, 120)));

    const fromFour = startClock(business, tokyo('2026-03-07T16:00:00'));
    expect(dueAt(fromFour, tokyo('2026-03-07T16:00:00'), cal)).toBe(iso(tokyo('2026-03-09T10:30:00')));
  });

  test('a 48-business-hour clock from Monday 2026-12-28 17:00 skips the year-end holidays', () => {
    // Mon 12-28 17:00-18:30: 90. Holidays 12-29..01-03 (Tue..Sun). Mon 01-04 .. Fri 01-08: 5 x 540
    // = 2700, total 2790. Sat 01-09 from 10:00: the last 90 -> 11:30 Tokyo = 02:30Z.
    const start = tokyo('2026-12-28T17:00:00');
    const clock = startClock(policy({ id: 'resolution-plan', targetMinutes: 2880, mode: 'business' }), start);
    const due = dueAt(clock, start, cal);
    expect(due).toBe('2027-01-09T02:30:00.000Z');
    expect(due).toBe(iso(bruteForceBusinessDeadline(start, 2880)));
    expect(Date.parse(due!)).toBeGreaterThan(tokyo('2027-01-04T09:30:00').getTime());
    // Over the holidays the clock counts nothing.
    expect(elapsedMinutes(clock, tokyo('2027-01-04T09:30:00'), cal)).toBe(90);
    expect(elapsedMinutes(clock, tokyo('2027-01-04T10:00:00'), cal)).toBe(120);
  });

  test('a clock from Saturday 2027-01-09 16:00 skips Sunday and the 2027-01-11 holiday', () => {
    // 60 on Saturday, Sunday closed, Monday 01-11 holiday, 60 on Tuesday from 09:30 -> 10:30.
    const start = tokyo('2027-01-09T16:00:00');
    const clock = startClock(business, start);
    expect(dueAt(clock, start, cal)).toBe(iso(tokyo('2027-01-12T10:30:00')));
  });

  test('started while closed, it counts from the next opening', () => {
    const sunday = tokyo('2026-03-08T12:00:00');
    const clock = startClock(business, sunday);
    expect(elapsedMinutes(clock, tokyo('2026-03-09T09:30:00'), cal)).toBe(0);
    expect(dueAt(clock, sunday, cal)).toBe(iso(tokyo('2026-03-09T11:30:00')));
  });
});

describe('pause and resume', () => {
  test('pausing 30 minutes into a 120-minute clock for 3 hours: due 90 minutes after resuming', () => {
    const clock = startClock(policy(), T0);
    const paused = pauseClock(clock, plus(T0, 30), cal);
    expect(paused).toMatchObject({ state: 'paused', bankedMinutes: 30, pausedAt: iso(plus(T0, 30)) });
    expect(paused.runningSince).toBeUndefined();
    expect('runningSince' in paused).toBe(false);
    // Time stands still while paused.
    expect(elapsedMinutes(paused, plus(T0, 200), cal)).toBe(30);
    expect(dueAt(paused, plus(T0, 200), cal)).toBeNull();
    expect(warnAt(paused, plus(T0, 200), cal)).toBeNull();

    const resumedAt = plus(T0, 30 + 180);
    const resumed = resumeClock(paused, resumedAt);
    expect(resumed).toMatchObject({ state: 'running', bankedMinutes: 30, runningSince: iso(resumedAt) });
    expect('pausedAt' in resumed).toBe(false);
    expect(dueAt(resumed, resumedAt, cal)).toBe(iso(plus(resumedAt, 90)));
    expect(warnAt(resumed, resumedAt, cal)).toBe(iso(plus(resumedAt, 60)));
    expect(elapsedMinutes(resumed, plus(resumedAt, 10), cal)).toBe(40);
  });

  test('a business clock banks business minutes only', () => {
    const business = policy({ mode: 'business' });
    // Friday 18:00 -> Saturday 10:30: 30 minutes on Friday + 30 on Saturday.
    const clock = startClock(business, tokyo('2026-03-06T18:00:00'));
    const paused = pauseClock(clock, tokyo('2026-03-07T10:30:00'), cal);
    expect(paused.bankedMinutes).toBe(60);
    const resumed = resumeClock(paused, tokyo('2026-03-07T15:00:00'));
    // 60 left: 15:00 -> 16:00 on Saturday.
    expect(dueAt(resumed, tokyo('2026-03-07T15:00:00'), cal)).toBe(iso(tokyo('2026-03-07T16:00:00')));
    // Resumed at 16:30: 30 minutes Saturday, then Monday 09:30 + 30.
    const late = resumeClock(paused, tokyo('2026-03-07T16:30:00'));
    expect(dueAt(late, tokyo('2026-03-07T16:30:00'), cal)).toBe(iso(tokyo('2026-03-09T10:00:00')));
  });

  test('pause is a no-op unless running, resume a no-op unless paused', () => {
    const clock = startClock(policy(), T0);
    expect(resumeClock(clock, plus(T0, 5))).toEqual(clock);
    const paused = pauseClock(clock, plus(T0, 10), cal);
    expect(pauseClock(paused, plus(T0, 20), cal)).toEqual(paused);
    const stopped = stopClock(clock, plus(T0, 10), cal);
    expect(pauseClock(stopped, plus(T0, 20), cal)).toEqual(stopped);
    expect(resumeClock(stopped, plus(T0, 20))).toEqual(stopped);
  });

  test('functions are pure: the input clock is never modified', () => {
    const clock = Object.freeze(startClock(policy(), T0));
    const snapshot = JSON.stringify(clock);
    const paused = pauseClock(clock, plus(T0, 30), cal);
    resumeClock(paused, plus(T0, 60));
    stopClock(clock, plus(T0, 30), cal);
    tick(clock, plus(T0, 500), cal, 60);
    nextWake(clock, T0, cal, 60);
    viewClock(clock, plus(T0, 30), cal);
    expect(JSON.stringify(clock)).toBe(snapshot);
    expect(paused).not.toBe(clock);
  });
});

describe('stopClock', () => {
  test('stopped before due: met, final, no due time', () => {
    const clock = startClock(policy(), T0);
    const stopped = stopClock(clock, plus(T0, 100), cal);
    expect(stopped).toMatchObject({ state: 'stopped', bankedMinutes: 100, stoppedAt: iso(plus(T0, 100)) });
    expect('runningSince' in stopped).toBe(false);
    expect(stopped.breachedAt).toBeUndefined();
    expect(stopped.warnedAt).toBe(iso(plus(T0, 90))); // the warning had happened: recorded
    expect(elapsedMinutes(stopped, plus(T0, 1000), cal)).toBe(100);
    expect(dueAt(stopped, plus(T0, 1000), cal)).toBeNull();
    expect(viewClock(stopped, plus(T0, 1000), cal)).toMatchObject({ met: true, breached: false });
    expect(tick(stopped, plus(T0, 1000), cal, 60).events).toEqual([]);
    expect(nextWake(stopped, plus(T0, 1000), cal, 60)).toBeNull();
    expect(stopClock(stopped, plus(T0, 2000), cal)).toEqual(stopped);
  });

  test('stopped after the deadline without a tick: breached at the deadline, not met', () => {
    const clock = startClock(policy(), T0);
    const stopped = stopClock(clock, plus(T0, 150), cal);
    expect(stopped.breachedAt).toBe(iso(plus(T0, 120)));
    expect(viewClock(stopped, plus(T0, 150), cal)).toMatchObject({
      state: 'stopped',
      breached: true,
      met: false,
      elapsedMinutes: 150,
      remainingMinutes: -30,
    });
  });

  test('stopped after a ticked breach: breached, not met; exactly at the deadline is a breach', () => {
    const ticked = tick(startClock(policy(), T0), plus(T0, 125), cal, 60).clock;
    const stopped = stopClock(ticked, plus(T0, 130), cal);
    expect(stopped.breachedAt).toBe(iso(plus(T0, 120)));
    expect(stopped.escalationLevel).toBe(1);
    expect(viewClock(stopped, plus(T0, 130), cal)).toMatchObject({ breached: true, met: false });

    const atDeadline = stopClock(startClock(policy(), T0), plus(T0, 120), cal);
    expect(viewClock(atDeadline, plus(T0, 120), cal)).toMatchObject({ breached: true, met: false });
    const justBefore = stopClock(startClock(policy(), T0), new Date(plus(T0, 120).getTime() - 1000), cal);
    expect(viewClock(justBefore, plus(T0, 120), cal)).toMatchObject({ breached: false, met: true });
  });

  test('a paused clock can be stopped (resolved while waiting on the customer)', () => {
    const paused = pauseClock(startClock(policy(), T0), plus(T0, 40), cal);
    const stopped = stopClock(paused, plus(T0, 400), cal);
    expect(stopped).toMatchObject({ state: 'stopped', bankedMinutes: 40, stoppedAt: iso(plus(T0, 400)) });
    expect('pausedAt' in stopped).toBe(false);
    expect(viewClock(stopped, plus(T0, 400), cal)).toMatchObject({ met: true, elapsedMinutes: 40 });
  });
});

describe('stopClock records exactly what happened', () => {
  test('stopped before the warning: neither mark', () => {
    const stopped = stopClock(startClock(policy(), T0), plus(T0, 89), cal);
    expect('warnedAt' in stopped).toBe(false);
    expect('breachedAt' in stopped).toBe(false);
  });

  test('stopped exactly at a threshold: it was reached', () => {
    const atWarning = stopClock(startClock(policy(), T0), plus(T0, 90), cal);
    expect(atWarning.warnedAt).toBe(iso(plus(T0, 90)));
    expect('breachedAt' in atWarning).toBe(false);
    const atTarget = stopClock(startClock(policy(), T0), plus(T0, 120), cal);
    expect(atTarget.breachedAt).toBe(iso(plus(T0, 120)));
  });

  test('a clock without a separate warning never gets one, even when stopped late', () => {
    for (const warnAtPercent of [0, 100]) {
      const stopped = stopClock(startClock(policy({ warnAtPercent }), T0), plus(T0, 150), cal);
      expect('warnedAt' in stopped).toBe(false);
      expect(stopped.breachedAt).toBe(iso(plus(T0, 120)));
    }
  });

  test('marks already recorded are kept, not recomputed', () => {
    // Paused past both thresholds before any tick: the marks are the pause (late, not never).
    const paused = pauseClock(startClock(policy(), T0), plus(T0, 130), cal);
    const marked = tick(paused, plus(T0, 140), cal, 60).clock;
    expect(marked).toMatchObject({ warnedAt: iso(plus(T0, 130)), breachedAt: iso(plus(T0, 130)) });
    const resumed = resumeClock(marked, plus(T0, 200));
    // Already breached: due is when it breached, not the resume instant.
    expect(dueAt(resumed, plus(T0, 205), cal)).toBe(iso(plus(T0, 130)));
    expect(viewClock(resumed, plus(T0, 205), cal).dueAt).toBe(iso(plus(T0, 130)));
    const stopped = stopClock(resumed, plus(T0, 210), cal);
    expect(stopped).toMatchObject({ warnedAt: iso(plus(T0, 130)), breachedAt: iso(plus(T0, 130)) });
  });

  test('a stopped clock never ticks, even one breached without a tick', () => {
    const stopped = stopClock(startClock(policy(), T0), plus(T0, 150), cal);
    expect(stopped.escalationLevel).toBe(0);
    const result = tick(stopped, plus(T0, 500), cal, 60);
    expect(result.events).toEqual([]);
    expect(result.clock).toEqual(stopped);
    expect(result.clock).not.toBe(stopped);
  });
});

describe('tick', () => {
  const DIRECTOR_AFTER = 60;

  test('warn, then breach + escalate to management, then escalate to the director', () => {
    let clock = startClock(policy(), T0);
    const at = (minutes: number) => {
      const result = tick(clock, plus(T0, minutes), cal, DIRECTOR_AFTER);
      clock = result.clock;
      return result.events;
    };
    expect(at(0)).toEqual([]);
    expect(at(90)).toEqual([{ kind: 'warn', clockId: 'first-contact' }]);
    expect(at(119)).toEqual([]);
    expect(at(120)).toEqual([
      { kind: 'breach', clockId: 'first-contact' },
      { kind: 'escalate', clockId: 'first-contact', level: 1 },
    ]);
    expect(clock.escalationLevel).toBe(1);
    expect(at(179)).toEqual([]);
    expect(at(180)).toEqual([{ kind: 'escalate', clockId: 'first-contact', level: 2 }]);
    expect(clock).toMatchObject({
      warnedAt: iso(plus(T0, 90)),
      breachedAt: iso(plus(T0, 120)),
      escalationLevel: 2,
    });
    expect(at(10_000)).toEqual([]);
  });

  test('is idempotent: a second tick at the same instant produces nothing', () => {
    const clock = startClock(policy(), T0);
    for (const minutes of [90, 120, 180, 400]) {
      const first = tick(clock, plus(T0, minutes), cal, DIRECTOR_AFTER);
      expect(first.events.length).toBeGreaterThan(0);
      const second = tick(first.clock, plus(T0, minutes), cal, DIRECTOR_AFTER);
      expect(second.events).toEqual([]);
      expect(second.clock).toEqual(first.clock);
    }
  });

  test('missed ticks catch up in order and record the true crossing instants', () => {
    const { clock, events } = tick(startClock(policy(), T0), plus(T0, 500), cal, DIRECTOR_AFTER);
    expect(events).toEqual([
      { kind: 'warn', clockId: 'first-contact' },
      { kind: 'breach', clockId: 'first-contact' },
      { kind: 'escalate', clockId: 'first-contact', level: 1 },
      { kind: 'escalate', clockId: 'first-contact', level: 2 },
    ]);
    expect(clock.warnedAt).toBe(iso(plus(T0, 90)));
    expect(clock.breachedAt).toBe(iso(plus(T0, 120)));
  });

  test('the director escalation waits while the clock is paused', () => {
    let clock = tick(startClock(policy(), T0), plus(T0, 130), cal, DIRECTOR_AFTER).clock; // breached
    clock = pauseClock(clock, plus(T0, 140), cal); // 140 elapsed, director at 180
    expect(tick(clock, plus(T0, 1000), cal, DIRECTOR_AFTER).events).toEqual([]);
    expect(nextWake(clock, plus(T0, 1000), cal, DIRECTOR_AFTER)).toBeNull();
    clock = resumeClock(clock, plus(T0, 1000));
    expect(nextWake(clock, plus(T0, 1000), cal, DIRECTOR_AFTER)).toBe(iso(plus(T0, 1040)));
    expect(tick(clock, plus(T0, 1040), cal, DIRECTOR_AFTER).events).toEqual([
      { kind: 'escalate', clockId: 'first-contact', level: 2 },
    ]);
  });

  test('a business clock counts the director delay in business minutes', () => {
    // Friday 17:30, 120 business minutes: warn Sat 10:30, breach Sat 11:00, director 60 business
    // minutes later = Sat 12:00; with 420: Sat 11:00-17:00 is 360, Sunday closed, the last 60 from
    // Monday 09:30 -> Monday 10:30.
    const clock = startClock(policy({ mode: 'business' }), tokyo('2026-03-06T17:30:00'));
    const { clock: breached } = tick(clock, tokyo('2026-03-07T11:00:00'), cal, 420);
    expect(breached.escalationLevel).toBe(1);
    expect(nextWake(breached, tokyo('2026-03-07T11:00:00'), cal, 420)).toBe(
      iso(tokyo('2026-03-09T10:30:00')),
    );
    expect(tick(breached, tokyo('2026-03-08T23:59:00'), cal, 420).events).toEqual([]);
  });

  test('a clock paused past a threshold before any tick still reports it, late rather than never', () => {
    const paused = pauseClock(startClock(policy(), T0), plus(T0, 130), cal);
    const { clock, events } = tick(paused, plus(T0, 140), cal, DIRECTOR_AFTER);
    expect(events.map((e) => e.kind)).toEqual(['warn', 'breach', 'escalate']);
    // The closed segment's start is gone: marked no later than the pause.
    expect(clock.breachedAt).toBe(iso(plus(T0, 130)));
    expect(tick(clock, plus(T0, 150), cal, DIRECTOR_AFTER).events).toEqual([]);
  });

  test('a clock paused exactly at a threshold has reached it', () => {
    const atWarning = pauseClock(startClock(policy(), T0), plus(T0, 90), cal);
    const warned = tick(atWarning, plus(T0, 100), cal, DIRECTOR_AFTER);
    expect(warned.events).toEqual([{ kind: 'warn', clockId: 'first-contact' }]);
    expect(warned.clock.warnedAt).toBe(iso(plus(T0, 90)));
    const atTarget = pauseClock(warned.clock, plus(T0, 100), cal);
    expect(atTarget.bankedMinutes).toBe(90);
    const resumed = resumeClock(atTarget, plus(T0, 110));
    const paused120 = pauseClock(resumed, plus(T0, 140), cal);
    expect(paused120.bankedMinutes).toBe(120);
    const breached = tick(paused120, plus(T0, 150), cal, DIRECTOR_AFTER);
    expect(breached.events.map((e) => e.kind)).toEqual(['breach', 'escalate']);
    expect(breached.clock.breachedAt).toBe(iso(plus(T0, 140)));
  });

  test('a threshold passed in a closed segment is marked at the resume once running again', () => {
    // Paused at 130 without a tick, resumed at 200: the engine can vouch for 200, not before.
    const resumed = resumeClock(pauseClock(startClock(policy(), T0), plus(T0, 130), cal), plus(T0, 200));
    const { clock, events } = tick(resumed, plus(T0, 210), cal, DIRECTOR_AFTER);
    expect(events.map((e) => e.kind)).toEqual(['warn', 'breach', 'escalate']);
    expect(clock).toMatchObject({ warnedAt: iso(plus(T0, 200)), breachedAt: iso(plus(T0, 200)) });
    // The director escalation still counts from the target: 130 + 50 running minutes.
    expect(nextWake(clock, plus(T0, 210), cal, DIRECTOR_AFTER)).toBe(iso(plus(T0, 250)));
  });

  test('a business clock paused exactly at its target and resumed while closed breached at the resume', () => {
    // Friday 17:30 + 120 business minutes = Saturday 11:00 (see the business clock tests).
    const clock = startClock(policy({ mode: 'business' }), tokyo('2026-03-06T17:30:00'));
    const paused = pauseClock(clock, tokyo('2026-03-07T11:00:00'), cal);
    expect(paused.bankedMinutes).toBe(120);
    const resumed = resumeClock(paused, tokyo('2026-03-07T18:00:00')); // Saturday, closed
    const { clock: ticked, events } = tick(resumed, tokyo('2026-03-08T12:00:00'), cal, DIRECTOR_AFTER);
    expect(events.map((e) => e.kind)).toEqual(['warn', 'breach', 'escalate']);
    expect(ticked.breachedAt).toBe(iso(tokyo('2026-03-07T18:00:00')));
  });

  test('warnAtPercent 0 or 100 means no separate warning', () => {
    for (const warnAtPercent of [0, 100]) {
      const clock = startClock(policy({ warnAtPercent }), T0);
      expect(warnAt(clock, T0, cal)).toBeNull();
      expect(nextWake(clock, T0, cal, 60)).toBe(iso(plus(T0, 120)));
      expect(tick(clock, plus(T0, 120), cal, 60).events.map((e) => e.kind)).toEqual(['breach', 'escalate']);
    }
  });
});

describe('nextWake', () => {
  test('the wake sequence matches the tick events (calendar)', () => {
    const { wakes, clock } = runWakes(startClock(policy(), T0), T0, 60);
    expect(wakes).toEqual([
      { at: iso(plus(T0, 90)), events: [{ kind: 'warn', clockId: 'first-contact' }] },
      {
        at: iso(plus(T0, 120)),
        events: [
          { kind: 'breach', clockId: 'first-contact' },
          { kind: 'escalate', clockId: 'first-contact', level: 1 },
        ],
      },
      { at: iso(plus(T0, 180)), events: [{ kind: 'escalate', clockId: 'first-contact', level: 2 }] },
    ]);
    expect(clock.escalationLevel).toBe(2);
    expect(nextWake(clock, plus(T0, 180), cal, 60)).toBeNull(); // fully escalated
  });

  test('the wake sequence matches the tick events (business, over a weekend)', () => {
    const start = tokyo('2026-03-07T16:00:00'); // Saturday
    const { wakes } = runWakes(startClock(policy({ mode: 'business' }), start), start, 60);
    // 90 minutes: 60 Saturday + 30 Monday; 120: Monday 10:30; director +60: Monday 11:30.
    expect(wakes.map((w) => w.at)).toEqual([
      iso(tokyo('2026-03-09T10:00:00')),
      iso(tokyo('2026-03-09T10:30:00')),
      iso(tokyo('2026-03-09T11:30:00')),
    ]);
    expect(wakes.map((w) => w.events.map((e) => e.level ?? e.kind))).toEqual([['warn'], ['breach', 1], [2]]);
  });

  test('every wake yields events and nothing happens between wakes', () => {
    let clock = startClock(policy(), T0);
    let now = T0;
    for (;;) {
      const wake = nextWake(clock, now, cal, 60);
      if (wake === null) break;
      const justBefore = new Date(Date.parse(wake) - 1);
      expect(tick(clock, justBefore, cal, 60).events).toEqual([]);
      now = new Date(wake);
      const result = tick(clock, now, cal, 60);
      expect(result.events.length).toBeGreaterThan(0);
      clock = result.clock;
    }
  });

  // Pausing at instants with seconds and milliseconds banks fractional minutes, whose floating-point
  // sums may fall a hair short of the threshold at the very instant it is due. The expected instants
  // are plain millisecond arithmetic: the threshold in ms minus the banked ms, after the resume.
  test.each([
    {
      mode: 'calendar' as const,
      targetMinutes: 17,
      warnAtPercent: 65,
      pausedMs: 140_345,
      resumedMs: 212_730,
    },
    { mode: 'business' as const, targetMinutes: 17, warnAtPercent: 45, pausedMs: 40_954, resumedMs: 140_539 },
    {
      mode: 'calendar' as const,
      targetMinutes: 169,
      warnAtPercent: 55,
      pausedMs: 1_773_889,
      resumedMs: 1_814_594,
    },
  ])(
    'a $mode clock paused at odd instants warns exactly at its wake ($targetMinutes min, $warnAtPercent%)',
    ({ mode, targetMinutes, warnAtPercent, pausedMs, resumedMs }) => {
      const start = T0; // Monday 10:00, inside business hours for the whole test
      const clock = startClock(policy({ mode, targetMinutes, warnAtPercent }), start);
      const resumedAt = new Date(start.getTime() + resumedMs);
      const resumed = resumeClock(pauseClock(clock, new Date(start.getTime() + pausedMs), cal), resumedAt);
      const warnMs = targetMinutes * warnAtPercent * 600; // the threshold in ms
      const expected = new Date(resumedAt.getTime() + warnMs - pausedMs);
      expect(nextWake(resumed, resumedAt, cal, 60)).toBe(iso(expected));
      expect(warnAt(resumed, resumedAt, cal)).toBe(iso(expected));
      expect(tick(resumed, new Date(expected.getTime() - 1), cal, 60).events).toEqual([]);
      const warned = tick(resumed, expected, cal, 60);
      expect(warned.events).toEqual([{ kind: 'warn', clockId: 'first-contact' }]);
      expect(warned.clock.warnedAt).toBe(iso(expected));
      expect(viewClock(warned.clock, expected, cal).warned).toBe(true);
    },
  );

  test('an overdue event is due now, never in the past', () => {
    const clock = startClock(policy(), T0);
    expect(nextWake(clock, plus(T0, 300), cal, 60)).toBe(iso(plus(T0, 300)));
  });

  test('a paused clock has no wake; resuming brings it back, shifted by the pause', () => {
    const paused = pauseClock(startClock(policy(), T0), plus(T0, 30), cal);
    expect(nextWake(paused, plus(T0, 30), cal, 60)).toBeNull();
    expect(nextWake(paused, plus(T0, 500), cal, 60)).toBeNull();
    const resumed = resumeClock(paused, plus(T0, 100));
    expect(nextWake(resumed, plus(T0, 100), cal, 60)).toBe(iso(plus(T0, 160))); // warn: 60 more
  });
});

describe('viewClock', () => {
  test('a running clock: elapsed rounded down, remaining rounded up, due time', () => {
    const clock = startClock(policy(), T0);
    const now = new Date(T0.getTime() + 29.75 * MIN);
    expect(viewClock(clock, now, cal)).toEqual({
      id: 'first-contact',
      name: 'First contact',
      state: 'running',
      mode: 'calendar',
      targetMinutes: 120,
      elapsedMinutes: 29,
      remainingMinutes: 91,
      dueAt: iso(plus(T0, 120)),
      warned: false,
      breached: false,
      met: false,
    });
  });

  test('warned and breached views, and remaining never reads -0', () => {
    const clock = startClock(policy(), T0);
    expect(viewClock(clock, plus(T0, 95), cal)).toMatchObject({ warned: true, breached: false });
    const overByAQuarter = viewClock(clock, new Date(T0.getTime() + 120.25 * MIN), cal);
    expect(overByAQuarter).toMatchObject({ breached: true, elapsedMinutes: 120 });
    expect(Object.is(overByAQuarter.remainingMinutes, 0)).toBe(true);
    expect(viewClock(clock, new Date(T0.getTime() + 121.75 * MIN), cal).remainingMinutes).toBe(-1);
  });

  test('exactly at a threshold, without a tick, the view shows it reached', () => {
    const clock = startClock(policy(), T0);
    expect(viewClock(clock, plus(T0, 90), cal)).toMatchObject({ warned: true, breached: false });
    expect(viewClock(clock, plus(T0, 120), cal)).toMatchObject({
      warned: true,
      breached: true,
      elapsedMinutes: 120,
      remainingMinutes: 0,
    });
  });

  test('a clock without a separate warning never shows one', () => {
    const clock = startClock(policy({ warnAtPercent: 0 }), T0);
    expect(viewClock(clock, plus(T0, 100), cal)).toMatchObject({ warned: false, breached: false });
    expect(viewClock(clock, plus(T0, 130), cal)).toMatchObject({ warned: false, breached: true });
  });

  test('a paused business clock', () => {
    const clock = startClock(
      policy({ mode: 'business', id: 'root-cause', name: 'Root cause' }),
      tokyo('2026-03-06T17:30:00'),
    );
    const paused = pauseClock(clock, tokyo('2026-03-07T10:15:00'), cal);
    expect(viewClock(paused, tokyo('2026-03-09T12:00:00'), cal)).toEqual({
      id: 'root-cause',
      name: 'Root cause',
      state: 'paused',
      mode: 'business',
      targetMinutes: 120,
      elapsedMinutes: 75,
      remainingMinutes: 45,
      dueAt: null,
      warned: false,
      breached: false,
      met: false,
    });
  });
});

describe('whatever the time zone of the machine', () => {
  // A business clock over a weekend in Tokyo gives the same instants on any server.
  const answers = () => {
    const start = tokyo('2026-03-07T16:00:00'); // Saturday
    const clock = startClock(policy({ mode: 'business' }), start);
    return {
      due: dueAt(clock, start, cal),
      warn: warnAt(clock, start, cal),
      wakes: runWakes(clock, start, 60).wakes.map((w) => w.at),
      elapsedMonday: elapsedMinutes(clock, tokyo('2026-03-09T10:00:00'), cal),
    };
  };
  const expected = {
    due: iso(tokyo('2026-03-09T10:30:00')),
    warn: iso(tokyo('2026-03-09T10:00:00')),
    wakes: [
      iso(tokyo('2026-03-09T10:00:00')),
      iso(tokyo('2026-03-09T10:30:00')),
      iso(tokyo('2026-03-09T11:30:00')),
    ],
    elapsedMonday: 90,
  };

  test.each(['UTC', ...MACHINE_TIME_ZONES])('the machine in %s gives the same answers', (machineZone) => {
    expect(withProcessTimeZone(machineZone, answers)).toEqual(expected);
  });
});
