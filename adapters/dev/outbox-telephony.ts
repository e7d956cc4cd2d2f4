import { E164 } from '../../domain/validation';
import { PermanentDeliveryError } from '../delivery-error';
import type { CallReceipt, OutboundCall, Telephony } from '../telephony';
import type { Outbox } from './outbox';

/** Dev telephony: records the call and its script; the keypad answer arrives via the API. */
export class OutboxTelephony implements Telephony {
  constructor(private readonly outbox: Outbox) {}

  async placeCall(call: OutboundCall): Promise<CallReceipt> {
    if (!E164.test(call.to)) {
      throw new PermanentDeliveryError('callee is not an E.164 number', 'invalid-recipient');
    }
    const { entry, duplicate } = this.outbox.record({
      kind: 'call',
      caseId: call.caseId,
      idempotencyKey: call.idempotencyKey,
      to: call.to,
      body: call.script,
      data: call.acknowledgeDigit
        ? {
            acknowledgeDigit: call.acknowledgeDigit,
            ...(call.incidentId ? { incidentId: call.incidentId } : {}),
          }
        : undefined,
    });
    return { callId: `outbox-${entry.id}`, duplicate };
  }
}
