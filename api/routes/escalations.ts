import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import { acknowledgedIncident, INCIDENT_ID, INCIDENT_REF } from '../../domain/case-ids';
import type { ClinicCatalogue } from '../../domain/clinic';
import { opaqueId, phoneNumber } from '../../domain/validation';
import { recordQuery } from '../../workflows/child-definitions';
import { decisionUpdate } from '../../workflows/journey-definitions';
import type { Request } from 'express';
import type { Action } from '../../domain/access';
import { allow, ownCase } from '../auth';
import { ApiError } from '../errors';
import { CaseCalls } from '../case-calls';
import { decideOnce } from '../idempotency';
import { acknowledgeFromStaffPhone, incidentCase, incidentOfAck } from '../staff-acknowledgement';
import { parseDecisionBody } from '../actor';
import { parseOr400 } from '../validate';

export const acknowledgement = z
  .object({ staffId: opaqueId, via: z.enum(['keypad', 'sms', 'api']).default('api') })
  .strict();

const STAFF_ACK = new RegExp(
  `^\\s*[Aa][Cc][Kk]\\s+(${INCIDENT_REF.source.slice(1, -1)}|${INCIDENT_ID.source.slice(1, -1)})\\s*$`,
);

export const staffSms = z
  .object({
    from: phoneNumber,
    // "ACK <ref>" (four digits) or "ACK <incidentId>", "ack" in any case.
    text: z.string().max(1600).regex(STAFF_ACK, 'must be "ACK <ref>" or "ACK <incidentId>"'),
  })
  .strict();

/**
 * The incident in the path and its case (a journey, or a standalone after-hours contact), if the
 * caller may and it is the caller's clinic's.
 */
function incidentFor(req: Request, action: Action): { incidentId: string; journeyId: string } {
  const caller = allow(req, action);
  const incidentId = String(req.params.incidentId);
  const { caseId, clinicId } = incidentCase(incidentId);
  ownCase(caller, clinicId, `incident "${incidentId}"`);
  return { incidentId, journeyId: caseId };
}

// An acknowledgement is the journey's decision; with an Idempotency-Key a retry does not repeat it.
const acknowledge = (id: string) => ({
  id,
  name: 'acknowledge-escalation',
  update: decisionUpdate('acknowledge-escalation'),
});

/**
 * On-call incidents: the page record (who was paged when, acknowledgement latency) and
 * acknowledgement by keypad, by SMS reply ("ACK <incidentId>") or through the API. Provider
 * adapters (telephony keypad webhook, inbound staff SMS) translate into these calls.
 */
export function escalationRoutes({ client, clinics }: { client: Client; clinics: ClinicCatalogue }): Router {
  const router = Router();
  const calls = new CaseCalls(client);
  const incidents = new CaseCalls(client, 'incident'); // a missing incident reads like one of another clinic

  router.get('/escalations/:incidentId', async (req, res) => {
    const { incidentId } = incidentFor(req, 'escalation:read');
    res.json(await incidents.on(incidentId, () => client.workflow.getHandle(incidentId).query(recordQuery)));
  });

  router.post('/escalations/:incidentId/acknowledgements', async (req, res) => {
    const { incidentId, journeyId } = incidentFor(req, 'escalation:acknowledge');
    // Who acknowledged: a person's credential records its own staffId (403 for anyone else's).
    const body = parseDecisionBody(req, acknowledgement);
    const result = await decideOnce(req, calls, acknowledge(journeyId), { incidentId, ...body });
    res.json({ incidentId, ...result });
  });

  // An SMS from a member of staff: "ACK <ref>" (the page's four digits) or "ACK <incidentId>" from
  // a phone on that clinic's roster.
  router.post('/staff-replies', async (req, res) => {
    const caller = allow(req, 'staff-sms:relay');
    const sms = parseOr400(staffSms, req.body, 'body');
    const token = acknowledgedIncident(sms.text);
    if (!token) throw ApiError.badRequest('body.text', 'must be "ACK <ref>" or "ACK <incidentId>"');
    const incidentId = await incidentOfAck(client, caller.clinicId, token);
    const ack = await acknowledgeFromStaffPhone(
      clinics,
      { clinicId: caller.clinicId, incidentId, phone: sms.from, via: 'sms', phoneField: 'body.from' },
      (caseId, payload) => decideOnce(req, calls, acknowledge(caseId), payload),
    );
    res.json(ack);
  });

  return router;
}
