import twilio from 'twilio';

// Twilio request validation (https://www.twilio.com/docs/usage/webhooks/webhooks-security) with
// the official SDK: X-Twilio-Signature = base64(HMAC-SHA1(auth token, the full URL Twilio called,
// query string included, followed by every POST parameter sorted by name, each as name + value)).
// The SDK also accepts the URL signed with or without the default port (Twilio signs some
// callbacks with ":443"/":80" and some without) and compares in constant time.

/** Form parameters as Express's urlencoded parser gives them (a repeated name is an array). */
export type FormParams = Readonly<Record<string, string | readonly string[] | undefined>>;

function definedParams(params: FormParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) out[name] = typeof value === 'string' ? value : [...value];
  }
  return out;
}

/** The signature Twilio sends for this URL and these parameters (tests and the simulator sign with it). */
export function twilioSignature(authToken: string, url: string, params: FormParams): string {
  return twilio.getExpectedTwilioSignature(authToken, url, definedParams(params));
}

/** Whether `signature` is Twilio's for this URL (with or without its default port) and these parameters. */
export function isTwilioSignatureValid(
  authToken: string,
  url: string,
  params: FormParams,
  signature: string | undefined,
): boolean {
  if (!signature) return false;
  try {
    return twilio.validateRequest(authToken, signature, url, definedParams(params));
  } catch {
    // A URL the SDK cannot parse is not one Twilio signed.
    return false;
  }
}
