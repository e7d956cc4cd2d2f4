import { z } from 'zod';
import { complaintSlaSchema, DEFAULT_COMPLAINT_SLA } from './complaint-sla';
import { DEFAULT_QUALITY_TARGETS, qualityTargetsSchema } from './quality-targets';
import { LANGUAGES } from './language';
import type { Language } from './language';
import { clockTime, CROSS_FIELD, isoDate, opaqueId, phoneNumber, timeZone } from './validation';

// The clinic configuration: its calendar, the patient quiet hours, the on-call roster, the
// escalation policies, the partner hospitals and the 24-hour line. Validated at start-up so a
// mistake stops the system with the path of the bad field, not a page that never arrives.

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Quiet hours (and other local windows): "HH:MM" to "HH:MM", crossing midnight when start > end. */
export const timeWindow = z
  .object({ start: clockTime, end: clockTime })
  .strict()
  .refine((w) => w.start !== w.end, {
    message: 'start and end must differ',
    path: ['end'],
    params: CROSS_FIELD,
  });

const businessDay = z
  .array(
    z
      .object({ open: clockTime, close: clockTime })
      .strict()
      .refine((w) => w.open < w.close, { message: 'open must be before close', path: ['close'] }),
  )
  .default([]);

export const STAFF_ROLES = ['nurse', 'doctor', 'director', 'front-desk', 'beautician', 'management'] as const;
export const staffRole = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof staffRole>;

const shift = z
  .object({
    days: z.array(z.enum(WEEKDAYS)).min(1),
    // A shift may cross midnight (e.g. 18:00-09:00); it then belongs to the day it starts on.
    start: clockTime,
    end: clockTime,
  })
  .strict();

const rosterEntry = z
  .object({
    staffId: opaqueId,
    role: staffRole,
    phone: phoneNumber,
    shifts: z.array(shift).min(1),
  })
  .strict();

const escalationLevel = z
  .object({
    role: staffRole,
    ackTimeoutMinutes: z.number().int().min(1).max(120),
  })
  .strict();

const escalationPolicy = z
  .object({
    id: opaqueId,
    levels: z.array(escalationLevel).min(1),
    repeat: z.number().int().min(0).max(5),
    // Who is called when every level has been tried `repeat + 1` times without acknowledgement.
    fallbackRole: staffRole,
    // How long an acknowledged but unresolved incident waits before it is raised again.
    reTriggerAfterMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60),
  })
  .strict();

const partnerHospital = z
  .object({
    id: opaqueId,
    name: z.string().min(1),
    phone: phoneNumber,
    capabilities: z.array(z.string().min(1)).min(1),
    agreementInForce: z.boolean(),
    acceptanceTimeoutMinutes: z.number().int().min(1).max(240),
  })
  .strict();

// Kept in their own module, without zod, so the journey's workflow code imports them alone.
import { EMERGENCY_NUMBER_BY_TIME_ZONE, emergencyNumberOf } from './emergency-numbers';
export { EMERGENCY_NUMBER_BY_TIME_ZONE, emergencyNumberOf };

export const clinicSchema = z
  .object({
    id: opaqueId,
    name: z.string().min(1),
    timeZone,
    emergencyLine: phoneNumber,
    // The public emergency number (ambulance) patients are told to call: "119" in Japan and
    // Taiwan. Defaults by time zone (EMERGENCY_NUMBER_BY_TIME_ZONE); required elsewhere.
    emergencyNumber: z
      .string()
      .regex(/^[0-9]{2,4}$/, 'must be the short number dialled for an ambulance, e.g. "119"')
      .optional(),
    // The language of answers to people the clinic cannot identify (an SMS from an unknown
    // number); English when not set.
    defaultLanguage: z.enum(LANGUAGES).optional(),
    // The language of on-call pages (call script and SMS); the default language when not set.
    staffLanguage: z.enum(LANGUAGES).optional(),
    businessHours: z
      .object(
        Object.fromEntries(WEEKDAYS.map((d) => [d, businessDay])) as Record<Weekday, typeof businessDay>,
      )
      .strict(),
    holidays: z.array(isoDate).default([]),
    quietHours: timeWindow,
    onCallRoster: z.array(rosterEntry).min(1),
    escalationPolicies: z.array(escalationPolicy).min(1),
    partnerHospitals: z.array(partnerHospital).default([]),
    complaintSla: complaintSlaSchema.default(DEFAULT_COMPLAINT_SLA),
    qualityTargets: qualityTargetsSchema.default(DEFAULT_QUALITY_TARGETS),
  })
  .strict()
  .superRefine((clinic, ctx) => {
    if (clinic.emergencyNumber === undefined && !EMERGENCY_NUMBER_BY_TIME_ZONE[clinic.timeZone]) {
      ctx.addIssue({
        code: 'custom',
        path: ['emergencyNumber'],
        message: `required: no default emergency number is known for time zone "${clinic.timeZone}"`,
      });
    }
    // Every role a page can go to, the last resort included, must be someone on the roster.
    const requireRostered = (role: StaffRole, path: (string | number)[]) => {
      if (!clinic.onCallRoster.some((entry) => entry.role === role)) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `no one on the on-call roster has the role "${role}"`,
        });
      }
    };
    clinic.escalationPolicies.forEach((policy, p) => {
      policy.levels.forEach((level, l) =>
        requireRostered(level.role, ['escalationPolicies', p, 'levels', l, 'role']),
      );
      requireRostered(policy.fallbackRole, ['escalationPolicies', p, 'fallbackRole']);
    });
  })
  .transform((clinic) => ({ ...clinic, emergencyNumber: emergencyNumberOf(clinic) }));

export const clinicCatalogueSchema = z
  .object({ clinics: z.array(clinicSchema).min(1) })
  .strict()
  .superRefine((catalogue, ctx) => {
    const seen = new Set<string>();
    catalogue.clinics.forEach((clinic, i) => {
      if (seen.has(clinic.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['clinics', i, 'id'],
          message: `duplicate clinic id "${clinic.id}"`,
        });
      }
      seen.add(clinic.id);
    });
  });

export type Clinic = z.infer<typeof clinicSchema>;

/** The language on-call staff are paged in: `staffLanguage`, else `defaultLanguage`, else English. */
export function staffLanguageOf(clinic: Pick<Clinic, 'staffLanguage' | 'defaultLanguage'>): Language {
  return clinic.staffLanguage ?? clinic.defaultLanguage ?? 'en';
}
export type ClinicCatalogue = z.infer<typeof clinicCatalogueSchema>;
