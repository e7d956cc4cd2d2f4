import { twilioSignature } from '../../api/webhooks/twilio-signature';
import { clinic } from './fixtures';

// Provider-webhook settings of the API harness, and a Twilio stand-in that signs what it posts.

/** As if the API sat behind a proxy: Twilio calls (and signs) this URL, not the test port. */
export const TEST_WEBHOOK_BASE_URL = 'https://care.example.test';
export const TEST_TWILIO_TOKEN = 'test-twilio-auth-token-0123456789';
export const TEST_WEBHOOKS = {
  baseUrl: TEST_WEBHOOK_BASE_URL,
  twilioAuthTokens: new Map([[clinic.id, TEST_TWILIO_TOKEN]]),
};
export const TEST_CONTACT_KEY_SECRET = 'test-contact-key-secret-0123456789abcdef';

export interface TwilioPost {
  /** Sign with this token instead of the clinic's. */
  token?: string;
  /** Sign this path (and query) instead of the one posted to. */
  signedPath?: string;
  /** Sign this whole URL instead of the public one. */
  signedUrl?: string;
  /** Sign these parameters instead of the ones posted. */
  signedParams?: Record<string, string>;
  /** Send this signature as it is; null sends none. */
  signature?: string | null;
}

/** POSTs a Twilio webhook (form-encoded) to the API at `base`, signed as Twilio would. */
export async function postTwilio(
  base: string,
  path: string,
  params: Record<string, string>,
  options: TwilioPost = {},
): Promise<{ status: number; contentType: string; text: string }> {
  const signature =
    options.signature === undefined
      ? twilioSignature(
          options.token ?? TEST_TWILIO_TOKEN,
          options.signedUrl ?? TEST_WEBHOOK_BASE_URL + (options.signedPath ?? path),
          options.signedParams ?? params,
        )
      : options.signature;
  const res = await fetch(base + path, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signature === null ? {} : { 'x-twilio-signature': signature }),
    },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}
