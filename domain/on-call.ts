import { DateTime } from 'luxon';
import type { Clinic, StaffRole, Weekday } from './clinic';

type RosterEntry = Clinic['onCallRoster'][number];

const WEEKDAY_BY_LUXON: Record<number, Weekday> = {
  1: 'mon',
  2: 'tue',
  3: 'wed',
  4: 'thu',
  5: 'fri',
  6: 'sat',
  7: 'sun',
};

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/**
 * The roster entries of `role` whose shift covers `at` in the clinic's time zone. A shift that
 * ends at or before its start crosses midnight and belongs to the day it starts on, so a
 * Friday 18:00-09:00 shift covers Saturday 03:00.
 */
export function onCallAt(roster: RosterEntry[], role: StaffRole, at: Date, timeZone: string): RosterEntry[] {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  const today = WEEKDAY_BY_LUXON[local.weekday]!;
  const yesterday = WEEKDAY_BY_LUXON[local.minus({ days: 1 }).weekday]!;
  const now = local.hour * 60 + local.minute;
  return roster.filter(
    (entry) =>
      entry.role === role &&
      entry.shifts.some((shift) => {
        const start = minutesOf(shift.start);
        const end = minutesOf(shift.end);
        if (start < end) return shift.days.includes(today) && now >= start && now < end;
        return (shift.days.includes(today) && now >= start) || (shift.days.includes(yesterday) && now < end);
      }),
  );
}
