import type { CheckInState } from './journey';

// A journey may be registered after the surgery (the clinic system catches up a day or three
// late). What the patient is then asked must still make sense: a check-in whose moment has
// passed is not sent on a later day ("how was the night of the surgery?" on day 3).

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** How far ahead of the surgery a journey may be started: the day's list registered that morning. */
export const MAX_REGISTRATION_AHEAD_MS = DAY_MS;

/**
 * When a check-in's window has passed for a journey started at `startedAt`:
 *  - its reply window has ended: dueAt + replyWindowHours is at or before the start; or
 *  - a later check-in is already due at the start (dueAt at or before it): only the most recent
 *    due check-in is sent, not a burst of stale ones.
 * Such a check-in is `skipped-late`: never sent, no reminder, no nurse call; the next one runs.
 */
export function windowPassed(checkIn: CheckInState, all: readonly CheckInState[], startedAt: Date): boolean {
  const start = startedAt.getTime();
  const due = Date.parse(checkIn.dueAt);
  if (due + checkIn.replyWindowHours * HOUR_MS <= start) return true;
  return all.some((other) => Date.parse(other.dueAt) > due && Date.parse(other.dueAt) <= start);
}

/**
 * Why a surgery time cannot start a journey, naming the field: more than a day in the future is
 * a bad request (400); a follow-up that ended before now leaves nothing to do (422).
 */
export function surgeryTimingProblem(
  performedAt: string,
  followUpDays: number,
  now: Date,
): { status: 400 | 422; field: 'surgery.performedAt'; message: string } | undefined {
  const at = Date.parse(performedAt);
  if (at > now.getTime() + MAX_REGISTRATION_AHEAD_MS)
    return {
      status: 400,
      field: 'surgery.performedAt',
      message: 'is more than 24 hours in the future; register the journey on the day of the surgery',
    };
  if (at + followUpDays * DAY_MS <= now.getTime())
    return {
      status: 422,
      field: 'surgery.performedAt',
      message: `the protocol's ${followUpDays}-day follow-up after this surgery has already ended: nothing left to do`,
    };
  return undefined;
}
