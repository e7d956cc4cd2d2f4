import { z } from 'zod';
import { LANGUAGES } from './language';
import { PROCEDURE_CODES } from './procedures';
import { describeIssues } from './validation';

// A care protocol is versioned data ("rhinoplasty@3"): the check-in schedule, red-flag rules by
// post-operative day, default medication reminders, return-visit reminder offsets, the closing
// survey and which escalation policy each severity uses. A journey pins a full copy at start.

const symptomCondition = z.discriminatedUnion('symptom', [
  z.object({ symptom: z.literal('pain'), atLeast: z.number().int().min(0).max(10) }).strict(),
  z.object({ symptom: z.literal('bleeding'), atLeast: z.enum(['light', 'heavy']) }).strict(),
  z.object({ symptom: z.literal('swelling'), atLeast: z.enum(['mild', 'severe']) }).strict(),
  z.object({ symptom: z.literal('fever'), atLeastC: z.number().min(36).max(43).optional() }).strict(),
  z.object({ symptom: z.literal('breathingDifficulty') }).strict(),
  z.object({ symptom: z.literal('allergicReaction') }).strict(),
]);
export type SymptomCondition = z.infer<typeof symptomCondition>;

const redFlagRule = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    // Post-operative days (surgery day = 0) on which the rule applies, inclusive.
    fromDay: z.number().int().min(0),
    toDay: z.number().int().min(0),
    when: symptomCondition,
    severity: z.enum(['concern', 'urgent', 'emergency']),
    reason: z.string().min(1),
  })
  .strict()
  .refine((r) => r.fromDay <= r.toDay, { message: 'fromDay must not be after toDay', path: ['toDay'] });
export type RedFlagRule = z.infer<typeof redFlagRule>;

const checkIn = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    // Hours after the surgery the check-in is due.
    offsetHours: z.number().int().min(1),
    channel: z.enum(['sms', 'nurse-call']),
    questionSet: z.enum(['first-night', 'wound', 'swelling', 'recovery']),
    // How long the patient has to reply to an SMS before the reminder.
    replyWindowHours: z.number().int().min(1).max(72),
    // No reply after the window: one reminder, then (after the window again) a nurse call task.
    noReply: z.enum(['reminder-then-nurse-call', 'nurse-call']),
  })
  .strict();
export type CheckIn = z.infer<typeof checkIn>;

const medicationReminder = z
  .object({
    name: z.string().min(1),
    dose: z.string().min(1),
    // Local times of day the patient takes it, e.g. ["08:00", "20:00"].
    times: z.array(z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/)).min(1),
    days: z.number().int().min(1).max(90),
  })
  .strict();

export const protocolSchema = z
  .object({
    id: z.string().regex(/^[a-z-]+@[0-9]+$/, 'must be "<procedure>@<version>"'),
    procedureCode: z.enum(PROCEDURE_CODES),
    version: z.number().int().min(1),
    title: z.string().min(1),
    followUpDays: z.number().int().min(7).max(365),
    checkIns: z.array(checkIn).min(1),
    redFlags: z.array(redFlagRule).min(1),
    medicationDefaults: z.array(medicationReminder).default([]),
    returnVisit: z
      .object({
        noticeDaysBefore: z.number().int().min(7).max(30),
        reconfirmDaysBefore: z.number().int().min(1).max(2),
      })
      .strict(),
    survey: z
      .object({ offsetDays: z.number().int().min(1), complaintAtOrBelow: z.number().int().min(1).max(5) })
      .strict(),
    escalation: z.object({ urgent: z.string().min(1), emergency: z.string().min(1) }).strict(),
    // Partner-hospital capabilities an emergency transfer for this procedure needs.
    transferCapabilities: z.array(z.string().min(1)).min(1),
    languages: z.array(z.enum(LANGUAGES)).default([...LANGUAGES]),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.id !== `${p.procedureCode}@${p.version}`) {
      ctx.addIssue({ code: 'custom', path: ['id'], message: `must be "${p.procedureCode}@${p.version}"` });
    }
    const seen = new Set<string>();
    p.checkIns.forEach((c, i) => {
      if (seen.has(c.id))
        ctx.addIssue({
          code: 'custom',
          path: ['checkIns', i, 'id'],
          message: `duplicate check-in "${c.id}"`,
        });
      seen.add(c.id);
      if (c.offsetHours > p.followUpDays * 24) {
        ctx.addIssue({
          code: 'custom',
          path: ['checkIns', i, 'offsetHours'],
          message: 'is after the end of follow-up',
        });
      }
    });
    if (p.survey.offsetDays > p.followUpDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['survey', 'offsetDays'],
        message: 'is after the end of follow-up',
      });
    }
  });

export type Protocol = z.infer<typeof protocolSchema>;

export class InvalidProtocolError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid protocol:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidProtocolError';
  }
}

/** Validates a protocol document; problems name the path of each bad field. */
export function parseProtocol(raw: unknown): Protocol {
  const parsed = protocolSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidProtocolError(describeIssues(parsed.error));
  return parsed.data;
}
