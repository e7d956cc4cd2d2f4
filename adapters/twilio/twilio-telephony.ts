import twilio from 'twilio';
import { E164 } from '../../domain/validation';
import { PermanentDeliveryError } from '../delivery-error';
import type { CallReceipt, OutboundCall, Telephony } from '../telephony';
import type { TwilioAdapterOptions } from './common';
import { OncePerKey, accountAndClient, clinicOfCase, webhookUrl } from './common';
import { mapTwilioError } from './errors';

type CallLanguage = NonNullable<OutboundCall['language']>;

/** Twilio's <Say> voices for our languages (Traditional Chinese: Taiwan's Mandarin voice). */
export const SAY_LANGUAGE: Readonly<Record<CallLanguage, 'ja-JP' | 'en-US' | 'zh-TW'>> = {
  ja: 'ja-JP',
  en: 'en-US',
  'zh-Hant': 'zh-TW',
};

/** Read when the callee pressed nothing before the Gather timed out. */
export const NO_KEY_PRESSED: Readonly<Record<CallLanguage, string>> = {
  ja: 'キー入力が確認できませんでした。失礼いたします。',
  en: 'We did not receive a key press. Goodbye.',
  'zh-Hant': '未收到按鍵回應。再見。',
};

/** Twilio refuses inline TwiML over 4000 characters (the Calls API's `Twiml` parameter). */
export const MAX_TWIML = 4000;

/** Seconds the Gather waits for the key after the script was read. */
export const GATHER_TIMEOUT_SECONDS = 10;

/**
 * The call's TwiML, built with the SDK: the script inside a one-digit <Gather> whose action is our
 * voice webhook for the incident (signed by Twilio with the rest of the URL), then a fallback
 * <Say> when no key was pressed. A call without an acknowledgement digit just reads the script.
 */
export function callTwiml(call: OutboundCall, actionUrl: string): string {
  const language = call.language ?? 'ja';
  const voice = SAY_LANGUAGE[language];
  const response = new twilio.twiml.VoiceResponse();
  if (call.acknowledgeDigit) {
    const gather = response.gather({
      numDigits: 1,
      action: actionUrl,
      method: 'POST',
      timeout: GATHER_TIMEOUT_SECONDS,
    });
    gather.say({ language: voice }, call.script);
    response.say({ language: voice }, NO_KEY_PRESSED[language]);
  } else {
    response.say({ language: voice }, call.script);
  }
  return response.toString();
}

/**
 * Voice calls through Twilio's Calls API with inline TwiML. Status comes back to
 * `<publicBaseUrl>/webhooks/twilio/<clinicId>/status?caseId=…&key=…&recipient=…&incidentId=…`
 * (completed, busy, no-answer, failed: a page call nobody answered moves its escalation on); the key press to `/webhooks/twilio/<clinicId>/voice?incidentId=…`.
 */
export class TwilioTelephony implements Telephony {
  private readonly once: OncePerKey;

  constructor(private readonly options: TwilioAdapterOptions) {
    this.once = new OncePerKey(options.store, options.now ?? (() => new Date()));
  }

  async placeCall(call: OutboundCall): Promise<CallReceipt> {
    const clinicId = clinicOfCase(call.caseId, 'call');
    if (!E164.test(call.to)) {
      throw new PermanentDeliveryError('call not placed: callee is not an E.164 number', 'invalid-recipient');
    }
    const twiml = callTwiml(
      call,
      webhookUrl(this.options.publicBaseUrl, clinicId, 'voice', { incidentId: call.incidentId }),
    );
    if (twiml.length > MAX_TWIML) {
      throw new PermanentDeliveryError(
        `call not placed: its TwiML is ${twiml.length} characters, Twilio takes at most ${MAX_TWIML}`,
        'rejected',
      );
    }
    const { sid, duplicate } = await this.once.run('call', call.idempotencyKey, async () => {
      const { account, client } = accountAndClient(this.options.clients, clinicId, 'call');
      if (!account.from) {
        throw new PermanentDeliveryError(
          `call not placed: configuration problem: clinic "${clinicId}" has no Twilio "from" number (a Messaging Service cannot place calls)`,
          'rejected',
        );
      }
      try {
        const created = await client.calls.create({
          to: call.to,
          from: account.from,
          twiml,
          statusCallback: webhookUrl(this.options.publicBaseUrl, clinicId, 'status', {
            caseId: call.caseId,
            key: call.idempotencyKey,
            recipient: call.recipient,
            incidentId: call.incidentId,
          }),
          statusCallbackEvent: ['completed'],
          statusCallbackMethod: 'POST',
        });
        return created.sid;
      } catch (err) {
        throw mapTwilioError(err, 'call', clinicId);
      }
    });
    return { callId: sid, duplicate };
  }
}
