import { z } from 'zod';
import { OPAQUE_ID, OPAQUE_ID_RULE } from './case-ids';

// Small reusable zod types for the clinic's data. Pure: used by the API, the config loader and
// workflows alike.

export const opaqueId = z.string().regex(OPAQUE_ID, `must be ${OPAQUE_ID_RULE}`);

/**
 * Whether an id looks like a phone number: 7 or more digits alone ("09012345678", "3456789"), or
 * 10 or more split by "-" or "_" ("090-1234-5678"; "2026-001" is a case number). Such an id
 * would put a patient's number into workflow ids, URLs, logs and SMS.
 */
export function looksLikePhoneNumber(id: string): boolean {
  if (/^[0-9]{7,}$/.test(id)) return true;
  return /^[0-9_-]+$/.test(id) && id.replace(/[^0-9]/g, '').length >= 10;
}

/**
 * An id that becomes part of a case's workflow id or its children's (surgery, complaint,
 * contact, visit, prescription) or stands for a person (patient ref): opaque, and never a phone
 * number.
 */
export const caseKey = opaqueId.refine(
  (id) => !looksLikePhoneNumber(id),
  'looks like a phone number; use the clinic system\'s own id (e.g. "S-1234567"), never a patient\'s number',
);

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const timeZone = z.string().refine(isTimeZone, 'must be an IANA time zone such as "Asia/Tokyo"');

/** Phone numbers in E.164, the form SMS and telephony providers require. */
export const E164 = /^\+[1-9][0-9]{6,14}$/;
export const phoneNumber = z.string().regex(E164, 'must be an E.164 phone number such as "+81312345678"');

export const clockTime = z
  .string()
  .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a time "HH:MM" (24-hour)');

export const isoDate = z.iso.date({ message: 'must be a date "YYYY-MM-DD"' });

/** A zod error as one line per problem, each naming the path of the bad field. */
export function describeIssues(error: z.ZodError, root = ''): string[] {
  return error.issues.map((issue) => `${fieldPath(issue.path, root)}: ${issue.message}`);
}

export function fieldPath(path: PropertyKey[], root = ''): string {
  let out = root;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}
