import { createHmac, timingSafeEqual } from 'node:crypto';

// Twilio request validation (https://www.twilio.com/docs/usage/webhooks/webhooks-security):
// X-Twilio-Signature = base64(HMAC-SHA1(auth token, the full URL Twilio called, query string
// included, followed by every POST parameter sorted by name, each as name + value)). Pure
// functions, so they are unit-tested against a vector computed from that description.

/** Form parameters as Express's urlencoded parser gives them (a repeated name is an array). */
export type FormParams = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The data Twilio signs. A repeated parameter contributes name + value once per value, sorted. */
export function signedData(url: string, params: FormParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    const values = value === undefined ? [] : typeof value === 'string' ? [value] : [...value].sort();
    for (const v of values) data += name + v;
  }
  return data;
}

export function twilioSignature(authToken: string, url: string, params: FormParams): string {
  return createHmac('sha1', authToken).update(signedData(url, params), 'utf8').digest('base64');
}

/** Whether `signature` is Twilio's for this URL and these parameters; compared in constant time. */
export function isTwilioSignatureValid(
  authToken: string,
  url: string,
  params: FormParams,
  signature: string | undefined,
): boolean {
  if (!signature) return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
