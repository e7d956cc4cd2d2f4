import { E164 } from '../../domain/validation';
import { PermanentDeliveryError } from '../delivery-error';
import type { OutboundSms, SmsReceipt, SmsSender } from '../sms';
import type { Outbox } from './outbox';

/** Dev SMS: validates like a provider would, then writes the message to the outbox. */
export class OutboxSms implements SmsSender {
  constructor(private readonly outbox: Outbox) {}

  async send(message: OutboundSms): Promise<SmsReceipt> {
    if (!E164.test(message.to)) {
      throw new PermanentDeliveryError('recipient is not an E.164 number', 'invalid-recipient');
    }
    const { entry, duplicate } = this.outbox.record({
      kind: 'sms',
      caseId: message.caseId,
      idempotencyKey: message.idempotencyKey,
      to: message.to,
      body: message.body,
    });
    return { providerMessageId: `outbox-${entry.id}`, duplicate };
  }
}
