import type { Client } from '@temporalio/client';
import { OPAQUE_ID } from '../../domain/case-ids';
import type { JourneyState } from '../../domain/journey';
import { journeyStateQuery } from '../../workflows/journey-definitions';

/** More running journeys than this in one clinic are not listed (a first slice: one query each). */
export const AT_MOST_JOURNEYS = 200;

/**
 * The state of the clinic's running journeys that match `filter` (a visibility condition on our
 * search attributes, never personal data). Visibility is eventually consistent: a journey whose
 * attribute changed a moment ago may be listed a second later. A journey that ends between the
 * listing and its query is left out.
 */
export async function runningJourneys(
  client: Client,
  clinicId: string,
  filter = '',
): Promise<JourneyState[]> {
  if (!OPAQUE_ID.test(clinicId)) return [];
  const query = `WorkflowType = 'careJourney' AND ClinicId = '${clinicId}' AND ExecutionStatus = 'Running'${filter ? ` AND ${filter}` : ''}`;
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query })) {
    ids.push(wf.workflowId);
    if (ids.length >= AT_MOST_JOURNEYS) break;
  }
  const states = await Promise.all(
    ids.map((id) =>
      client.workflow
        .getHandle(id)
        .query(journeyStateQuery)
        .catch(() => undefined),
    ),
  );
  // The query answers for the workflow id; the clinic is checked again on what it says.
  return states.filter((s): s is JourneyState => s !== undefined && s.clinicId === clinicId);
}
