import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ReplyIntent } from '../domain/reply-parser';

// Signals the journey forwards to its children.

export const acknowledgeSignal =
  defineSignal<[{ staffId: string; via: 'keypad' | 'sms' | 'api' }]>('acknowledge');
export const resolveSignal = defineSignal<[{ staffId: string; note?: string }]>('resolve');
/** The provider's receipt of a page call nobody answered (busy, no answer, failed), by call id. */
export const pageCallUnansweredSignal =
  defineSignal<[{ callSid: string; status: string }]>('pageCallUnanswered');

export const transferDecisionSignal =
  defineSignal<[{ staffId: string; decision: 'cancel' | 'proceed'; reason?: string }]>('transferDecision');
export const hospitalResponseSignal =
  defineSignal<[{ hospitalId: string; accepted: boolean; note?: string }]>('hospitalResponse');
export const handoverSignal = defineSignal<[{ staffId: string }]>('handoverConfirmed');

export const doseReplySignal =
  defineSignal<[{ intent: Extract<ReplyIntent, 'taken' | 'missed'> }]>('doseReply');
export const visitReplySignal = defineSignal<[{ intent: ReplyIntent; choice?: number }]>('visitReply');
export const attendanceSignal = defineSignal<[{ attended: boolean; staffId: string }]>('attendance');
/** The patient opted out of SMS: children stop texting at once. */
export const optOutSignal = defineSignal('optOut');

export const recordQuery = defineQuery<unknown>('record');
