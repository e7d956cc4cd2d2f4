import { z } from 'zod';
import type { Action } from '../../domain/access';
import { PARTICIPANTS_OF_ROLE } from '../../domain/access';
import { startComplaintRequestSchema } from '../../domain/complaint';
import { afterHoursContactRequestSchema, contactOutcomeSchema } from '../../domain/contact';
import type { ComplaintDecisionName } from '../../domain/complaint-decisions';
import { COMPLAINT_DECISION_NAMES, COMPLAINT_DECISIONS } from '../../domain/complaint-decisions';
import type { DecisionName } from '../../domain/decisions';
import { DECISION_NAMES, DECISIONS, patientReplySchema } from '../../domain/decisions';
import { startJourneyRequestSchema } from '../../domain/journey';
import { COMPLAINT_ID, INCIDENT_ID, JOURNEY_ID } from '../../domain/case-ids';
import { listProtocols } from '../../domain/protocol-catalogue';
import { protocolId } from '../../domain/validation';
import { period } from '../routes/complaints';
import { acknowledgement, staffSms } from '../routes/escalations';
import { codecRequest } from '../routes/codec';
import { erasureRequestSchema } from '../routes/erasures';
import { outboxQuery } from '../routes/outbox';
import { previewRequest } from '../routes/protocols';
import { apiDecisionBody } from '../actor';
import type { ErrorStatus } from './error-responses';
import type { JsonSchema, QueryParameter } from './json-schema';
import { jsonSchema, queryParameters } from './json-schema';
import { RESPONSES } from './responses';

// Every endpoint of api/routes/*.ts, with the same zod schemas the routes validate with. A route
// added there must be added here: test/unit/openapi.test.ts compares this list with the routers.

export interface OperationSpec {
  method: 'get' | 'post';
  /** OpenAPI path template: `/journeys/{journeyId}`. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description: string;
  /** What the caller's role must be allowed to do (domain/access.ts); absent: public, no credential. */
  action?: Action;
  query?: QueryParameter[];
  body?: z.ZodType;
  /** Success responses by status. `contentType` defaults to JSON. */
  responses: Record<
    number,
    {
      description: string;
      schema: JsonSchema;
      contentType?: string;
      headers?: Record<string, { description: string; schema: JsonSchema }>;
    }
  >;
  /** Errors besides those document.ts gives every operation of its kind (credential, body, rate limit). */
  errors?: ErrorStatus[];
  /** Accepts an Idempotency-Key header (api/idempotency.ts): a retry returns the first result. */
  idempotent?: true;
  /** A health probe: never rate limited (a 429 would take the replica out of service). */
  probe?: true;
  /** Calls Temporal (api/temporal-bounds.ts): 503 when it or the worker does not answer in time. */
  temporal?: true;
}

export const TAGS = [
  { name: 'journeys', description: 'Care journeys: one durable workflow per surgery.' },
  { name: 'journey decisions', description: 'Staff decisions on a running journey.' },
  { name: 'escalations', description: 'On-call incidents: the page record and acknowledgements.' },
  { name: 'complaints', description: 'Complaints: intake, state, customer replies, listing and SLA report.' },
  {
    name: 'after-hours',
    description: "Contacts on the 24-hour line: into the patient's journey, or handled alone.",
  },
  { name: 'complaint decisions', description: 'Staff decisions on a running complaint.' },
  { name: 'protocols', description: 'The versioned care-protocol catalogue.' },
  { name: 'erasure', description: "A person's data erased at their request." },
  { name: 'outbox', description: 'Development only: what the dev adapters "sent".' },
  {
    name: 'codec',
    description:
      "The Temporal Web UI's codec endpoint (Temporal's remote codec protocol): payloads are encrypted in Temporal; these decrypt the caller's clinic's for the UI.",
  },
  { name: 'system', description: 'Health, readiness and this documentation; no credential needed.' },
] as const;

/** The catalogue's protocol ids: the only ones the routes take (400 or 404 otherwise). */
const PROTOCOL_IDS = listProtocols().map((p) => p.id);
// Every body field that names a protocol lists them (the domain schema cannot: see protocolId).
z.globalRegistry.add(protocolId, { enum: PROTOCOL_IDS });

