import { emergencyNumberOf } from '../../domain/emergency-numbers';
import type { DeliveryReceipt } from '../../domain/delivery-receipts';
import type { PatientMessage } from '../../domain/messages';
import { firstDelivery } from '../case/provider-ids';
import type { JourneyContext, SentSms } from './context';
import { DELIVERY_RECEIPTS } from './patches';

// The provider's word that a patient never got a message: an SMS undelivered (switched-off or
// unknown handset, a landline) or a call nobody answered. A provider accepting a message is not
// the patient reading it; this is where the journey learns the difference and falls back:
// urgent words by phone at once, anything else by a nurse who phones, and a call nobody answered
// by a nurse who phones now.

/** The escalation's instruction to call emergency services (its key, under the journey's id). */
const EMERGENCY_STEP = /^incident-[0-9]+:t[0-9]+:patient-emergency$/;
/** Steps remembered with what they said (receipts come within minutes of the send). */
export const SENT_SMS_LIMIT = 50;

/** Remembers what an SMS step said before it goes out, so a receipt can name it and resend it. */
export function rememberSent(j: JourneyContext, sent: SentSms): void {
  const list = (j.memory.sent ??= []);
  if (list.some((s) => s.key === sent.key)) return;
  list.push(sent);
  if (list.length > SENT_SMS_LIMIT) list.shift();
}

export function createReceipts(j: JourneyContext) {
  const { id, input, memory } = j;

  function emergencyInstruction(): PatientMessage {
    return j.message('emergency-instruction', {
      clinicName: input.clinic.name,
      emergencyLine: input.clinic.emergencyLine,
      emergencyNumber: emergencyNumberOf(input.clinic),
    });
  }

  /** What the step was: an SMS the journey sent, the escalation's emergency instruction, or other. */
  function stepOf(step: string): SentSms | undefined {
    const sent = memory.sent?.find((s) => s.key === step);
    if (sent) return sent;
    if (EMERGENCY_STEP.test(step))
      return {
        key: step,
        summary: 'Tell the patient to call emergency services',
        urgent: true,
        message: emergencyInstruction(),
      };
    return undefined;
  }

  function receive(receipt: DeliveryReceipt): void {
    if (!j.has(DELIVERY_RECEIPTS)) return;
    // Twilio may post the same receipt twice: one provider id, one fallback.
    if (!firstDelivery(memory.seenReplies, `receipt:${receipt.providerId}`)) return;
    if (!receipt.key.startsWith(`${id}:`)) return; // not one of this journey's messages
    const step = receipt.key.slice(id.length + 1);
    const why = `${receipt.status}${receipt.errorCode ? `, error ${receipt.errorCode}` : ''}`;
    if (j.terminal()) {
      j.note('receipt-after-close', `${receipt.channel} ${step}: ${why}`); // nobody left to ask
      return;
    }

    if (receipt.channel === 'call') {
      // A call to the patient (the fallback of urgent words, or the escalation's) nobody answered.
      const sent = stepOf(step.replace(/:call$/, ''));
      const what = sent?.summary ?? step;
      j.note('call-unanswered', `${what}: ${why}`);
      j.openTask(
        'nurse-call',
        'nurse',
        `URGENT: the patient did not answer the call "${what}" (${why}): phone the patient`,
        j.now(),
      );
      return;
    }

    const sent = stepOf(step);
    const what = sent?.summary ?? `SMS ${step}`;
    j.note('sms-undelivered', `${what}: ${why}`);
    if (sent?.urgent && !j.s.optedOut) {
      // Urgent words go by phone now; a call that fails too becomes a nurse task (side effects).
      memory.work.push({ kind: 'call', key: step, message: sent.message, summary: sent.summary });
      j.dirty = true;
      return;
    }
    j.openTask(
      'nurse-call',
      'nurse',
      `${sent?.urgent ? 'URGENT: ' : ''}the patient did not get "${what}" (SMS ${why}): phone the patient`,
      sent?.urgent ? j.now() : j.nextBusiness(j.now()),
    );
  }

  return { receive };
}
