import { z } from 'zod';
import type { BusinessCalendar } from './calendar';
import { COMPLAINT_ID, JOURNEY_ID } from './case-ids';
import { calendarOf } from './calendar';
import type { Clinic } from './clinic';
import type { ComplaintClockPolicy, ComplaintSla } from './complaint-sla';
import { clockPoliciesFor } from './complaint-sla';
import { route } from './complaint-routing';
import type { ParticipantRole, PlanActionKind } from './complaint-kinds';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_SEVERITIES,
  PLAN_ACTIONS,
} from './complaint-kinds';
import { LANGUAGES } from './language';
import { caseKey, CROSS_FIELD, opaqueId, phoneNumber, timeZone } from './validation';

// A complaint ([003] standard flow; SLAs from [001] 二(四)): intake from the front desk, the
// phone, the online form or a low closing-survey score, routed by category and severity to an
// owner and the participants whose assessments are needed, then a resolution plan, management
// approval, the customer's answer, execution, a satisfaction follow-up and closure.

export {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_SEVERITIES,
  PARTICIPANT_ROLES,
  PLAN_ACTIONS,
} from './complaint-kinds';
export type {
  ComplaintCategory,
  ComplaintSeverity,
  ParticipantRole,
  PlanActionKind,
} from './complaint-kinds';

export const startComplaintRequestSchema = z
  .object({
    clinicId: opaqueId,
    complaintId: caseKey,
    channel: z.enum(COMPLAINT_CHANNELS),
    category: z.enum(COMPLAINT_CATEGORIES),
    severity: z.enum(COMPLAINT_SEVERITIES),
    customer: z
      .object({
        ref: caseKey,
        // Without a phone the acknowledgement and follow-up are staff tasks instead of SMS.
        phone: phoneNumber.optional(),
        language: z.enum(LANGUAGES),
        timeZone: timeZone.optional(),
      })
      .strict(),
    description: z.string().min(1).max(4000),
    journeyId: z
      .string()
      .regex(JOURNEY_ID, 'must be a journey id "journey:<clinicId>:<surgeryId>"')
      .optional(),
    // A complaint raised by the closing survey: the score and the patient's comment as written,
    // so whoever handles it reads the patient's own words.
    survey: z
      .object({
        score: z.number().int().min(1).max(5),
        comment: z.string().trim().min(1).max(1600).optional(),
      })
      .strict()
      .optional(),
    // e.g. the product name and batch for a product complaint ([003] case 2).
    product: z
      .object({ name: z.string().min(1), batch: z.string().min(1), supplierId: opaqueId })
      .strict()
      .optional(),
  })
  .strict();
export type StartComplaintRequest = z.input<typeof startComplaintRequestSchema>;
export type ParsedStartComplaintRequest = z.output<typeof startComplaintRequestSchema>;

export const planActionSchema = z
  .object({
    kind: z.enum(PLAN_ACTIONS),
    detail: z.string().min(1).max(500),
    amount: z.number().positive().optional(),
    department: z.string().min(1).optional(), // for a free treatment: where to book it
  })
  .strict()
  .superRefine((a, ctx) => {
    if ((a.kind === 'refund' || a.kind === 'compensation') && a.amount === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        message: `a ${a.kind} needs an amount`,
        params: CROSS_FIELD,
      });
    }
    if (a.kind === 'free-treatment' && !a.department) {
      ctx.addIssue({
        code: 'custom',
        path: ['department'],
        message: 'a free treatment needs the department that books it',
        params: CROSS_FIELD,
      });
    }
  });
export type PlanAction = z.infer<typeof planActionSchema>;

export function complaintId(clinicId: string, id: string): string {
  return `complaint:${clinicId}:${id}`;
}

export function parseComplaintId(id: string): { clinicId: string; complaintId: string } | undefined {
  const m = COMPLAINT_ID.exec(id);
  return m ? { clinicId: m[1]!, complaintId: m[2]! } : undefined;
}

