import { DateTime, FixedOffsetZone } from 'luxon';
import type { Clinic, Weekday } from './clinic';
import { ianaZone, zoneOffset } from './zone-offsets';

// The clinic's calendar and clocks (DESIGN.md §4): business hours and holidays for staff SLA
// clocks, quiet hours for patient messaging. Pure and deterministic: every function takes the
// instant it reasons about and returns instants; local reasoning happens in the given IANA zone.
//
// A local "HH:MM" on a given day becomes an instant through atLocalTime, so DST has one rule
// everywhere: a time skipped by a spring-forward jump moves to the jump itself, a time repeated
// by a fall-back is its first occurrence. Windows are then real stretches of time, so durations
// count real minutes (the repeated hour of a fall-back night counts twice).

export interface BusinessCalendar {
  timeZone: string;
  businessHours: Clinic['businessHours'];
  holidays: string[];
}

/** "HH:MM" local times; start > end means the quiet hours cross midnight. */
export interface QuietHours {
  start: string;
  end: string;
}

/** Luxon numbers the weekdays 1 (Monday) to 7 (Sunday). */
const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** How far ahead to look for an opening before deciding the calendar has none. */
const MAX_SEARCH_DAYS = 400;

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** [start, end) in epoch milliseconds. */
interface Window {
  start: number;
  end: number;
}

export function calendarOf(
  clinic: Pick<Clinic, 'timeZone' | 'businessHours' | 'holidays'>,
): BusinessCalendar {
  ianaZone(clinic.timeZone); // a bad zone fails here, at start-up, not at the first SLA
  return { timeZone: clinic.timeZone, businessHours: clinic.businessHours, holidays: clinic.holidays };
}

export function isBusinessTime(cal: BusinessCalendar, at: Date): boolean {
  const t = at.getTime();
  return windowsOn(cal, calendarDay(cal.timeZone, at)).some((w) => w.start <= t && t < w.end);
}

/** `at` if it is in business hours, else the next opening instant. */
export function nextBusinessTime(cal: BusinessCalendar, at: Date): Date {
  const first = windowsAfter(cal, at).next().value;
  return new Date(Math.max(first.start, at.getTime()));
}

/**
 * The SLA deadline `minutes` business minutes after `start`; the clock starts at the next opening
 * when `start` is outside business hours. A deadline that uses up a window exactly is that
 * window's closing instant, not the next opening.
 */
export function addBusinessMinutes(cal: BusinessCalendar, start: Date, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`business minutes must be a finite number >= 0, got ${minutes}`);
  }
  let remaining = minutes * MINUTE_MS;
  const windows = windowsAfter(cal, start);
  for (;;) {
    const w = windows.next().value;
    const from = Math.max(w.start, start.getTime());
    if (remaining <= w.end - from) return new Date(from + remaining);
    remaining -= w.end - from;
  }
}

/** Business minutes elapsed in [from, to); fractional when the instants are not whole minutes. */
export function businessMinutesBetween(cal: BusinessCalendar, from: Date, to: Date): number {
  const [a, b] = [from.getTime(), to.getTime()];
  if (b <= a) return 0;
  const lastDay = localDate(cal.timeZone, to);
  let total = 0;
  for (let day = calendarDay(cal.timeZone, from); day.toISODate()! <= lastDay; day = day.plus({ days: 1 })) {
    for (const w of windowsOn(cal, day)) total += Math.max(0, Math.min(w.end, b) - Math.max(w.start, a));
  }
  return total / MINUTE_MS;
}

export function isQuietTime(quiet: QuietHours, timeZone: string, at: Date): boolean {
  return quietEndAt(quiet, timeZone, at) !== undefined;
}

/** `at` if it is not in quiet hours, else the instant the quiet hours end. */
export function endOfQuietTime(quiet: QuietHours, timeZone: string, at: Date): Date {
  return new Date(quietEndAt(quiet, timeZone, at) ?? at.getTime());
}

/** "YYYY-MM-DD" in the time zone. */
export function localDate(timeZone: string, at: Date): string {
  return new Date(wallClock(timeZone, instant(at))).toISOString().slice(0, 10);
}

/** "HH:MM" in the time zone. */
export function localTime(timeZone: string, at: Date): string {
  return new Date(wallClock(timeZone, instant(at))).toISOString().slice(11, 16);
}

/** The calendar date `days` days after (or before) a "YYYY-MM-DD" date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The instant a local date and time name. A time skipped by a DST jump moves forward to the
 * first valid instant (the jump); a time that occurs twice when clocks go back is the first one.
 */
