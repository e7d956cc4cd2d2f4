import { z } from 'zod';
import { OPAQUE_ID, OPAQUE_ID_RULE } from './case-ids';

// Small reusable zod types for the clinic's data. Pure: used by the API, the config loader and
// workflows alike.

/**
 * Marks a refinement as a rule between fields (or against the catalogue) that no JSON Schema
 * states: a request that breaks only such rules passes its documented schema, so the API answers
 * 422 rather than 400 (api/errors.ts).
 */
export const CROSS_FIELD = { crossField: true } as const;

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
export const caseKey = opaqueId
  .refine(
    (id) => !looksLikePhoneNumber(id),
    'looks like a phone number; use the clinic system\'s own id (e.g. "S-1234567"), never a patient\'s number',
  )
  // The same rule for the API's OpenAPI document (looksLikePhoneNumber as JSON Schema).
  .meta({ not: { anyOf: [{ pattern: '^[0-9]{7,}$' }, { pattern: '^[0-9_-]*([0-9][_-]*){10,}$' }] } });

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Zones whose IANA name the runtime's list (CLDR) spells the old way ("Asia/Calcutta"): both
 * names are taken.
 */
const IANA_NAMES_CLDR_SPELLS_OLD = [
  'Africa/Asmara',
  'America/Argentina/Buenos_Aires',
  'America/Argentina/Catamarca',
  'America/Argentina/Cordoba',
  'America/Argentina/Jujuy',
  'America/Argentina/Mendoza',
  'America/Atikokan',
  'America/Indiana/Indianapolis',
  'America/Kentucky/Louisville',
  'America/Nuuk',
  'Asia/Ho_Chi_Minh',
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'Asia/Yangon',
  'Atlantic/Faroe',
  'Europe/Kyiv',
  'Pacific/Chuuk',
  'Pacific/Kanton',
  'Pacific/Pohnpei',
];

let timeZoneList: readonly string[] | undefined;

/**
 * The IANA time zone names taken: the runtime's zones, their current IANA names, UTC, and the
 * fixed offsets Etc/GMT-14 to Etc/GMT+12. A list, not "whatever Intl accepts", so the API's
 * OpenAPI document can give it as an enum and a client never sends a zone the API then refuses
 * (aliases such as "Japan" or "US/Eastern" and other spellings are refused).
 */
export function timeZones(): readonly string[] {
  // Built on first use: this module is evaluated again for every workflow execution the worker
  // loads, and building the list (trying names with Intl) cost ~45 ms of CPU each time.
  timeZoneList ??= [
    ...new Set([
      ...Intl.supportedValuesOf('timeZone'),
      ...IANA_NAMES_CLDR_SPELLS_OLD.filter(isTimeZone), // an older ICU may not know them
      'UTC',
      'Etc/UTC',
      'Etc/GMT',
      ...Array.from({ length: 14 }, (_, i) => `Etc/GMT-${i + 1}`),
      ...Array.from({ length: 12 }, (_, i) => `Etc/GMT+${i + 1}`),
    ]),
  ];
  return timeZoneList;
}

/** One of timeZones() (the enum is built when a zone is first checked or described). */
export const timeZone = z
  .lazy(() =>
    z.enum(timeZones() as [string, ...string[]], {
      message: 'must be an IANA time zone such as "Asia/Tokyo"',
    }),
  )
  .describe(
    'An IANA time zone by its canonical name, e.g. "Asia/Tokyo" (aliases such as "Japan" are refused).',
  );

/** Phone numbers in E.164, the form SMS and telephony providers require. */
export const E164 = /^\+[1-9][0-9]{6,14}$/;
export const phoneNumber = z.string().regex(E164, 'must be an E.164 phone number such as "+81312345678"');

export const clockTime = z
  .string()
  .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a time "HH:MM" (24-hour)');

/**
 * A catalogue protocol id such as "rhinoplasty@2". The catalogue is not imported here (workflows
 * use these schemas): the API checks the id against it and its OpenAPI document lists the ids.
 */
export const protocolId = z.string().min(1);

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