export const COMPLAINT_STAGES = [
  'awaiting-first-contact',
  'investigating',
  'planning',
  'awaiting-approval',
  'awaiting-customer',
  'executing',
  'follow-up',
  'closed',
] as const;
export type ComplaintStage = (typeof COMPLAINT_STAGES)[number];

export interface ComplaintParticipant {
  role: ParticipantRole;
  assessedBy?: string;
  assessedAt?: string;
}

export interface ComplaintAssessment {
  role: ParticipantRole;
  staffId: string;
  findings: string;
  rootCause?: string;
  at: string;
}

export interface ResolutionPlan {
  summary: string;
  actions: PlanAction[];
  proposedBy: string;
  proposedAt: string;
  approvedBy?: string;
  approvedAt?: string;
  sentBack?: { by: string; reason: string; at: string }[];
  /** The actions carried out, in the order they were done (each one once). */
  executed?: { kind: PlanActionKind; outcome: string; at: string }[];
  /** One record per action of the accepted plan (same order), from the moment it is accepted. */
  outcomes?: PlanActionOutcome[];
}

/**
 * What became of one action of the accepted plan. `pending`: queued or under way; `done`: carried
 * out through its adapter, or by hand and recorded by staff; `failed`: its adapter failed for good
 * (or past its retry budget), a staff task is open, and it runs again only when staff ask for a
 * retry (with the same idempotency key) or record that they did it by hand.
 */
export interface PlanActionOutcome {
  /** `action-<index in plan.actions>`, as in the action's idempotency key. */
  id: string;
  kind: PlanActionKind;
  status: 'pending' | 'done' | 'failed';
  /** When the status was set. */
  at: string;
  /** Done: what was done, e.g. "requested (B-123)", "done by hand: …". */
  outcome?: string;
  /** Failed: why, as a category (never the provider's message). */
  reason?: string;
  /** Times it failed so far (each failure opened its own task). */
  failures: number;
  /** Done by hand: who recorded it. */
  by?: string;
}

export interface CorrectiveAction {
  id: string;
  description: string;
  owner: string;
  dueDate: string;
  status: 'open' | 'done';
  completedBy?: string;
  completedAt?: string;
}

/** What a complaint workflow is given: the request and the clinic's policies in force at intake. */
export interface ComplaintInput {
  caseId: string;
  request: ParsedStartComplaintRequest;
  clinic: {
    id: string;
    name: string;
    calendar: BusinessCalendar;
    quietHours: { start: string; end: string };
  };
  owner: ParticipantRole;
  participants: ParticipantRole[];
  sla: Pick<ComplaintSla, 'directorAfterMinutes' | 'satisfactionFollowUpDays' | 'reopenWindowDays'>;
  clocks: ComplaintClockPolicy[];
  /** Continue-as-new once the history passes this many events (tests lower it). */
  historyLimit?: number;
  /** The case carried over from the previous run after continue-as-new. */
  carried?: unknown;
}

export function toComplaintInput(
  request: ParsedStartComplaintRequest,
  clinic: Pick<
    Clinic,
    'id' | 'name' | 'timeZone' | 'businessHours' | 'holidays' | 'quietHours' | 'complaintSla'
  >,
): ComplaintInput {
  const { owner, participants } = route(request.category, request.severity);
  const sla = clinic.complaintSla;
  return {
    caseId: complaintId(clinic.id, request.complaintId),
    request,
    clinic: { id: clinic.id, name: clinic.name, calendar: calendarOf(clinic), quietHours: clinic.quietHours },
    owner,
    participants,
    sla: {
      directorAfterMinutes: sla.directorAfterMinutes,
      satisfactionFollowUpDays: sla.satisfactionFollowUpDays,
      reopenWindowDays: sla.reopenWindowDays,
    },
    clocks: clockPoliciesFor(sla, request.severity),
  };
}
