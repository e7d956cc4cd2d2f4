import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import { acknowledgedIncident, journeyOfIncident } from '../../domain/case-ids';
import type { ClinicCatalogue } from '../../domain/clinic';
import { opaqueId, phoneNumber } from '../../domain/validation';
import { recordQuery } from '../../workflows/child-definitions';
import type { Request } from 'express';
import type { Action } from '../../domain/access';
import { allow, ownCase } from '../auth';
import { ApiError } from '../errors';
import { CaseCalls } from '../case-calls';
import { parseOr400 } from '../validate';

const acknowledgement = z
  .object({ staffId: opaqueId, via: z.enum(['keypad', 'sms', 'api']).default('api') })
  .strict();

const staffSms = z.object({ from: phoneNumber, text: z.string().min(1).max(1600) }).strict();

function journeyOf(incidentId: string): string {
  const journeyId = journeyOfIncident(incidentId);
  if (!journeyId)
    throw ApiError.badRequest('incidentId', 'must look like "journey:<clinicId>:<surgeryId>:incident-<n>"');
  return journeyId;
}

/** The incident in the path and its journey, if the caller may and it is the caller's clinic's. */
function incidentFor(req: Request, action: Action): { incidentId: string; journeyId: string } {
  const caller = allow(req, action);
  const incidentId = String(req.params.incidentId);
  const journeyId = journeyOf(incidentId);
  ownCase(caller, journeyId.split(':')[1], `incident "${incidentId}"`);
  return { incidentId, journeyId };
}

/**
 * On-call incidents: the page record (who was paged when, acknowledgement latency) and
 * acknowledgement by keypad, by SMS reply ("ACK <incidentId>") or through the API. Provider
 * adapters (telephony keypad webhook, inbound staff SMS) translate into these calls.
 */
export function escalationRoutes({ client, clinics }: { client: Client; clinics: ClinicCatalogue }): Router {
  const router = Router();
  const calls = new CaseCalls(client);

  router.get('/escalations/:incidentId', async (req, res) => {
    const { incidentId } = incidentFor(req, 'escalation:read');
    res.json(await calls.on(incidentId, () => client.workflow.getHandle(incidentId).query(recordQuery)));
  });

  router.post('/escalations/:incidentId/acknowledgements', async (req, res) => {
    const { incidentId, journeyId } = incidentFor(req, 'escalation:acknowledge');
    const body = parseOr400(acknowledgement, req.body, 'body');
    const result = await calls.decide(journeyId, 'acknowledge-escalation', { incidentId, ...body });
    res.json({ incidentId, ...result });
  });

  // An SMS from a member of staff: "ACK <incidentId>" from a phone on that clinic's roster.
  router.post('/staff-replies', async (req, res) => {
    const caller = allow(req, 'staff-sms:relay');
    const sms = parseOr400(staffSms, req.body, 'body');
    const incidentId = acknowledgedIncident(sms.text);
    if (!incidentId) throw ApiError.badRequest('body.text', 'must be "ACK <incidentId>"');
    const journeyId = journeyOf(incidentId);
    const clinicId = journeyId.split(':')[1];
    ownCase(caller, clinicId, `incident "${incidentId}"`);
    const staff = clinics.clinics
      .find((c) => c.id === clinicId)
      ?.onCallRoster.find((r) => r.phone === sms.from);
    if (!staff)
      throw new ApiError(
        422,
        'unknown-staff',
        `body.from: not a phone on the on-call roster of clinic "${clinicId}"`,
      );
    const result = await calls.decide(journeyId, 'acknowledge-escalation', {
      incidentId,
      staffId: staff.staffId,
      via: 'sms',
    });
    res.json({ incidentId, staffId: staff.staffId, ...result });
  });

  return router;
}
