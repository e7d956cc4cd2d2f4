import type { QuietHours } from './calendar';
import { endOfQuietTime } from './calendar';
import type { JourneyState } from './journey';

// What a running journey waits for next: the earliest of its scheduled check-ins (an SMS one when
// the patient's quiet hours allow), the end of a check-in's reply window, the closing survey,
// an SMS held back by quiet hours, and the end of follow-up. Pure: the workflow sleeps until it.

const HOUR_MS = 60 * 60 * 1000;

export interface DueItem {
  /** In staff's words, for the timeline and the Web UI's "waiting for". */
  what: string;
  /** Epoch milliseconds. */
  at: number;
}

export interface NextDueContext {
  quietHours: QuietHours;
  /** The patient's IANA time zone. */
  timeZone: string;
  surveyDueAt: Date;
  /** SMS held back (quiet hours), each with when it may go. */
  heldSms: ReadonlyArray<{ summary: string; notBefore: string }>;
}

type Schedule = Pick<JourneyState, 'stage' | 'checkIns' | 'optedOut' | 'survey' | 'followUpEndsAt'>;

/** The earliest scheduled thing after `after` (what is due at or before it is already under way). */
export function nextDue(journey: Schedule, context: NextDueContext, after = -Infinity): DueItem | null {
  const candidates: DueItem[] = [];
  if (journey.stage !== 'paused') {
    for (const c of journey.checkIns) {
      if (c.status === 'scheduled') {
        const bySms = c.channel === 'sms' && !journey.optedOut;
        const at = bySms
          ? endOfQuietTime(context.quietHours, context.timeZone, new Date(c.dueAt))
          : new Date(c.dueAt);
        candidates.push({ what: `check-in ${c.id} (${c.channel})`, at: at.getTime() });
      } else if (c.channel === 'sms' && (c.status === 'sent' || c.status === 'reminded') && c.sentAt) {
        candidates.push({
          what: `reply window of check-in ${c.id} ends`,
          at: Date.parse(c.sentAt) + c.replyWindowHours * HOUR_MS,
        });
      }
    }
    if (!journey.survey) candidates.push({ what: 'closing survey', at: context.surveyDueAt.getTime() });
  }
  for (const sms of context.heldSms) candidates.push({ what: sms.summary, at: Date.parse(sms.notBefore) });
  candidates.push({ what: 'end of follow-up', at: Date.parse(journey.followUpEndsAt) });
  candidates.sort((a, b) => a.at - b.at);
  return candidates.find((c) => c.at > after) ?? null;
}
