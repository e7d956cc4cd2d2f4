import { z } from 'zod';
import { isoDate } from './validation';

// A phone-service audit: someone of the clinic (or a mystery caller it hired) calls the clinic,
// or listens to a real call, and scores how the phone was answered. No patient data: the audit
// names no caller, and a comment that holds a phone number or an e-mail address is refused.

export const CALLER_TYPES = ['mystery', 'real'] as const;
export const AUDIT_SCORES = ['knowledge', 'patience', 'clarity', 'empathy'] as const;

const score = z
  .number()
  .int('must be a whole number from 1 to 5')
  .min(1, 'must be 1 to 5')
  .max(5, 'must be 1 to 5');

// Seven digits or more, with spaces, dots, dashes or brackets between them: a phone number.
const PHONE_LIKE = /(?:\+?\d[\s().-]*){7,}/;
const EMAIL_LIKE = /[^\s@]+@[^\s@]+\.[^\s@]+/;

export const phoneAuditSchema = z
  .object({
    callDate: isoDate,
    callerType: z.enum(CALLER_TYPES),
    waitSeconds: z
      .number()
      .int('must be whole seconds')
      .min(0, 'must be 0 or more')
      .max(3600, 'must be at most 3600 (one hour)'),
    knowledge: score,
    patience: score,
    clarity: score,
    empathy: score,
    comment: z
      .string()
      .trim()
      .max(500)
      .refine((c) => !PHONE_LIKE.test(c) && !EMAIL_LIKE.test(c), {
        message: 'must not contain a phone number or an e-mail address (no patient data)',
      })
      .optional(),
  })
  .strict();

export type PhoneAuditInput = z.infer<typeof phoneAuditSchema>;

export interface PhoneAudit extends PhoneAuditInput {
  auditId: string;
  clinicId: string;
  recordedBy: string;
  recordedAt: string;
}

export interface AuditMonth {
  month: string;
  audits: number;
  averageWaitSeconds: number;
  /** Average of each score, to 0.1. */
  knowledge: number;
  patience: number;
  clarity: number;
  empathy: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Audits per month of their call date ("YYYY-MM"), oldest first: the trends chart. */
export function auditTrends(audits: readonly PhoneAuditInput[]): AuditMonth[] {
  const months = new Map<string, PhoneAuditInput[]>();
  for (const a of audits) {
    const month = a.callDate.slice(0, 7);
    months.set(month, [...(months.get(month) ?? []), a]);
  }
  const average = (list: PhoneAuditInput[], pick: (a: PhoneAuditInput) => number) =>
    round1(list.reduce((n, a) => n + pick(a), 0) / list.length);
  return [...months.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, list]) => ({
      month,
      audits: list.length,
      averageWaitSeconds: average(list, (a) => a.waitSeconds),
      knowledge: average(list, (a) => a.knowledge),
      patience: average(list, (a) => a.patience),
      clarity: average(list, (a) => a.clarity),
      empathy: average(list, (a) => a.empathy),
    }));
}
