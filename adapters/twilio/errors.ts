import twilio from 'twilio';
import { PermanentDeliveryError } from '../delivery-error';

// Twilio's REST errors, by its documented error codes (https://www.twilio.com/docs/api/errors),
// mapped to what an activity does with them:
// - the recipient can never be reached this way → PermanentDeliveryError 'invalid-recipient';
// - the recipient has opted out (replied STOP) → 'opted-out';
// - our account or sender is misconfigured → 'rejected' (permanent, and the message says it is a
//   configuration problem for operations to fix; retrying would only repeat it);
// - any other 4xx is a request Twilio will refuse however often it is sent → 'rejected';
// - 429, 5xx, a timeout or a network failure → a plain (retryable) Error.
// Messages are ours, never Twilio's text: Twilio quotes the phone number ("The 'To' number +81…").

const INVALID_RECIPIENT: Readonly<Record<number, string>> = {
  21211: "invalid 'To' phone number",
  21214: "'To' phone number cannot be reached",
  21217: "'To' phone number is not a valid phone number",
  21401: "invalid 'To' phone number",
  21407: "'To' phone number is not supported for this call",
  21408: "no permission to reach the 'To' number's region",
  21612: "'To' number is unreachable from this sender (unroutable)",
  21614: "'To' number is not a mobile number (cannot receive SMS)",
};
const OPTED_OUT: Readonly<Record<number, string>> = {
  21610: "'To' number has unsubscribed (replied STOP) from this sender",
};
const CONFIGURATION: Readonly<Record<number, string>> = {
  20003: 'authentication failed (account SID or auth token wrong)',
  20404: 'account or resource not found (account SID wrong?)',
  20005: 'account not active',
  21210: "'From' number is not verified for this account",
  21212: "invalid 'From' number",
  21606: "'From' number is not a valid, SMS-capable number of this account",
  21703: 'Messaging Service has no phone numbers in its sender pool',
  21705: 'invalid Messaging Service SID',
};

export type TwilioOperation = 'sms' | 'call';

function describe(err: twilio.RestException): string {
  return `Twilio error ${err.code ?? 'without code'} (HTTP ${err.status})`;
}

function isRestException(err: unknown): err is twilio.RestException {
  return err instanceof twilio.RestException;
}

/** Network-level failures (axios/Node): the request may or may not have reached Twilio. */
function networkCode(err: unknown): string | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The error an adapter throws for a failed SDK call: PermanentDeliveryError for what retrying can
 * never fix, a plain Error (retryable) otherwise. `clinicId` is named in configuration problems.
 */
export function mapTwilioError(err: unknown, operation: TwilioOperation, clinicId: string): Error {
  const what = operation === 'sms' ? 'SMS' : 'call';
  if (isRestException(err)) {
    const code = err.code ?? 0;
    const invalid = INVALID_RECIPIENT[code];
    if (invalid)
      return new PermanentDeliveryError(
        `${what} not sent: ${invalid} (${describe(err)})`,
        'invalid-recipient',
      );
    const optedOut = OPTED_OUT[code];
    if (optedOut)
      return new PermanentDeliveryError(`${what} not sent: ${optedOut} (${describe(err)})`, 'opted-out');
    const config =
      CONFIGURATION[code] ?? (err.status === 401 || err.status === 403 ? 'not authorised' : undefined);
    if (config) {
      return new PermanentDeliveryError(
        `${what} not sent: configuration problem in clinic "${clinicId}"'s Twilio account: ${config} (${describe(err)}); fix the credentials, retrying will not help`,
        'rejected',
      );
    }
    if (err.status === 429 || err.status >= 500) {
      return new Error(`${what} not sent: Twilio is busy or failing, will retry (${describe(err)})`);
    }
    if (err.status >= 400) {
      return new PermanentDeliveryError(
        `${what} not sent: Twilio refused the request (${describe(err)})`,
        'rejected',
      );
    }
    return new Error(`${what} not sent: unexpected Twilio answer (${describe(err)})`);
  }
  const network = networkCode(err);
  if (network) {
    return new Error(`${what} not sent: Twilio unreachable (${network}), will retry`);
  }
  return new Error(`${what} not sent: ${err instanceof Error ? err.name : 'unknown failure'}, will retry`);
}

/** Whether Twilio certainly did not act on the request (a 4xx answer): nothing was sent. */
export function certainlyNotSent(err: unknown): boolean {
  return isRestException(err) && err.status >= 400 && err.status < 500 && err.status !== 429;
}
