import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { journeyId, parseJourneyId } from '../../domain/case-ids';
import type { ClinicCatalogue } from '../../domain/clinic';
import type { DecisionName } from '../../domain/decisions';
import { DECISION_NAMES, DECISIONS, patientReplySchema } from '../../domain/decisions';
import type { JourneyState } from '../../domain/journey';
import { startJourneyRequestSchema, toJourneyInput } from '../../domain/journey';
import { journeyStartPriority } from '../../domain/priorities';
import type { ImportPacing } from '../import-pacing';
import { getProtocol, latestProtocol } from '../../domain/protocol-catalogue';
import { surgeryTimingProblem } from '../../domain/late-registration';
import { checkInsFromProtocol, previewMigration } from '../../domain/protocol-migration';
import type { CareJourneyWorkflow } from '../../workflows/journey-definitions';
import { decisionUpdate, journeyStateQuery, patientReplySignal } from '../../workflows/journey-definitions';
import type { Request } from 'express';
import { allow, forOtherClinic, ownCase } from '../auth';
import type { Action } from '../../domain/access';
import { ApiError } from '../errors';
import { parseDecisionBody } from '../actor';
import { CaseCalls } from '../case-calls';
import { contactKeyAttributes } from '../contact-key';
import { decideOnce, startOnce } from '../idempotency';
import { parseOr400 } from '../validate';

export interface JourneyRoutesDeps {
  client: Client;
  taskQueue: string;
  clinics: ClinicCatalogue;
  /** Keys the ContactKey search attribute, so the patient's SMS find the journey. */
  contactKeySecret?: string;
  /** Bulk-import starts, paced (api/import-pacing.ts); absent: not paced. */
  importPacing?: ImportPacing;
}

/** The journey in the path, if the caller may do `action` and the journey is its clinic's. */
function journeyFor(req: Request, action: Action): string {
  const caller = allow(req, action);
  const id = String(req.params.journeyId);
  const parsed = parseJourneyId(id);
  if (!parsed) throw ApiError.badRequest('journeyId', 'must look like "journey:<clinicId>:<surgeryId>"');
  ownCase(caller, parsed.clinicId, `journey "${id}"`);
  return id;
}

