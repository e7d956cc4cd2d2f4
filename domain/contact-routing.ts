// Which running case an inbound SMS belongs to, when the sender's number matches several of the
// clinic's cases (found by their pseudonymous ContactKey, never by the number itself). Pure: the
// API looks the cases up and asks this.

export interface RunningCase {
  caseId: string;
  kind: 'journey' | 'complaint';
  /** A complaint's stage (ComplaintStage search attribute), if known yet. */
  complaintStage?: string;
  /** ISO instant the case's current run started. */
  startedAt: string;
}

/** Complaint stages in which the case is waiting for the customer's answer (YES/NO). */
export const COMPLAINT_WAITING_STAGES = ['awaiting-customer', 'follow-up'];

const newestFirst = (a: RunningCase, b: RunningCase) => Date.parse(b.startedAt) - Date.parse(a.startedAt);

/**
 * A complaint waiting on the customer gets the message (it asked a question); else the newest
 * running journey (the patient's recovery); else the newest running complaint; else none.
 */
export function caseForInboundSms(cases: readonly RunningCase[]): RunningCase | undefined {
  const sorted = [...cases].sort(newestFirst);
  return (
    sorted.find((c) => c.kind === 'complaint' && COMPLAINT_WAITING_STAGES.includes(c.complaintStage ?? '')) ??
    sorted.find((c) => c.kind === 'journey') ??
    sorted.find((c) => c.kind === 'complaint')
  );
}
