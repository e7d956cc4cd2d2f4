import type { Client } from '@temporalio/client';
import { OPAQUE_ID } from '../domain/case-ids';
import type { RunningCase } from '../domain/contact-routing';
import { ComplaintStage } from '../temporal/search-attributes';
import { contactKey } from './contact-key';

const KIND_OF_TYPE: Record<string, RunningCase['kind']> = { careJourney: 'journey', complaint: 'complaint' };

/**
 * The clinic's running journeys and complaints whose contact is this phone, through Temporal
 * visibility and the pseudonymous ContactKey (never the number). Visibility is eventually
 * consistent: a case started a moment ago may not be listed yet.
 */
export async function runningCasesOf(
  client: Client,
  secret: string | undefined,
  clinicId: string,
  phone: string,
): Promise<RunningCase[]> {
  // Only validated ids and hex go into the query.
  if (!secret || !OPAQUE_ID.test(clinicId)) return [];
  const key = contactKey(secret, clinicId, phone);
  const query = `ClinicId = '${clinicId}' AND ContactKey = '${key}' AND ExecutionStatus = 'Running'`;
  const cases: RunningCase[] = [];
  for await (const wf of client.workflow.list({ query })) {
    const kind = KIND_OF_TYPE[wf.type];
    if (!kind) continue;
    const stage = wf.typedSearchAttributes.get(ComplaintStage);
    cases.push({
      caseId: wf.workflowId,
      kind,
      ...(stage ? { complaintStage: stage } : {}),
      startedAt: wf.startTime.toISOString(),
    });
  }
  return cases;
}