/** Path parameters: every `{name}` in a path is one of these, with the pattern the route checks. */
export const PATH_PARAMETERS: Record<string, { description: string; schema: JsonSchema }> = {
  journeyId: {
    description: '"journey:<clinicId>:<surgeryId>", URL-encoded. Malformed: 400.',
    schema: { type: 'string', pattern: JOURNEY_ID.source },
  },
  complaintId: {
    description: '"complaint:<clinicId>:<complaintId>", URL-encoded. Malformed: 400.',
    schema: { type: 'string', pattern: COMPLAINT_ID.source },
  },
  incidentId: {
    description:
      '"journey:<clinicId>:<surgeryId>:incident-<n>" or "contact:<clinicId>:<contactId>:incident-<n>", URL-encoded. Malformed: 400.',
    schema: { type: 'string', pattern: INCIDENT_ID.source },
  },
  protocolId: {
    description: 'A catalogue protocol id such as "rhinoplasty@2" (GET /protocols); another is a 404.',
    schema: { type: 'string', minLength: 1 },
  },
};

// A decision not finished within the deadline (api/decision-pending.ts).
const PENDING_DECISION = {
  description:
    'Pending: not finished within the deadline (TEMPORAL_QUERY_TIMEOUT_MS), because no worker took it yet (stage "waiting-for-worker") or the case is still carrying it out ("accepted"). Temporal keeps it and applies it at most once. Send the same request again with the Idempotency-Key of this answer (body and header; the API makes one up when the request had none) to learn the outcome: 200 once done, 422 if the case refuses it, 202 while still pending. Retry-After says when.',
  schema: RESPONSES.decisionPending,
  headers: {
    'Retry-After': { description: 'Seconds to wait before sending it again.', schema: { type: 'integer' } },
    'Idempotency-Key': {
      description: 'The key to send the decision again with (the same as in the body).',
      schema: { type: 'string' },
    },
  },
};

// Who decided (api/actor.ts), said on every decision that records a staffId.
const WHO_DECIDED =
  "A credential issued to a member of staff records its own staffId as the one who decided: body.staffId may be left out, and naming anyone else is a 403 (field body.staffId). A system's credential (no staffId) must name the person (400 otherwise).";
const withWho = (schema: z.ZodType) =>
  'staffId' in ((schema as z.ZodObject).shape ?? {}) ? WHO_DECIDED : undefined;

// Decisions with a rule beyond their body schema, said in their description.
const JOURNEY_DECISION_NOTES: Partial<Record<DecisionName, string>> = {
  'migrate-protocol': 'body.protocolId must be in the catalogue (GET /protocols), otherwise 400.',
};
// Who may file whose assessment, from the same table the route checks.
const ASSESSMENTS_BY_ROLE = Object.entries(PARTICIPANTS_OF_ROLE)
  .filter(([, participants]) => participants.length > 0)
  .map(([role, participants]) => `${role}: ${participants.join(', ')}`)
  .join('; ');
const COMPLAINT_DECISION_NOTES: Partial<Record<ComplaintDecisionName, string>> = {
  'submit-assessment': `Each participant speaks for itself: body.role must be one the caller's role may submit, otherwise 403 (${ASSESSMENTS_BY_ROLE}).`,
  'retry-plan-actions':
    'Runs again the plan actions recorded failed (plan.outcomes), each under its own idempotency key; the actions already done are not repeated. 422 while the plan is being carried out or when none failed.',
  'complete-plan-action':
    'Records a failed plan action (body.actionId, "action-<n>" in plan.outcomes) as done by hand, with a note; once every action is done the case moves to the satisfaction follow-up.',
};

function journeyDecision(name: DecisionName): OperationSpec {
  return {
    method: 'post',
    path: `/journeys/{journeyId}/decisions/${name}`,
    operationId: `journey-${name}`,
    temporal: true,
    tag: 'journey decisions',
    summary: `Decision: ${name}`,
    description: [
      `The staff decision "${name}" on a running journey. The body is checked by its schema (400), then by the journey against its live state (422 with the reason; nothing changes).`,
      JOURNEY_DECISION_NOTES[name],
      withWho(DECISIONS[name]),
    ]
      .filter(Boolean)
      .join(' '),
    action: `journey:${name}`,
    body: apiDecisionBody(DECISIONS[name]),
    responses: {
      200: { description: 'Done.', schema: RESPONSES.journeyDecided },
      202: PENDING_DECISION,
    },
    errors: [404, 422],
    idempotent: true,
  };
}

