import type { QuietHours } from './calendar';
import { addDays, atLocalTime, isQuietTime } from './calendar';
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

// Every dose is reminded at its time, whatever happened to the one before; each reminded dose
// stays open for a reply for DOSE_REPLY_WINDOW_MS, and one that closes unanswered counts as
// unconfirmed (missed).

/** How long after its reminder a reply still counts for a dose. */
export const DOSE_REPLY_WINDOW_MS = 3 * 60 * 60_000;

export type DoseOutcome = 'taken' | 'missed';

/** A reminded dose waiting for its reply; `seq` is its place among the reminded doses. */
export interface OpenDose {
  seq: number;
  key: string;
  remindedAt: number;
}

/**
 * The dose a TAKEN or MISSED reply answers: the most recently reminded open dose whose reply
 * window has not ended at `at` (a patient answers the reminder she has just read). None: the
 * reply answers no dose.
 */
export function doseForReply(open: readonly OpenDose[], at: number): OpenDose | undefined {
  return open
    .filter((d) => d.remindedAt <= at && at < d.remindedAt + DOSE_REPLY_WINDOW_MS)
    .reduce<OpenDose | undefined>((latest, d) => (!latest || d.seq > latest.seq ? d : latest), undefined);
}

/**
 * After the dose at `seq` closed as missed: true when it makes a run of `threshold` consecutive
 * missed doses (in reminder order) for the first time, so one run raises one alert even when
 * its doses close out of order (a later dose answered before an earlier one's window ends).
 */
export function completesMissedRun(
  outcomes: readonly (DoseOutcome | undefined)[],
  seq: number,
  threshold: number,
): boolean {
  if (outcomes[seq] !== 'missed') return false;
  let before = 0;
  while (outcomes[seq - 1 - before] === 'missed') before++;
  let after = 0;
  while (outcomes[seq + 1 + after] === 'missed') after++;
  return before + 1 + after >= threshold && before < threshold && after < threshold;
}
