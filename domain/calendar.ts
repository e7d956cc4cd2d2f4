import { DateTime, IANAZone } from 'luxon';
import type { Clinic, Weekday } from './clinic';

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
  zoneOf(clinic.timeZone); // a bad zone fails here, at start-up, not at the first SLA
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
  return local(timeZone, at).toISODate()!;
}

/** "HH:MM" in the time zone. */
export function localTime(timeZone: string, at: Date): string {
  return local(timeZone, at).toFormat('HH:mm');
}

/**
 * The instant a local date and time name. A time skipped by a DST jump moves forward to the
 * first valid instant (the jump); a time that occurs twice when clocks go back is the first one.
 */
export function atLocalTime(timeZone: string, date: string, time: string): Date {
  const zone = zoneOf(timeZone);
  const parsed = DateTime.fromISO(`${date}T${time}`, { zone: 'utc' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time) || !parsed.isValid) {
    throw new Error(`invalid local date "${date}" or time "${time}" (expected "YYYY-MM-DD" and "HH:MM")`);
  }
  // The wall-clock reading as if it were UTC, and the reading the zone shows at an instant.
  const wall = parsed.toMillis();
  const wallAt = (t: number) => t + zone.offset(t) * MINUTE_MS;
  // The offsets a day either side: the instant is `wall` minus one of them, unless it is skipped.
  const offsets = [zone.offset(wall - DAY_MS), zone.offset(wall + DAY_MS)];
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

function zoneOf(timeZone: string): IANAZone {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) throw new Error(`unknown IANA time zone "${timeZone}"`);
  return zone;
}

function local(timeZone: string, at: Date): DateTime {
  if (Number.isNaN(at.getTime())) throw new Error('invalid Date');
  return DateTime.fromJSDate(at, { zone: zoneOf(timeZone) });
}

/**
 * The local date of `at` as a UTC midnight: plain calendar arithmetic (next day, weekday,
 * days between) with no DST in the way.
 */
function calendarDay(timeZone: string, at: Date): DateTime {
  return DateTime.fromISO(localDate(timeZone, at), { zone: 'utc' });
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
  const today = calendarDay(timeZone, at);
  for (const day of crossesMidnight ? [today.minus({ days: 1 }), today] : [today]) {
    const endDay = crossesMidnight ? day.plus({ days: 1 }) : day;
    const start = atLocalTime(timeZone, day.toISODate()!, quiet.start).getTime();
    const end = atLocalTime(timeZone, endDay.toISODate()!, quiet.end).getTime();
    if (start <= at.getTime() && at.getTime() < end) return end;
  }
  return undefined;
}
