import type { SmsSender } from '../sms';
import type { Telephony } from '../telephony';
import { TwilioClients } from './client';
import type { TwilioCredentials } from './credentials';
import type { SentStore } from './sent-store';
import { TwilioSms } from './twilio-sms';
import { TwilioTelephony } from './twilio-telephony';

export { TWILIO_API_BASE_URL, TwilioClients, twilioClient } from './client';
export { loadTwilioCredentials, parseTwilioCredentials, TwilioCredentials } from './credentials';
export { JsonFileSentStore, MemorySentStore } from './sent-store';
export type { SentStore } from './sent-store';
export { TwilioSms } from './twilio-sms';
export { TwilioTelephony } from './twilio-telephony';

export interface TwilioAdaptersConfig {
  credentials: TwilioCredentials;
  /** Twilio (default) or the simulator's URL. */
  apiBaseUrl?: string;
  /** The public URL Twilio calls our webhooks at. */
  publicBaseUrl: string;
  store: SentStore;
  now?: () => Date;
}

/** The SMS and telephony adapters over one set of per-clinic clients. */
export function twilioAdapters(config: TwilioAdaptersConfig): { sms: SmsSender; telephony: Telephony } {
  const clients = new TwilioClients((clinicId) => config.credentials.get(clinicId), {
    baseUrl: config.apiBaseUrl,
  });
  const options = { clients, publicBaseUrl: config.publicBaseUrl, store: config.store, now: config.now };
  return { sms: new TwilioSms(options), telephony: new TwilioTelephony(options) };
}
