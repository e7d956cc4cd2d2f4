import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { Router } from 'express';
import { z } from 'zod';
import { parseJourneyId } from '../../domain/case-ids';
import type { ClinicCatalogue } from '../../domain/clinic';
import {
  COMPLAINT_STAGES,
  parseComplaintId,
  startComplaintRequestSchema,
  toComplaintInput,
} from '../../domain/complaint';
import type { ComplaintDecisionName } from '../../domain/complaint-decisions';
import { COMPLAINT_DECISION_NAMES, COMPLAINT_DECISIONS } from '../../domain/complaint-decisions';
import { patientReplySchema } from '../../domain/decisions';
import { CROSS_FIELD, opaqueId } from '../../domain/validation';
import type { ComplaintState, ComplaintWorkflow } from '../../workflows/complaint-definitions';
import {
  complaintDecisionUpdate,
  complaintStateQuery,
  customerReplySignal,
} from '../../workflows/complaint-definitions';
import type { Request } from 'express';
import type { Action } from '../../domain/access';
import { PARTICIPANTS_OF_ROLE } from '../../domain/access';
import type { ParticipantRole } from '../../domain/complaint-kinds';
import { allow, forOtherClinic, ownCase } from '../auth';
import { CaseCalls } from '../case-calls';
import { ApiError } from '../errors';
import { decideOnce, startOnce } from '../idempotency';
import { contactKeyAttributes } from '../contact-key';
import { parseDecisionBody } from '../actor';
import { parseOr400 } from '../validate';

export const period = z
  .object({
    clinicId: opaqueId,
    from: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset' }),
    to: z.iso
      .datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset' })
      .describe('The end of the period, excluded; must be after from as an instant (422 otherwise).'),
    stage: z.enum(COMPLAINT_STAGES).optional(),
  })
  .strict()
  // As instants: offsets and fractions make the strings compare wrongly.
  .refine((p) => Date.parse(p.from) < Date.parse(p.to), {
    message: 'must be after from',
    path: ['to'],
    params: CROSS_FIELD,
  });

/** The complaint in the path, if the caller may do `action` and the case is its clinic's. */
export function complaintFor(req: Request, action: Action): string {
  const caller = allow(req, action);
  const id = String(req.params.complaintId);
  const parsed = parseComplaintId(id);
  if (!parsed)
    throw ApiError.badRequest('complaintId', 'must look like "complaint:<clinicId>:<complaintId>"');
  ownCase(caller, parsed.clinicId, `complaint "${id}"`);
  return id;
}

/** A listing's period, for the caller's own clinic only. */
function periodFor(req: Request, action: Action): z.infer<typeof period> {
  const caller = allow(req, action);
  const query = parseOr400(period, req.query, 'query');
  if (query.clinicId !== caller.clinicId) throw forOtherClinic(caller.clinicId, 'query.clinicId');
  return query;
}