export function atLocalTime(timeZone: string, date: string, time: string): Date {
  ianaZone(timeZone);
  // The wall-clock reading as if it were UTC, and the reading the zone shows at an instant.
  const wall = wallReading(date, time);
  const wallAt = (t: number) => wallClock(timeZone, t);
  // The offsets a day either side: the instant is `wall` minus one of them, unless it is skipped.
  const offsets = [zoneOffset(timeZone, wall - DAY_MS), zoneOffset(timeZone, wall + DAY_MS)];
  const matches = offsets.map((o) => wall - o * MINUTE_MS).filter((t) => wallAt(t) === wall);
  if (matches.length > 0) return new Date(Math.min(...matches));
  // Skipped: find the jump, the first instant whose wall clock reads `time` or later.
  let lo = wall - Math.max(...offsets) * MINUTE_MS; // reads earlier than `time`
  let hi = wall - Math.min(...offsets) * MINUTE_MS; // reads later than `time`
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallAt(mid) >= wall) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/** Calendar days from the surgery's local date to the local date of `at`: surgery day = 0. */
export function postOpDay(surgeryAt: Date, at: Date, timeZone: string): number {
  return calendarDay(timeZone, at).diff(calendarDay(timeZone, surgeryAt), 'days').days;
}

/** Epoch ms of a valid Date; an invalid one is an error, not a NaN that spreads. */
function instant(at: Date): number {
  const t = at.getTime();
  if (Number.isNaN(t)) throw new Error('invalid Date');
  return t;
}

/** The zone's wall-clock reading at `t`, as epoch ms read as UTC. */
function wallClock(timeZone: string, t: number): number {
  return t + zoneOffset(timeZone, t) * MINUTE_MS;
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "YYYY-MM-DD" and "HH:MM" as a wall-clock reading (epoch ms read as UTC); an error if either is not one. */
function wallReading(date: string, time: string): number {
  const d = LOCAL_DATE.exec(date);
  const t = LOCAL_TIME.exec(time);
  if (d && t) {
    const [year, month, day] = [Number(d[1]), Number(d[2]) - 1, Number(d[3])];
    const wall = new Date(0);
    wall.setUTCFullYear(year, month, day); // (Date.UTC would read years 0-99 as 1900-1999)
    wall.setUTCHours(Number(t[1]), Number(t[2]));
    // 2026-02-30 rolls over to March: not a date.
    if (wall.getUTCFullYear() === year && wall.getUTCMonth() === month && wall.getUTCDate() === day)
      return wall.getTime();
  }
  throw new Error(`invalid local date "${date}" or time "${time}" (expected "YYYY-MM-DD" and "HH:MM")`);
}

/**
 * The local date of `at` as a UTC midnight: plain calendar arithmetic (next day, weekday,
 * days between) with no DST in the way.
 */
function calendarDay(timeZone: string, at: Date): DateTime {
  const wall = wallClock(timeZone, instant(at));
  return DateTime.fromMillis(wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS), {
    zone: FixedOffsetZone.utcInstance,
  });
}

/** One local day's business windows as instants, in order, overlapping windows merged. */
function windowsOn(cal: BusinessCalendar, day: DateTime): Window[] {
  const date = day.toISODate()!;
  if (cal.holidays.includes(date)) return [];
  const windows = cal.businessHours[WEEKDAYS[day.weekday - 1]!]
    .map(({ open, close }) => ({
      start: atLocalTime(cal.timeZone, date, open).getTime(),
      end: atLocalTime(cal.timeZone, date, close).getTime(),
    }))
    .filter((w) => w.end > w.start) // a window entirely inside a DST jump lasts no time
    .sort((x, y) => x.start - y.start);
  const merged: Window[] = [];
  for (const w of windows) {
    const last = merged[merged.length - 1];
    if (last && w.start <= last.end) last.end = Math.max(last.end, w.end);
    else merged.push(w);
  }
  return merged;
}

/**
 * The business windows that end after `from`, in order, from the local day of `from` on. Windows
 * never cross midnight, so no earlier day can hold one. Throws after MAX_SEARCH_DAYS days in a
 * row without an opening, which is what a calendar with no business hours at all looks like.
 */
function* windowsAfter(cal: BusinessCalendar, from: Date): Generator<Window, never> {
  let day = calendarDay(cal.timeZone, from);
  for (let closedDays = 0; closedDays <= MAX_SEARCH_DAYS; day = day.plus({ days: 1 })) {
    const windows = windowsOn(cal, day).filter((w) => w.end > from.getTime());
    closedDays = windows.length > 0 ? 0 : closedDays + 1;
    yield* windows;
  }
  throw new Error(
    `no business hours within ${MAX_SEARCH_DAYS} days after ${from.toISOString()} in ${cal.timeZone}: ` +
      'check its businessHours and holidays',
  );
}

/**
 * The end of the quiet stretch that contains `at`, if any. The stretch starts on the local day of
 * `at` or, when quiet hours cross midnight, possibly on the day before.
 */
function quietEndAt(quiet: QuietHours, timeZone: string, at: Date): number | undefined {
  const crossesMidnight = quiet.start > quiet.end; // "HH:MM" strings order like times
  const today = localDate(timeZone, at);
  for (const day of crossesMidnight ? [addDays(today, -1), today] : [today]) {
    const endDay = crossesMidnight ? addDays(day, 1) : day;
    const start = atLocalTime(timeZone, day, quiet.start).getTime();
    const end = atLocalTime(timeZone, endDay, quiet.end).getTime();
    if (start <= at.getTime() && at.getTime() < end) return end;
  }
  return undefined;
}
