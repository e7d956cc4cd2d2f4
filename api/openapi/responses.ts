import { z } from 'zod';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_SEVERITIES,
  COMPLAINT_STAGES,
  PARTICIPANT_ROLES,
} from '../../domain/complaint';
import { protocolSchema } from '../../domain/protocol';
import type { JsonSchema } from './json-schema';
import { describedObject, jsonSchema } from './json-schema';

// What the routes answer. Small envelopes the routes build inline are written here as zod objects
// (open: converted on their input side, so adding a field later breaks no client); the protocol
// has a real schema; the live states of cases are TypeScript interfaces, so they are described,
// not given a schema that could be wrong.

const id = z.string();

/** The answer of a staff decision: what the workflow update returned, with the case and name. */
function decided(caseKey: 'journeyId' | 'complaintId'): JsonSchema {
  return jsonSchema(
    z.object({
      [caseKey]: id,
      decision: z.string(),
      accepted: z.literal(true),
      detail: z.string().optional().describe('What was done, when there is more to say.'),
    }),
  );
}

const protocol = jsonSchema(protocolSchema, 'output');
const protocolSummaryFields = ['id', 'procedureCode', 'version', 'title'];
const protocolProperties = protocol.properties as Record<string, JsonSchema>;

export const RESPONSES = {
  decisionPending: jsonSchema(
    z.object({
      status: z.literal('pending'),
      decision: z.string(),
      stage: z.enum(['waiting-for-worker', 'accepted']),
      idempotencyKey: z.string().describe('Send the decision again with this Idempotency-Key.'),
      message: z.string(),
      requestId: z.string(),
    }),
  ),
  health: jsonSchema(z.object({ status: z.literal('ok') })),
  ready: jsonSchema(z.object({ status: z.literal('ready') })),
  notReady: jsonSchema(z.object({ status: z.enum(['unavailable', 'shutting-down']), reason: z.string() })),

  protocol,
  protocolList: {
    type: 'object',
    properties: {
      protocols: {
        type: 'array',
        items: {
          type: 'object',
          properties: Object.fromEntries(protocolSummaryFields.map((f) => [f, protocolProperties[f]])),
          required: protocolSummaryFields,
        },
      },
    },
    required: ['protocols'],
  },
  schedulePreview: {
    type: 'object',
    properties: {
      protocolId: { type: 'string' },
      schedule: {
        type: 'array',
        items: describedObject(
          'A planned action (PlannedAction in domain/schedule-plan.ts): a check-in, the survey or the end of follow-up, with its time.',
        ),
      },
    },
    required: ['protocolId', 'schedule'],
  },

  journeyCreated: jsonSchema(
    z.object({
      journeyId: id,
      protocolId: id,
      checkIns: z
        .array(z.object({ id, dueAt: z.string(), status: z.enum(['scheduled', 'skipped-late']) }))
        .describe(
          "The protocol's check-ins; a journey registered after the surgery skips those whose window has passed (skipped-late: never sent).",
        ),
    }),
  ),
  journeyState: describedObject(
    'The live state of the journey (JourneyState in domain/journey.ts): stage, risk, next action and its time, check-ins, open escalations, transfers, staff tasks, medication adherence, return visits, survey, linked complaints and the timeline.',
  ),
  journeyReplyAccepted: jsonSchema(z.object({ journeyId: id, providerMessageId: z.string() })),
  journeyDecided: decided('journeyId'),
  migrationPreview: describedObject(
    'What migrating to the target protocol would change (MigrationPreview in domain/protocol-migration.ts): check-ins removed, added and kept, a list of changes, and the resulting check-ins.',
  ),

  escalationRecord: describedObject(
    "The incident's page record (the escalation workflow's record query): who was paged when, each level, the acknowledgement and its latency.",
  ),
  acknowledged: jsonSchema(
    z.object({ incidentId: id, accepted: z.literal(true), detail: z.string().optional() }),
  ),
  staffReplyAcknowledged: jsonSchema(
    z.object({ incidentId: id, staffId: id, accepted: z.literal(true), detail: z.string().optional() }),
  ),

  complaintCreated: jsonSchema(
    z.object({
      complaintId: id,
      owner: z.enum(PARTICIPANT_ROLES),
      participants: z.array(z.enum(PARTICIPANT_ROLES)),
    }),
  ),
  complaintState: describedObject(
    'The live state of the complaint (ComplaintState in workflows/complaint.ts): stage, owner, participants and assessments, plan, customer response, every SLA clock with remaining time or breach, corrective actions, satisfaction and the timeline.',
  ),
  complaintList: jsonSchema(
    z.object({
      complaints: z.array(
        z.object({
          complaintId: id,
          category: z.enum(COMPLAINT_CATEGORIES),
          severity: z.enum(COMPLAINT_SEVERITIES),
          stage: z.enum(COMPLAINT_STAGES),
          breachedClocks: z.array(z.string()),
        }),
      ),
    }),
  ),
  complaintReport: jsonSchema(
    z.object({
      clinicId: id,
      from: z.string(),
      to: z.string(),
      total: z.number().int(),
      closed: z.number().int(),
      closureRate: z.number().nullable().describe('closed / total; null without cases.'),
      clocks: z
        .record(
          z.string(),
          z.object({
            met: z.number().int(),
            breached: z.number().int(),
            running: z.number().int(),
            compliance: z.number().nullable().describe('met / (met + breached); null when none is decided.'),
          }),
        )
        .describe('Per SLA clock: first-contact, root-cause, resolution-plan.'),
    }),
  ),
  complaintReplyAccepted: jsonSchema(z.object({ complaintId: id, providerMessageId: z.string() })),
  complaintDecided: decided('complaintId'),

  erasure: jsonSchema(
    z.object({
      erased: z
        .array(z.string())
        .describe('The cases and child workflows deleted from Temporal (opaque ids).'),
      outboxEntries: z
        .number()
        .int()
        .describe('Development outbox entries forgotten (0 without the dev adapters).'),
    }),
  ),
  outbox: {
    type: 'object',
    properties: {
      entries: {
        type: 'array',
        items: describedObject(
          'What a development adapter "sent" (OutboxEntry in adapters/dev/outbox.ts): id, kind, caseId, idempotencyKey, at, and to, body or data.',
        ),
      },
    },
    required: ['entries'],
  },
} satisfies Record<string, JsonSchema>;