export function journeyRoutes({
  client,
  taskQueue,
  clinics,
  contactKeySecret,
  importPacing,
}: JourneyRoutesDeps): Router {
  const router = Router();

  const calls = new CaseCalls(client);
  const state = (id: string) => calls.on(id, () => client.workflow.getHandle(id).query(journeyStateQuery));

  // Start the care journey of a surgery. The workflow id is the business key, so the same
  // surgery can never have two journeys (409), even after the first has finished.
  router.post('/journeys', async (req, res) => {
    const caller = allow(req, 'journey:start');
    const request = parseOr400(startJourneyRequestSchema, req.body, 'body');
    if (request.clinicId !== caller.clinicId) throw forOtherClinic(caller.clinicId);
    const clinic = clinics.clinics.find((c) => c.id === request.clinicId);
    if (!clinic) throw ApiError.badRequest('body.clinicId', `unknown clinic "${request.clinicId}"`);
    const protocol = request.protocolId
      ? getProtocol(request.protocolId)
      : latestProtocol(request.surgery.procedureCode);
    if (!protocol) throw ApiError.badRequest('body.protocolId', `unknown protocol "${request.protocolId}"`);
    if (protocol.procedureCode !== request.surgery.procedureCode) {
      throw ApiError.inconsistent(
        'body.protocolId',
        `protocol "${protocol.id}" is not for ${request.surgery.procedureCode}`,
      );
    }
    // A surgery more than a day ahead is a mistake (400); one whose follow-up has ended leaves
    // nothing to do (422). Registered late: check-ins whose window has passed are skipped-late.
    const registeredAt = new Date();
    const timing = surgeryTimingProblem(request.surgery.performedAt, protocol.followUpDays, registeredAt);
    if (timing?.status === 400) throw ApiError.inconsistent(`body.${timing.field}`, timing.message);
    if (timing)
      throw new ApiError(
        422,
        'follow-up-ended',
        `body.${timing.field}: ${timing.message}`,
        `body.${timing.field}`,
      );
    const checkIns = checkInsFromProtocol(protocol, new Date(request.surgery.performedAt), registeredAt).map(
      ({ id, dueAt, status }) => ({ id, dueAt, status }),
    );
    const id = journeyId(request.clinicId, request.surgeryId);
    const { created, replayed } = await startOnce(req, res, client, {
      workflowId: id,
      created: { journeyId: id, protocolId: protocol.id, checkIns },
      start: async (memo) => {
        // A bulk import waits its turn here (or is refused, 429, nothing started): after every
        // check, so a bad request is answered at once.
        if (request.bulkImport) await importPacing?.turn();
        return client.workflow.start<CareJourneyWorkflow>('careJourney', {
          taskQueue,
          workflowId: id,
          args: [toJourneyInput(id, request, clinic, protocol, registeredAt)],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowIdConflictPolicy: 'FAIL',
          staticSummary: `Care journey (${protocol.id})`,
          priority: journeyStartPriority(request),
          memo,
          ...contactKeyAttributes(contactKeySecret, request.clinicId, request.patient.phone),
        });
      },
      conflict: () =>
        new ApiError(409, 'conflict', `surgery "${request.surgeryId}" already has a care journey: ${id}`),
    });
    if (!replayed) req.log.info({ journeyId: id, protocolId: protocol.id }, 'care journey started');
    res
      .status(201)
      .location(`/journeys/${encodeURIComponent(id)}`)
      .json(created);
  });

  router.get('/journeys/:journeyId', async (req, res) => {
    res.json(await state(journeyFor(req, 'journey:read')));
  });

  // A patient's reply (the provider webhook adapter calls this after verifying the provider).
  // Deduplicated by providerMessageId inside the journey, so redelivery is harmless: that id is
  // the idempotency key (an Idempotency-Key header is accepted and not needed).
  router.post('/journeys/:journeyId/replies', async (req, res) => {
    const id = journeyFor(req, 'journey:reply');
    const reply = parseOr400(patientReplySchema, req.body, 'body');
    await calls.on(id, () => client.workflow.getHandle(id).signal(patientReplySignal, reply));
    res.status(202).json({ journeyId: id, providerMessageId: reply.providerMessageId });
  });

  router.get('/journeys/:journeyId/migration-preview', async (req, res) => {
    const id = journeyFor(req, 'journey:read');
    const to = typeof req.query.to === 'string' ? req.query.to : '';
    const target = getProtocol(to);
    if (!target) throw ApiError.badRequest('query.to', `unknown protocol "${to}"`);
    const current: JourneyState = await state(id);
    const pinned = getProtocol(current.protocolId);
    if (!pinned)
      throw new ApiError(
        422,
        'unknown-pinned-protocol',
        `pinned protocol "${current.protocolId}" is not in the catalogue`,
      );
    res.json(previewMigration(current.checkIns, pinned, target, new Date(current.surgeryAt), new Date()));
  });

  // Staff decisions: 400 for a malformed body, 422 when the journey's validator rejects it
  // (nothing changes), 200 with what was done.
  router.post('/journeys/:journeyId/decisions/:decision', async (req, res) => {
    const name = req.params.decision as DecisionName;
    if (!DECISION_NAMES.includes(name)) {
      throw ApiError.badRequest('decision', `unknown decision; one of ${DECISION_NAMES.join(', ')}`);
    }
    const id = journeyFor(req, `journey:${name}`);
    // Who decided: a person's credential records its own staffId (403 for anyone else's).
    const body = parseDecisionBody(req, DECISIONS[name]);
    let payload: Record<string, unknown> = body;
    if (name === 'migrate-protocol') {
      const protocol = getProtocol(String(body.protocolId));
      if (!protocol)
        throw ApiError.badRequest('body.protocolId', `unknown protocol "${String(body.protocolId)}"`);
      payload = { ...body, protocol };
    }
    // An Idempotency-Key makes a retry return the first result instead of deciding twice.
    const result = await decideOnce(req, calls, { id, name, update: decisionUpdate(name) }, payload);
    req.log.info(
      { journeyId: id, decision: name, credentialId: req.caller!.credentialId },
      'decision accepted',
    );
    res.json({ journeyId: id, decision: name, ...result });
  });

  return router;
}
