import type { Client } from '@temporalio/client';
import { caseOfIncident, INCIDENT_REF, incidentRef } from '../domain/case-ids';
import type { ClinicCatalogue } from '../domain/clinic';
import { ApiError } from './errors';

type Acknowledgement = { incidentId: string; staffId: string; via: 'sms' | 'keypad' };

/** The case an incident belongs to (a journey or a standalone contact), or 400 naming `field`. */
export function incidentCase(incidentId: string, field = 'incidentId'): { caseId: string; clinicId: string } {
  const found = caseOfIncident(incidentId);
  if (!found) throw ApiError.badRequest(field, 'must look like "<journey or contact id>:incident-<n>"');
  return found;
}

/**
 * A page acknowledged from a staff phone (an "ACK <incident>" SMS, a keypad press on the page
 * call): the phone must be on the on-call roster of the clinic the request acts for, and the
 * incident must be that clinic's (another clinic's is answered as not found). `decide` sends the
 * case's acknowledge-escalation decision, whose validator has the last word (422 when the incident
 * is no longer waiting).
 */
export async function acknowledgeFromStaffPhone(
  clinics: ClinicCatalogue,
  request: {
    clinicId: string;
    incidentId: string;
    phone: string;
    via: 'sms' | 'keypad';
    /** How the request names the phone, for the error message. */
    phoneField: string;
  },
  decide: (caseId: string, ack: Acknowledgement) => Promise<{ accepted: true; detail?: string }>,
): Promise<{ incidentId: string; staffId: string; accepted: true; detail?: string }> {
  const { incidentId } = request;
  const incident = incidentCase(incidentId);
  if (incident.clinicId !== request.clinicId) throw ApiError.notFound(`incident "${incidentId}"`);
  const staff = clinics.clinics
    .find((c) => c.id === incident.clinicId)
    ?.onCallRoster.find((r) => r.phone === request.phone);
  if (!staff)
    throw new ApiError(
      422,
      'unknown-staff',
      `${request.phoneField}: not a phone on the on-call roster of clinic "${incident.clinicId}"`,
    );
  const result = await decide(incident.caseId, { incidentId, staffId: staff.staffId, via: request.via });
  return { incidentId, staffId: staff.staffId, ...result };
}

/**
 * The incident an "ACK <token>" names: a full incident id, or the short reference pages read out
 * ("ACK 4821"), looked up among the clinic's running escalations (Temporal visibility, by
 * workflow id: no personal data in the query). 404 when none is running with that reference; 422
 * when two are (the page's full incident id then tells them apart).
 */
export async function incidentOfAck(client: Client, clinicId: string, token: string): Promise<string> {
  if (!INCIDENT_REF.test(token)) return token;
  const matches: string[] = [];
  const query = `WorkflowType = 'onCallEscalation' AND ExecutionStatus = 'Running'`;
  for await (const wf of client.workflow.list({ query })) {
    if (caseOfIncident(wf.workflowId)?.clinicId === clinicId && incidentRef(wf.workflowId) === token)
      matches.push(wf.workflowId);
  }
  if (matches.length === 0) throw ApiError.notFound(`open incident with reference ${token}`);
  if (matches.length > 1)
    throw new ApiError(
      422,
      'ambiguous-reference',
      `Body: reference ${token} names ${matches.length} open incidents: reply ACK with the full incident id`,
    );
  return matches[0]!;
}
