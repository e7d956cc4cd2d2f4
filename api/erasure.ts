import type { Client } from '@temporalio/client';
import { status } from '@grpc/grpc-js';
import type { Outbox } from '../adapters/dev/outbox';
import { OPAQUE_ID } from '../domain/case-ids';
import { contactKey } from './contact-key';

// Erasure at a patient's (or complaint customer's) request: every case of that person at the
// clinic — journeys, complaints, after-hours contacts, found through the pseudonymous ContactKey
// — is deleted from Temporal (a running one is terminated first), with its children's (escalations, transfers, courses, visits:
// ids that start with the case id); the development outbox forgets
// the messages to that number or of those cases. What the law requires the clinic to keep is in
// its EHR (every outcome is written there), not here. Deleting closes nothing in the EHR.

export interface ErasureResult {
  /** The cases and child workflows deleted (opaque ids). */
  erased: string[];
  /** Outbox entries forgotten (dev adapters only). */
  outboxEntries: number;
}

/** Workflow ids are opaque (validated at start); only those go into a visibility query. */
const SAFE_ID = /^[A-Za-z0-9:_-]+$/;

export async function erasePerson(
  client: Client,
  namespace: string,
  secret: string,
  clinicId: string,
  phone: string,
  outbox?: Outbox,
): Promise<ErasureResult> {
  if (!OPAQUE_ID.test(clinicId)) throw new Error('erasure: not a clinic id');
  const key = contactKey(secret, clinicId, phone);
  const cases = await idsOf(client, `ClinicId = '${clinicId}' AND ContactKey = '${key}'`);
  const erased: string[] = [];
  for (const caseId of cases) {
    if (!SAFE_ID.test(caseId)) continue;
    const children = await idsOf(client, `WorkflowId STARTS_WITH '${caseId}:'`);
    // Children first: deleting a running workflow terminates it, and a parent's termination
    // would close its children (a closed history takes the server longer to delete).
    for (const id of [...children, caseId]) {
      await remove(client, namespace, id);
      erased.push(id);
    }
  }
  const outboxEntries = outbox?.erase(erased, (e) => e.to === phone) ?? 0;
  return { erased, outboxEntries };
}

async function idsOf(client: Client, query: string): Promise<string[]> {
  const ids = new Set<string>();
  for await (const wf of client.workflow.list({ query })) ids.add(wf.workflowId);
  return [...ids];
}

/** Deletes the workflow's history (a running one is terminated first, by the server). */
async function remove(client: Client, namespace: string, workflowId: string): Promise<void> {
  try {
    await client.workflowService.deleteWorkflowExecution({ namespace, workflowExecution: { workflowId } });
  } catch (err) {
    // Already gone (erased a moment ago, still listed by visibility): nothing to do.
    if ((err as { code?: number }).code !== status.NOT_FOUND) throw err;
  }
}
