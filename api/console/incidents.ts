import type { Client } from '@temporalio/client';
import type { Role } from '../../domain/access';
import { mayDo } from '../../domain/access';
import { caseOfIncident, OPAQUE_ID, parseContactCaseId, parseJourneyId } from '../../domain/case-ids';
import type { IncidentSummary } from '../../domain/journey';
import { recordQuery } from '../../workflows/child-definitions';
import { contactStateQuery } from '../../workflows/contact-definitions';
import { journeyStateQuery } from '../../workflows/journey-definitions';

// The on-call worklist: the clinic's open incidents — every running on-call escalation, whether
// its case is a care journey or an after-hours contact of someone without one. Listed from
// Temporal visibility by workflow type (no personal data in the query), the clinic taken from
// the incident id; each escalation's own record says who was paged and when.

/** More open incidents than this (all clinics together) are not listed. */
export const AT_MOST_INCIDENTS = 500;

/** What the console reads of an escalation's record (the on-call escalation workflow's query). */
interface EscalationRecord {
  ref?: string;
  severity: 'urgent' | 'emergency';
  status: IncidentSummary['status'];
  startedAt: string;
  pages?: { at: string; role: string; staffId: string; channel?: 'call' | 'sms'; unanswered?: string }[];
  acknowledgements?: { staffId: string; at: string }[];
}

export interface OpenIncident {
  incidentId: string;
  caseId: string;
  caseKind: 'journey' | 'contact';
  /** The clinic's own reference of the case: the surgery id, or the after-hours contact id. */
  caseRef: string;
  /** The clinic's opaque patient reference (never a name), when the case knows it. */
  patientRef?: string;
  ref?: string;
  severity: 'urgent' | 'emergency';
  status: IncidentSummary['status'];
  startedAt: string;
  acknowledgedBy?: string;
  /** Why it was triaged this way (the journey's latest triage, or the contact's assessment). */
  reasons: string[];
  pages: { at: string; role: string; staffId: string; channel?: string; unanswered?: string }[];
  mayAcknowledge: boolean;
  mayResolve: boolean;
}

export async function openIncidents(client: Client, clinicId: string, role: Role): Promise<OpenIncident[]> {
  if (!OPAQUE_ID.test(clinicId)) return [];
  const ids: string[] = [];
  const query = `WorkflowType = 'onCallEscalation' AND ExecutionStatus = 'Running'`;
  for await (const wf of client.workflow.list({ query })) {
    if (caseOfIncident(wf.workflowId)?.clinicId === clinicId) ids.push(wf.workflowId);
    if (ids.length >= AT_MOST_INCIDENTS) break;
  }
  const factsOf = new Map<string, Promise<{ reasons: string[]; patientRef?: string }>>(); // one query per case
  const caseFacts = (caseId: string) => {
    if (!factsOf.has(caseId)) factsOf.set(caseId, triageFacts(client, caseId));
    return factsOf.get(caseId)!;
  };
  const incidents = await Promise.all(
    ids.map(async (incidentId): Promise<OpenIncident | undefined> => {
      const record = (await client.workflow
        .getHandle(incidentId)
        .query(recordQuery)
        .catch(() => undefined)) as EscalationRecord | undefined;
      if (!record) return undefined; // ended between the listing and the query
      const { caseId } = caseOfIncident(incidentId)!;
      const journey = parseJourneyId(caseId);
      const acknowledgedBy = record.acknowledgements?.at(-1)?.staffId;
      return {
        incidentId,
        caseId,
        caseKind: journey ? 'journey' : 'contact',
        caseRef: journey?.surgeryId ?? parseContactCaseId(caseId)?.contactId ?? '',
        ...(record.ref ? { ref: record.ref } : {}),
        severity: record.severity,
        status: record.status,
        startedAt: record.startedAt,
        ...(acknowledgedBy ? { acknowledgedBy } : {}),
        ...(await caseFacts(caseId)),
        pages: (record.pages ?? []).map(({ at, role: r, staffId, channel, unanswered }) => ({
          at,
          role: r,
          staffId,
          ...(channel ? { channel } : {}),
          ...(unanswered ? { unanswered } : {}),
        })),
        mayAcknowledge: record.status === 'paging' && mayDo(role, 'journey:acknowledge-escalation'),
        mayResolve:
          (record.status === 'paging' || record.status === 'acknowledged') &&
          mayDo(role, 'journey:resolve-escalation'),
      };
    }),
  );
  // Emergencies first, then the oldest first: the one waiting longest is seen first.
  return incidents
    .filter((i): i is OpenIncident => i !== undefined)
    .sort(
      (a, b) =>
        Number(b.severity === 'emergency') - Number(a.severity === 'emergency') ||
        a.startedAt.localeCompare(b.startedAt),
    );
}

/** The reasons the case's latest triage gave and its patient; none when the case cannot be read. */
async function triageFacts(
  client: Client,
  caseId: string,
): Promise<{ reasons: string[]; patientRef?: string }> {
  const handle = client.workflow.getHandle(caseId);
  if (parseJourneyId(caseId))
    return handle
      .query(journeyStateQuery)
      .then((s) => ({
        reasons: s.lastTriage?.reasons ?? [],
        ...(s.patientRef ? { patientRef: s.patientRef } : {}),
      }))
      .catch(() => ({ reasons: [] }));
  return handle
    .query(contactStateQuery)
    .then((s) => ({ reasons: s.reasons }))
    .catch(() => ({ reasons: [] }));
}
