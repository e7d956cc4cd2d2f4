import type { QuietHours } from './calendar';
import { endOfQuietTime, postOpDay } from './calendar';
import type { Protocol } from './protocol';

// The planned timeline of a protocol for one surgery: every check-in, the closing survey and the
// end of follow-up, as instants. Offsets are exact hours after the surgery instant (so a DST
// change moves the local clock reading, not the elapsed time). What reaches the patient by SMS
// and would land in the patient's quiet hours is deferred to the end of the quiet hours; nurse
// calls are placed by staff on their own schedule and are not deferred here. Pure and
// deterministic: the same inputs always give the same plan.

export type PlannedActionKind = 'check-in' | 'survey' | 'follow-up-end';

export interface PlannedAction {
  kind: PlannedActionKind;
  /** The check-in id; "survey" or "follow-up-end" for the other kinds. */
  id: string;
  channel: 'sms' | 'nurse-call' | 'none';
  /** When the action is due (ISO 8601, UTC), after any quiet-hour deferral. */
  dueAt: string;
  /** When the protocol puts it, before quiet-hour deferral. */
  plannedAt: string;
  deferredForQuietHours: boolean;
  /** Post-operative day of dueAt in the patient's time zone (surgery day = 0). */
  postOpDay: number;
}

export interface SchedulePlanInput {
  surgeryAt: Date;
  /** The patient's IANA time zone. */
  timeZone: string;
  /** The patient's quiet hours, local "HH:MM". */
  quietHours: QuietHours;
}

const HOUR_MS = 60 * 60 * 1000;
const KIND_ORDER: readonly PlannedActionKind[] = ['check-in', 'survey', 'follow-up-end'];

export function planSchedule(protocol: Protocol, input: SchedulePlanInput): PlannedAction[] {
  const { surgeryAt, timeZone, quietHours } = input;
  const surgery = surgeryAt.getTime();
  if (Number.isNaN(surgery)) throw new RangeError('surgeryAt is not a valid Date');

  const plan = (
    kind: PlannedActionKind,
    id: string,
    channel: PlannedAction['channel'],
    offsetHours: number,
  ): PlannedAction => {
    const planned = new Date(surgery + offsetHours * HOUR_MS);
    const due = channel === 'sms' ? endOfQuietTime(quietHours, timeZone, planned) : planned;
    return {
      kind,
      id,
      channel,
      dueAt: due.toISOString(),
      plannedAt: planned.toISOString(),
      deferredForQuietHours: due.getTime() !== planned.getTime(),
      postOpDay: postOpDay(surgeryAt, due, timeZone),
    };
  };

  const actions = [
    ...protocol.checkIns.map((c) => plan('check-in', c.id, c.channel, c.offsetHours)),
    plan('survey', 'survey', 'sms', protocol.survey.offsetDays * 24),
    plan('follow-up-end', 'follow-up-end', 'none', protocol.followUpDays * 24),
  ];
  // ISO strings in UTC with millisecond precision sort like the instants they name.
  return actions.sort(
    (a, b) =>
      compare(a.dueAt, b.dueAt) ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      compare(a.id, b.id),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
