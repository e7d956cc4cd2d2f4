import { z } from 'zod';
import { opaqueId, protocolId } from './validation';

// Staff decisions on a running journey. The API validates the body with these schemas (400);
// the workflow's synchronous update validators then check them against the live state (422).

const staffId = opaqueId;
const reason = z.string().min(1).max(500);
const isoInstant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset' });

export const DECISIONS = {
  'record-call-outcome': z
    .object({
      taskId: z.string().min(1),
      staffId,
      outcome: z.enum(['reached', 'no-answer', 'needs-review']),
      note: reason.optional(),
    })
    .strict(),
  'complete-task': z.object({ taskId: z.string().min(1), staffId, note: reason.optional() }).strict(),
  'add-check-in': z
    .object({ at: isoInstant, channel: z.enum(['sms', 'nurse-call']), staffId, reason })
    .strict(),
  pause: z.object({ staffId, reason }).strict(),
  resume: z.object({ staffId }).strict(),
  'migrate-protocol': z.object({ protocolId, staffId, reason }).strict(),
  'close-early': z.object({ staffId, reason }).strict(),
  cancel: z.object({ staffId, reason }).strict(),
  // via: how the acknowledgement came (keypad on the page call, an SMS reply, or the API).
  'acknowledge-escalation': z
    .object({ incidentId: z.string().min(1), staffId, via: z.enum(['keypad', 'sms', 'api']).optional() })
    .strict(),
  'resolve-escalation': z
    .object({ incidentId: z.string().min(1), staffId, note: reason.optional() })
    .strict(),
  'transfer-decision': z
    .object({
      transferId: z.string().min(1),
      staffId,
      decision: z.enum(['cancel', 'proceed']),
      reason: reason.optional(),
    })
    .strict(),
  'hospital-response': z
    .object({
      transferId: z.string().min(1),
      hospitalId: opaqueId,
      accepted: z.boolean(),
      note: reason.optional(),
    })
    .strict(),
  'confirm-handover': z.object({ transferId: z.string().min(1), staffId }).strict(),
  'record-visit-attendance': z.object({ visitId: opaqueId, attended: z.boolean(), staffId }).strict(),
} as const;

export type DecisionName = keyof typeof DECISIONS;
export const DECISION_NAMES = Object.keys(DECISIONS) as DecisionName[];
export type Decision<N extends DecisionName> = z.infer<(typeof DECISIONS)[N]>;

export const patientReplySchema = z
  .object({
    // The SMS provider's message id: a redelivered message with the same id is ignored.
    providerMessageId: z.string().min(1).max(100),
    text: z.string().min(1).max(1600),
    receivedAt: isoInstant.optional(),
    // Taken down by staff or the after-hours operator, who judged it urgent under the clinic's
    // script: the journey escalates even if the words alone would not.
    urgent: z.boolean().optional(),
  })
  .strict();
export type PatientReply = z.infer<typeof patientReplySchema>;
