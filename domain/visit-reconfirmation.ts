import type { QuietHours } from './calendar';
import { addDays, atLocalTime, endOfQuietTime, localDate } from './calendar';

// When a return visit's re-confirmation goes ([004] 回診通知 SOP: "re-confirm 1–2 days before").
// Not at the minute of the visit a day earlier (a 09:00 visit would be re-confirmed at 09:00, an
// 07:30 one in quiet hours): at a fixed late-morning hour in the patient's zone, when people read
// their messages and the front desk is in to take a CHANGE.

/** Local time of day the re-confirmation goes out. */
export const RECONFIRM_LOCAL_TIME = '10:00';

/**
 * The re-confirmation time of a visit at `visitAt`: RECONFIRM_LOCAL_TIME on the patient's local
 * calendar day `reconfirmDaysBefore` days (the protocol's 1 or 2) before the visit's local date,
 * moved to the end of quiet hours should they cover it. A visit booked later than that (`now` is
 * already past it, `late`) is re-confirmed at once; it is not urgent, so at night it waits for
 * the end of quiet hours.
 */
export function reconfirmationTime(
  visitAt: Date,
  reconfirmDaysBefore: number,
  timeZone: string,
  quiet: QuietHours,
  now: Date,
): { at: Date; late: boolean } {
  const day = addDays(localDate(timeZone, visitAt), -reconfirmDaysBefore);
  const planned = endOfQuietTime(quiet, timeZone, atLocalTime(timeZone, day, RECONFIRM_LOCAL_TIME));
  return planned.getTime() > now.getTime()
    ? { at: planned, late: false }
    : { at: endOfQuietTime(quiet, timeZone, now), late: true };
}
