import { z } from 'zod';
import { PARTICIPANT_ROLES, planActionSchema } from './complaint';
import { isoDate, opaqueId } from './validation';

// Staff decisions on a complaint. The API validates bodies with these (400); the workflow's
// synchronous validators then check them against the case (422 with the reason, nothing changes).

const staffId = opaqueId;
const text = z.string().min(1).max(2000);

export const COMPLAINT_DECISIONS = {
  'record-first-contact': z.object({ staffId, note: text }).strict(),
  'submit-assessment': z
    .object({ role: z.enum(PARTICIPANT_ROLES), staffId, findings: text, rootCause: text.optional() })
    .strict(),
  'propose-plan': z
    .object({ staffId, summary: text, actions: z.array(planActionSchema).min(1).max(10) })
    .strict(),
  'approve-plan': z.object({ staffId }).strict(),
  'send-back-plan': z.object({ staffId, reason: text }).strict(),
  'record-customer-response': z.object({ staffId, accepted: z.boolean(), comment: text.optional() }).strict(),
  'pause-for-customer': z.object({ staffId, reason: text }).strict(),
  'resume-from-customer': z.object({ staffId }).strict(),
  'record-satisfaction': z.object({ staffId, satisfied: z.boolean(), comment: text.optional() }).strict(),
  'add-corrective-action': z
    .object({ staffId, description: text, owner: staffId, dueDate: isoDate })
    .strict(),
  'complete-corrective-action': z
    .object({ staffId, actionId: z.string().min(1), note: text.optional() })
    .strict(),
  reopen: z.object({ staffId, reason: text }).strict(),
  // A plan action whose adapter failed for good: run the failed ones again (same idempotency
  // keys), or record that one was done by hand (e.g. the refund keyed in at the till).
  'retry-plan-actions': z.object({ staffId, note: text.optional() }).strict(),
  'complete-plan-action': z
    .object({
      staffId,
      actionId: z.string().regex(/^action-\d{1,2}$/, 'must be an action id "action-<n>"'),
      note: text,
    })
    .strict(),
} as const;

export type ComplaintDecisionName = keyof typeof COMPLAINT_DECISIONS;
export const COMPLAINT_DECISION_NAMES = Object.keys(COMPLAINT_DECISIONS) as ComplaintDecisionName[];
export type ComplaintDecision<N extends ComplaintDecisionName> = z.infer<(typeof COMPLAINT_DECISIONS)[N]>;
