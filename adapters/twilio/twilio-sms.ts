import { E164 } from '../../domain/validation';
import { PermanentDeliveryError } from '../delivery-error';
import type { OutboundSms, SmsReceipt, SmsSender } from '../sms';
import type { TwilioAdapterOptions } from './common';
import { OncePerKey, accountAndClient, clinicOfCase, webhookUrl } from './common';
import { mapTwilioError } from './errors';

/**
 * SMS through Twilio's Messages API, one account per clinic (the clinic comes from the case id).
 * The delivery receipt comes back to
 * `<publicBaseUrl>/webhooks/twilio/<clinicId>/status?caseId=…&key=…&recipient=…` (opaque ids and
 * the step's key, never the number), so an undelivered SMS reaches the step that sent it. Sent once per idempotency key, see sent-store.ts for the window that
 * remains.
 */
export class TwilioSms implements SmsSender {
  private readonly once: OncePerKey;

  constructor(private readonly options: TwilioAdapterOptions) {
    this.once = new OncePerKey(options.store, options.now ?? (() => new Date()));
  }

  async send(message: OutboundSms): Promise<SmsReceipt> {
    const clinicId = clinicOfCase(message.caseId, 'SMS');
    if (!E164.test(message.to)) {
      throw new PermanentDeliveryError('SMS not sent: recipient is not an E.164 number', 'invalid-recipient');
    }
    const { sid, duplicate } = await this.once.run('sms', message.idempotencyKey, async () => {
      const { account, client } = accountAndClient(this.options.clients, clinicId, 'SMS');
      const sender = account.messagingServiceSid
        ? { messagingServiceSid: account.messagingServiceSid }
        : { from: account.from };
      try {
        const created = await client.messages.create({
          to: message.to,
          ...sender,
          body: message.body,
          statusCallback: webhookUrl(this.options.publicBaseUrl, clinicId, 'status', {
            caseId: message.caseId,
            key: message.idempotencyKey,
            recipient: message.recipient,
          }),
        });
        return created.sid;
      } catch (err) {
        throw mapTwilioError(err, 'sms', clinicId);
      }
    });
    return { providerMessageId: sid, duplicate };
  }
}
