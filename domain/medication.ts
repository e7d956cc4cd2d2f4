import type { QuietHours } from './calendar';
import { atLocalTime, isQuietTime } from './calendar';
import type { Prescription } from './journey';

// When each dose is due and when its reminder goes out. A dose that falls in the patient's
// quiet hours is reminded just before quiet hours begin ("take it at 23:00 tonight"), so the
// reminder is useful and nothing reaches the patient at night.

export interface Dose {
  key: string; // "YYYY-MM-DD HH:MM" local: stable across runs, used in idempotency keys
  doseAt: string;
  remindAt: string;
}

const REMIND_BEFORE_QUIET_MS = 15 * 60_000;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The start of the quiet stretch that contains `at` (quiet hours may cross midnight). */
function quietStartBefore(quiet: QuietHours, timeZone: string, date: string, at: Date): Date {
  const sameDay = atLocalTime(timeZone, date, quiet.start);
  return sameDay.getTime() <= at.getTime() ? sameDay : atLocalTime(timeZone, addDays(date, -1), quiet.start);
}

export function doseSchedule(
  prescription: Pick<Prescription, 'times' | 'days'>,
  startDate: string,
  timeZone: string,
  quiet: QuietHours,
): Dose[] {
  const doses: Dose[] = [];
  for (let day = 0; day < prescription.days; day++) {
    const date = addDays(startDate, day);
    for (const time of [...prescription.times].sort()) {
      const doseAt = atLocalTime(timeZone, date, time);
      const remindAt = isQuietTime(quiet, timeZone, doseAt)
        ? new Date(quietStartBefore(quiet, timeZone, date, doseAt).getTime() - REMIND_BEFORE_QUIET_MS)
        : doseAt;
      doses.push({ key: `${date} ${time}`, doseAt: doseAt.toISOString(), remindAt: remindAt.toISOString() });
    }
  }
  return doses;
}