function complaintDecision(name: ComplaintDecisionName): OperationSpec {
  return {
    method: 'post',
    path: `/complaints/{complaintId}/decisions/${name}`,
    operationId: `complaint-${name}`,
    temporal: true,
    tag: 'complaint decisions',
    summary: `Decision: ${name}`,
    description: [
      `The staff decision "${name}" on a running complaint. The body is checked by its schema (400), then by the case against its stage (422 when out of order; nothing changes).`,
      COMPLAINT_DECISION_NOTES[name],
      withWho(COMPLAINT_DECISIONS[name]),
    ]
      .filter(Boolean)
      .join(' '),
    action: `complaint:${name}`,
    body: apiDecisionBody(COMPLAINT_DECISIONS[name]),
    responses: {
      200: { description: 'Done.', schema: RESPONSES.complaintDecided },
      202: PENDING_DECISION,
    },
    errors: [404, 422],
    idempotent: true,
  };
}

export const OPERATIONS: OperationSpec[] = [
  {
    method: 'post',
    path: '/journeys',
    operationId: 'start-journey',
    temporal: true,
    tag: 'journeys',
    summary: 'Start the care journey of a surgery',
    description:
      "The clinic must be the credential's own and exist in the clinic configuration; protocolId defaults to the newest protocol for the procedure. The workflow id is the business key \"journey:<clinicId>:<surgeryId>\", so the same surgery can never have two journeys (409), even after the first has finished. surgery.performedAt more than 24 hours in the future is a 400; a surgery whose protocol follow-up has already ended is a 422 (nothing left to do); both name body.surgery.performedAt. A journey registered after the surgery skips the check-ins whose window has passed (their reply window ended, or a later check-in is already due): they are skipped-late in the response and the state, never sent. bulkImport: true marks a journey started as part of a bulk import (moving running follow-ups onto the system): it runs at the lowest task priority, so a live patient's reply and pages are handled before the import's work; its own escalations are as urgent as any. Bulk imports are also paced: each API process starts at most IMPORT_STARTS_PER_SECOND (default 20) a second; one over it waits its turn, up to 10 s, else 429 import-paced with Retry-After and nothing started (send it again then). Live journeys are never paced.",
    action: 'journey:start',
    body: startJourneyRequestSchema,
    responses: {
      201: { description: 'Started; Location is the journey.', schema: RESPONSES.journeyCreated },
    },
    errors: [409, 422],
    idempotent: true,
  },
  {
    method: 'get',
    path: '/journeys/{journeyId}',
    operationId: 'get-journey',
    temporal: true,
    tag: 'journeys',
    summary: 'The live state of a journey',
    description: 'Answered by the running (or finished) workflow through a query.',
    action: 'journey:read',
    responses: { 200: { description: 'The state.', schema: RESPONSES.journeyState } },
    errors: [400, 404],
  },
  {
    method: 'post',
    path: '/journeys/{journeyId}/replies',
    operationId: 'journey-reply',
    temporal: true,
    tag: 'journeys',
    summary: "A patient's SMS reply",
    description:
      'Relayed by the clinic system after verifying the SMS provider, or taken down by staff from a call. Deduplicated by providerMessageId inside the journey, so a redelivery is harmless. 422 when the journey has ended.',
    action: 'journey:reply',
    body: patientReplySchema,
    responses: {
      202: { description: 'Accepted; triaged by the journey.', schema: RESPONSES.journeyReplyAccepted },
    },
    errors: [404, 422],
  },
  {
    method: 'get',
    path: '/journeys/{journeyId}/migration-preview',
    operationId: 'journey-migration-preview',
    temporal: true,
    tag: 'journeys',
    summary: 'What migrating a journey to another protocol would change',
    description:
      'Nothing changes; the migration itself is the "migrate-protocol" decision. 400 when `to` is not in the catalogue; 422 when the pinned protocol is not.',
    action: 'journey:read',
    query: [
      {
        name: 'to',
        in: 'query',
        required: true,
        schema: {
          type: 'string',
          enum: PROTOCOL_IDS,
          description: 'The target protocol id, e.g. "rhinoplasty@2".',
        },
      },
    ],
    responses: { 200: { description: 'The preview.', schema: RESPONSES.migrationPreview } },
    errors: [400, 404, 422],
  },
  ...DECISION_NAMES.map(journeyDecision),

  {
    method: 'get',
    path: '/escalations/{incidentId}',
    operationId: 'get-escalation',
    temporal: true,
    tag: 'escalations',
    summary: "An incident's page record",
    description:
      'Who was paged when, per level and channel (call, SMS), the pages that could not be placed and why, and each acknowledgement with its latency since the incident started (latencySeconds) and since the page that was answered (sincePageSeconds).',
    action: 'escalation:read',
    responses: { 200: { description: 'The record.', schema: RESPONSES.escalationRecord } },
    errors: [400, 404],
  },
  {
    method: 'post',
    path: '/escalations/{incidentId}/acknowledgements',
    operationId: 'acknowledge-escalation',
    temporal: true,
    tag: 'escalations',
    summary: 'Acknowledge an incident',
    description: `The "acknowledge-escalation" decision on the incident's journey (by keypad, SMS or the API). 422 when the journey refuses it. ${WHO_DECIDED}`,
    action: 'escalation:acknowledge',
    body: apiDecisionBody(acknowledgement),
    responses: {
      200: { description: 'Acknowledged.', schema: RESPONSES.acknowledged },
      202: PENDING_DECISION,
    },
    errors: [404, 422],
    idempotent: true,
  },
  {
    method: 'post',
    path: '/staff-replies',
    operationId: 'staff-reply',
    temporal: true,
    tag: 'escalations',
    summary: 'An SMS from a member of staff ("ACK <ref>" or "ACK <incidentId>")',
    description:
      "Relayed by the clinic system. `<ref>` is the incident's four-digit reference that pages read out (404 when no running incident of the credential's clinic has it, 422 when two have); the full incident id works too. The sender's phone must be on the on-call roster of the incident's clinic (422 otherwise); the acknowledgement is recorded as theirs.",
    action: 'staff-sms:relay',
    body: staffSms,
    responses: {
      200: { description: 'Acknowledged.', schema: RESPONSES.staffReplyAcknowledged },
      202: PENDING_DECISION,
    },
    errors: [404, 422],
    idempotent: true,
  },
  {
    method: 'post',
    path: '/after-hours-contacts',
    operationId: 'after-hours-contact',
    temporal: true,
    tag: 'after-hours',
    summary: 'A call or message on the 24-hour line',
    description:
      'From the call centre or the telephony integration, for the credential\'s clinic. Classified from the words and the operator\'s urgentFlag: urgent or emergency pages the on-call staff now; anything else gets a polite SMS and a callback task when the clinic next opens. A patient with a running journey has it signalled into the journey as a reply (202), which triages it by its protocol; otherwise a standalone workflow "contact:<clinicId>:<contactId>" handles it (201). The same contactId again returns the first outcome (200).',
    action: 'contact:intake',
    body: afterHoursContactRequestSchema,
    responses: {
      200: {
        description: 'This contact was already taken in: its first outcome.',
        schema: jsonSchema(contactOutcomeSchema),
      },
      201: {
        description: 'Handled by a standalone contact workflow.',
        schema: jsonSchema(contactOutcomeSchema),
      },
      202: {
        description: "Signalled into the patient's running journey.",
        schema: jsonSchema(contactOutcomeSchema),
      },
    },
  },

  {
    method: 'post',
    path: '/complaints',
    operationId: 'start-complaint',
    temporal: true,
    tag: 'complaints',
    summary: 'Take in a complaint',
    description:
      'From the front desk, the phone or the online form (a low survey score opens one itself). The clinic must be the credential\'s own; the category and severity pick the owner and participants. The workflow id is "complaint:<clinicId>:<complaintId>" (409 when it exists).',
    action: 'complaint:start',
    body: startComplaintRequestSchema,
    responses: {
      201: { description: 'Received; Location is the complaint.', schema: RESPONSES.complaintCreated },
    },
    errors: [409],
    idempotent: true,
  },
  {
    method: 'get',
    path: '/complaints',
    operationId: 'list-complaints',
    temporal: true,
    tag: 'complaints',
    summary: 'Complaints started in a period',
    description: "The credential's own clinic only (403 otherwise).",
    action: 'complaint:read',
    query: queryParameters(period),
    responses: { 200: { description: 'The complaints.', schema: RESPONSES.complaintList } },
    errors: [400],
  },
  {
    method: 'get',
    path: '/complaints-report',
    operationId: 'complaints-report',
    temporal: true,
    tag: 'complaints',
    summary: 'Closure rate and SLA compliance for a period',
    description: "The credential's own clinic only (403 otherwise).",
    action: 'complaint:report',
    query: queryParameters(period),
    responses: { 200: { description: 'The report.', schema: RESPONSES.complaintReport } },
    errors: [400],
  },
  {
    method: 'get',
    path: '/complaints/{complaintId}',
    operationId: 'get-complaint',
    temporal: true,
    tag: 'complaints',
    summary: 'The live state of a complaint',
    description: 'SLA clocks are counted up to the moment of the call.',
    action: 'complaint:read',
    responses: { 200: { description: 'The state.', schema: RESPONSES.complaintState } },
    errors: [400, 404],
  },
  {
    method: 'post',
    path: '/complaints/{complaintId}/replies',
    operationId: 'complaint-reply',
    temporal: true,
    tag: 'complaints',
    summary: "The customer's SMS reply",
    description:
      'YES/NO to the plan or to the follow-up. Deduplicated by providerMessageId. 422 when the complaint has ended.',
    action: 'complaint:reply',
    body: patientReplySchema,
    responses: { 202: { description: 'Accepted.', schema: RESPONSES.complaintReplyAccepted } },
    errors: [404, 422],
  },
  ...COMPLAINT_DECISION_NAMES.map(complaintDecision),

  {
    method: 'get',
    path: '/protocols',
    operationId: 'list-protocols',
    tag: 'protocols',
    summary: 'The protocol catalogue',
    description: 'Id, procedure, version and title of every protocol version.',
    action: 'protocol:read',
    responses: { 200: { description: 'The catalogue.', schema: RESPONSES.protocolList } },
  },
  {
    method: 'get',
    path: '/protocols/{protocolId}',
    operationId: 'get-protocol',
    tag: 'protocols',
    summary: 'One protocol',
    description: 'Check-in schedule, red-flag rules, medication defaults, return-visit reminders, survey.',
    action: 'protocol:read',
    responses: { 200: { description: 'The protocol.', schema: RESPONSES.protocol } },
    errors: [404],
  },
  {
    method: 'post',
    path: '/protocols/{protocolId}/schedule-preview',
    operationId: 'protocol-schedule-preview',
    tag: 'protocols',
    summary: 'The dated schedule a protocol would produce',
    description: 'For a surgery time, time zone and quiet hours; nothing is started.',
    action: 'protocol:read',
    body: previewRequest,
    responses: { 200: { description: 'The schedule.', schema: RESPONSES.schedulePreview } },
    errors: [404],
  },

  {
    method: 'post',
    path: '/erasures',
    operationId: 'erase-person',
    temporal: true,
    tag: 'erasure',
    summary: "Erase a person's cases at their request",
    description:
      "Every journey, complaint and after-hours contact of this phone number at the credential's clinic (found through the pseudonymous ContactKey) is stopped and its history, with its children's (escalations, transfers, medication courses, return visits), deleted from Temporal; the development outbox forgets its messages. Irreversible. What the law requires the clinic to keep is in its EHR, not here. The number goes in the body, never the URL; the API log records who erased which case ids, never the number.",
    action: 'person:erase',
    body: erasureRequestSchema,
    responses: { 200: { description: 'What was erased.', schema: RESPONSES.erasure } },
    errors: [400],
  },

  {
    method: 'get',
    path: '/outbox',
    operationId: 'list-outbox',
    tag: 'outbox',
    summary: 'What the development adapters sent',
    description:
      "Only when the API runs with the development adapters. Entries of the credential's own clinic's cases, oldest first.",
    action: 'outbox:read',
    query: queryParameters(outboxQuery),
    responses: { 200: { description: 'The entries.', schema: RESPONSES.outbox } },
    errors: [400],
  },

  {
    method: 'post',
    path: '/codec/decode',
    operationId: 'codec-decode',
    tag: 'codec',
    summary: 'Decrypt payloads for the Temporal Web UI',
    description:
      'Temporal\'s remote codec protocol: `{"payloads": [{"metadata": {"encoding": "<base64>", …}, "data": "<base64>"}]}` in, the same shape out, in the same order. Payloads of the credential\'s clinic are decrypted; those of another clinic, and encrypted payloads tagged with no clinic, come back unchanged (still encrypted), as do plaintext ones. The Web UI calls it with its endpoint set to `<API>/codec`; a browser authenticates with the cookie of `POST /codec/session`, other tools with the bearer credential. CORS: the origins in CODEC_ALLOWED_ORIGINS. Its own rate limit (a history is decoded event by event). A payload of the clinic that cannot be decrypted (its key is not in the key ring, or it was altered) is a 400 naming it.',
    action: 'codec:decode',
    body: codecRequest,
    responses: {
      200: { description: 'The payloads, decrypted where allowed.', schema: jsonSchema(codecRequest) },
    },
  },
  {
    method: 'post',
    path: '/codec/encode',
    operationId: 'codec-encode',
    tag: 'codec',
    summary: 'Encrypt payloads for the Temporal Web UI',
    description:
      "The remote codec protocol's encode, used when someone sends a signal or starts a workflow from the Web UI: the payloads come back encrypted with the current key, tagged with the credential's clinic.",
    action: 'codec:encode',
    body: codecRequest,
    responses: { 200: { description: 'The payloads, encrypted.', schema: jsonSchema(codecRequest) } },
  },
  {
    method: 'post',
    path: '/codec/session',
    operationId: 'codec-sign-in',
    tag: 'codec',
    summary: 'Sign a browser in to the codec endpoint',
    description:
      'The Web UI sends no bearer credential of ours, only cookies (its setting "Include cross-origin credentials"). This keeps the credential (from `Authorization`, or the form field `token` of `GET /codec/sign-in`) in an HttpOnly, SameSite=Strict cookie for /codec only, for 8 hours: the UI and the API must be on the same site (e.g. subdomains of one domain, or both on 127.0.0.1). A form answers with an HTML page; a form from another origin than this API or an allowed UI origin is a 403.',
    action: 'codec:decode',
    responses: {
      200: {
        description: 'Signed in; `Set-Cookie: codec-session=…`.',
        schema: jsonSchema(z.object({ clinicId: z.string(), role: z.string(), expiresAt: z.string() })),
      },
    },
  },
  {
    method: 'get',
    path: '/codec/sign-in',
    operationId: 'codec-sign-in-page',
    tag: 'codec',
    summary: 'The sign-in page of the codec endpoint',
    description:
      'A form that posts a credential token to `POST /codec/session`, and how to set up the Web UI.',
    responses: { 200: { description: 'The page.', schema: { type: 'string' }, contentType: 'text/html' } },
  },
  {
    method: 'post',
    path: '/codec/sign-out',
    operationId: 'codec-sign-out',
    tag: 'codec',
    summary: 'Sign a browser out of the codec endpoint',
    description: 'Clears the cookie of `POST /codec/session`.',
    responses: {
      200: { description: 'Signed out.', schema: jsonSchema(z.object({ signedOut: z.literal(true) })) },
    },
  },

  {
    method: 'get',
    path: '/healthz',
    operationId: 'healthz',
    tag: 'system',
    summary: 'Liveness',
    description: 'The process answers.',
    responses: { 200: { description: 'Up.', schema: RESPONSES.health } },
    probe: true,
  },
  {
    method: 'get',
    path: '/readyz',
    operationId: 'readyz',
    tag: 'system',
    summary: 'Readiness',
    description: 'Temporal is reachable and this API process is not stopping.',
    responses: {
      200: { description: 'Ready.', schema: RESPONSES.ready },
      503: {
        description: 'Not ready: Temporal is not reachable, or this API process is stopping.',
        schema: RESPONSES.notReady,
      },
    },
    probe: true,
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'openapi',
    tag: 'system',
    summary: 'This OpenAPI document',
    description: 'Generated from the zod schemas the routes validate with.',
    responses: { 200: { description: 'OpenAPI 3.1.', schema: { type: 'object' } } },
  },
  {
    method: 'get',
    path: '/docs',
    operationId: 'docs',
    tag: 'system',
    summary: 'This document as a page',
    description: 'Self-contained HTML; works offline.',
    responses: { 200: { description: 'The page.', schema: { type: 'string' }, contentType: 'text/html' } },
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tag: 'system',
    summary: 'Prometheus metrics',
    description:
      'Aggregates only (route patterns, statuses, clinic ids; never a case id or a phone number). ' +
      'Open unless METRICS_TOKEN is set; then it needs `Authorization: Bearer <METRICS_TOKEN>` (not an API credential).',
    responses: {
      200: {
        description: 'The Prometheus text format.',
        schema: { type: 'string' },
        contentType: 'text/plain; version=0.0.4',
      },
    },
    errors: [401],
  },
];