/** Complaints: intake, state, staff decisions, customer replies, listing and the SLA report. */
export function complaintRoutes({
  client,
  taskQueue,
  clinics,
  contactKeySecret,
}: {
  client: Client;
  taskQueue: string;
  clinics: ClinicCatalogue;
  /** Keys the ContactKey search attribute, so the customer's SMS find the complaint. */
  contactKeySecret?: string;
}): Router {
  const router = Router();
  const calls = new CaseCalls(client, 'complaint');
  const state = (id: string) =>
    calls.on(id, () => client.workflow.getHandle(id).query(complaintStateQuery, new Date().toISOString()));

  router.post('/complaints', async (req, res) => {
    const caller = allow(req, 'complaint:start');
    const request = parseOr400(startComplaintRequestSchema, req.body, 'body');
    if (request.clinicId !== caller.clinicId) throw forOtherClinic(caller.clinicId);
    const clinic = clinics.clinics.find((c) => c.id === request.clinicId);
    if (!clinic) throw ApiError.badRequest('body.clinicId', `unknown clinic "${request.clinicId}"`);
    if (request.journeyId && parseJourneyId(request.journeyId)?.clinicId !== clinic.id) {
      throw ApiError.inconsistent('body.journeyId', `is not a journey of clinic "${clinic.id}"`);
    }
    const input = toComplaintInput(request, clinic);
    const { created, replayed } = await startOnce(req, res, client, {
      workflowId: input.caseId,
      created: { complaintId: input.caseId, owner: input.owner, participants: input.participants },
      start: (memo) =>
        client.workflow.start<ComplaintWorkflow>('complaint', {
          taskQueue,
          workflowId: input.caseId,
          args: [input],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowIdConflictPolicy: 'FAIL',
          staticSummary: `Complaint (${request.category}, ${request.severity})`,
          memo,
          ...contactKeyAttributes(contactKeySecret, request.clinicId, request.customer.phone),
        }),
      conflict: () =>
        new ApiError(409, 'conflict', `complaint "${request.complaintId}" already exists: ${input.caseId}`),
    });
    if (!replayed) req.log.info({ complaintId: input.caseId }, 'complaint received');
    res
      .status(201)
      .location(`/complaints/${encodeURIComponent(input.caseId)}`)
      .json(created);
  });

  async function casesIn(query: z.infer<typeof period>): Promise<string[]> {
    const filters = [
      `CaseKind = 'complaint'`,
      `ClinicId = '${query.clinicId}'`,
      `StartTime >= '${new Date(query.from).toISOString()}'`,
      `StartTime < '${new Date(query.to).toISOString()}'`,
      ...(query.stage ? [`ComplaintStage = '${query.stage}'`] : []),
    ];
    const ids: string[] = [];
    for await (const wf of client.workflow.list({ query: filters.join(' AND ') })) ids.push(wf.workflowId);
    return ids;
  }

  router.get('/complaints', async (req, res) => {
    const query = periodFor(req, 'complaint:read');
    const ids = await casesIn(query);
    const cases = await Promise.all(ids.map((id) => state(id)));
    res.json({
      complaints: cases.map((c) => ({
        complaintId: c.caseId,
        category: c.category,
        severity: c.severity,
        stage: c.stage,
        breachedClocks: c.breachedClocks,
      })),
    });
  });

  // Closure rate and SLA compliance for a period ([001] 二(一): complaint closure 100%).
  router.get('/complaints-report', async (req, res) => {
    const query = periodFor(req, 'complaint:report');
    const cases: ComplaintState[] = await Promise.all((await casesIn(query)).map((id) => state(id)));
    const clockIds = ['first-contact', 'root-cause', 'resolution-plan'];
    const clocks = Object.fromEntries(
      clockIds.map((clockId) => {
        const views = cases.map((c) => c.clockViews!.find((v) => v.id === clockId)!).filter(Boolean);
        const met = views.filter((v) => v.met).length;
        const breached = views.filter((v) => v.breached).length;
        const decided = met + breached;
        return [
          clockId,
          { met, breached, running: views.length - decided, compliance: decided ? met / decided : null },
        ];
      }),
    );
    const closed = cases.filter((c) => c.stage === 'closed').length;
    res.json({
      clinicId: query.clinicId,
      from: query.from,
      to: query.to,
      total: cases.length,
      closed,
      closureRate: cases.length ? closed / cases.length : null,
      clocks,
    });
  });

  router.get('/complaints/:complaintId', async (req, res) => {
    res.json(await state(complaintFor(req, 'complaint:read')));
  });

  // Deduplicated by providerMessageId inside the complaint: that id is the idempotency key.
  router.post('/complaints/:complaintId/replies', async (req, res) => {
    const id = complaintFor(req, 'complaint:reply');
    const reply = parseOr400(patientReplySchema, req.body, 'body');
    await calls.on(id, () => client.workflow.getHandle(id).signal(customerReplySignal, reply));
    res.status(202).json({ complaintId: id, providerMessageId: reply.providerMessageId });
  });

  router.post('/complaints/:complaintId/decisions/:decision', async (req, res) => {
    const name = req.params.decision as ComplaintDecisionName;
    if (!COMPLAINT_DECISION_NAMES.includes(name)) {
      throw ApiError.badRequest(
        'decision',
        `unknown decision; one of ${COMPLAINT_DECISION_NAMES.join(', ')}`,
      );
    }
    const id = complaintFor(req, `complaint:${name}`);
    // Who decided: a person's credential records its own staffId (403 for anyone else's).
    const body = parseDecisionBody(req, COMPLAINT_DECISIONS[name]);
    if (name === 'submit-assessment') {
      // Each participant speaks for itself: a nurse cannot file the doctor's assessment.
      const role = (body as { role: ParticipantRole }).role;
      const own = PARTICIPANTS_OF_ROLE[req.caller!.role];
      if (!own.includes(role)) {
        throw new ApiError(
          403,
          'forbidden',
          `body.role: a ${req.caller!.role} may submit only ${own.join(' or ')} assessments`,
          'body.role',
        );
      }
    }
    const update = complaintDecisionUpdate(name) as unknown as UpdateDefinition<
      { accepted: true; detail?: string },
      [never]
    >;
    // An Idempotency-Key makes a retry return the first result instead of deciding twice.
    const result = await decideOnce(req, calls, { id, name, update }, body);
    req.log.info({ complaintId: id, decision: name }, 'complaint decision accepted');
    res.json({ complaintId: id, decision: name, ...result });
  });

  return router;
}
