import { caseOfIncident, parseJourneyId } from './case-ids';

// A provider's delivery receipt (Twilio's StatusCallback) and what it means for care. Only the
// endings that need someone to act count: an SMS the patient never got, a call nobody answered.
// The rest (queued, sent, delivered, ringing, completed) is only logged.

/** What a case learns from a receipt: which of its messages (by idempotency key) did not arrive. */
export interface DeliveryReceipt {
  /** The provider's id of the message or call (SM…/CA…): receipts are deduplicated by it. */
  providerId: string;
  channel: 'sms' | 'call';
  /** The provider's final status: undelivered, failed, busy, no-answer, canceled. */
  status: string;
  /** The provider's error code, e.g. 30003 (unreachable handset). */
  errorCode?: string;
  /** The idempotency key the message or call was sent with: the case finds its step by it. */
  key: string;
}

/** Who the message or call was for: the adapters put it in the callback URL. */
export type Recipient = 'patient' | 'staff';

export const SMS_NOT_DELIVERED = ['undelivered', 'failed'] as const;
export const CALL_NOT_ANSWERED = ['busy', 'no-answer', 'failed', 'canceled'] as const;

export interface ReceiptFields {
  sid: string;
  messageStatus?: string;
  callStatus?: string;
  errorCode?: string;
  /** From the callback URL, which the provider signs with the rest. */
  caseId?: string;
  key?: string;
  recipient?: Recipient;
  incidentId?: string;
}

export type ReceiptAction =
  /** The patient did not get a journey's SMS or call: the journey falls back. */
  | { to: 'journey'; workflowId: string; receipt: DeliveryReceipt }
  /** A page call nobody answered: its escalation moves on without waiting out the timeout. */
  | { to: 'escalation'; workflowId: string; callSid: string; status: string };

/** What a receipt asks of a case, if anything. */
export function receiptAction(r: ReceiptFields): ReceiptAction | undefined {
  if (r.callStatus !== undefined) {
    if (!(CALL_NOT_ANSWERED as readonly string[]).includes(r.callStatus)) return undefined;
    if (r.recipient === 'staff' && r.incidentId && caseOfIncident(r.incidentId))
      return { to: 'escalation', workflowId: r.incidentId, callSid: r.sid, status: r.callStatus };
    return toJourney(r, 'call', r.callStatus);
  }
  if (r.messageStatus !== undefined && (SMS_NOT_DELIVERED as readonly string[]).includes(r.messageStatus))
    return toJourney(r, 'sms', r.messageStatus);
  return undefined;
}

function toJourney(r: ReceiptFields, channel: 'sms' | 'call', status: string): ReceiptAction | undefined {
  // A staff page SMS that did not arrive changes nothing: the call and the timeout go on.
  if (r.recipient !== 'patient' || !r.caseId || !r.key || !parseJourneyId(r.caseId)) return undefined;
  return {
    to: 'journey',
    workflowId: r.caseId,
    receipt: {
      providerId: r.sid,
      channel,
      status,
      ...(r.errorCode ? { errorCode: r.errorCode } : {}),
      key: r.key,
    },
  };
}
