import { createHmac } from 'node:crypto';
import type { SearchAttributePair } from '@temporalio/common';
import { ClinicId, ContactKey } from '../temporal/search-attributes';

// The ContactKey search attribute: a sender's phone, pseudonymised, so an inbound SMS or an
// after-hours call finds the sender's running cases through Temporal visibility without any
// phone number in search attributes. HMAC-SHA256 keyed with a server secret (CONTACT_KEY_SECRET)
// over "<clinicId>:<E.164 phone>", hex, first 32 characters (128 bits):
// - pseudonymous, not anonymous: whoever holds the secret can test a number against it, nobody
//   else can reverse it or confirm a guess (a plain hash of a phone number could be brute-forced
//   over the whole numbering plan in minutes);
// - per clinic: the same person at two clinics has unrelated keys;
// - the secret stays in the API: workflows never see it. Changing it orphans the keys of running
//   cases (they would no longer be found), so it is rotated only with a re-keying of them.

export function contactKey(secret: string, clinicId: string, phone: string): string {
  return createHmac('sha256', secret).update(`${clinicId}:${phone}`).digest('hex').slice(0, 32);
}

/**
 * The start option that tags a new case with its contact's key (none without a secret or phone).
 * ClinicId goes with it, although the workflow sets it too: the lookup filters on both, and the
 * case is then findable from its start, not only once its first task has run.
 */
export function contactKeyAttributes(
  secret: string | undefined,
  clinicId: string,
  phone: string | undefined,
): { typedSearchAttributes?: SearchAttributePair[] } {
  if (!secret || !phone) return {};
  return {
    typedSearchAttributes: [
      { key: ClinicId, value: clinicId },
      { key: ContactKey, value: contactKey(secret, clinicId, phone) },
    ],
  };
}
