import type { Client } from '@temporalio/client';
import type { Role } from '../../domain/access';
import { mayDo } from '../../domain/access';
import { parseJourneyId } from '../../domain/case-ids';
import { recordQuery } from '../../workflows/child-definitions';
import { runningJourneys } from './running-journeys';

// The on-call worklist: the clinic's open incidents (paging or acknowledged, not yet resolved).

/** What the console reads of an escalation's record (the on-call escalation workflow's query). */
interface PageRecord {
  pages?: { at: string; role: string; staffId: string; channel?: 'call' | 'sms'; unanswered?: string }[];
}

export interface OpenIncident {
  incidentId: string;
  journeyId: string;
  /** The surgery's id at the clinic: how staff find the case in their own system. */
  surgeryId: string;
  ref?: string;
  severity: 'urgent' | 'emergency';
  status: string;
  startedAt: string;
  acknowledgedBy?: string;
  /** Why the patient's reply was triaged this way (the journey's latest triage). */
  reasons: string[];
  pages: { at: string; role: string; staffId: string; channel?: string; unanswered?: string }[];
  mayAcknowledge: boolean;
  mayResolve: boolean;
}

export async function openIncidents(client: Client, clinicId: string, role: Role): Promise<OpenIncident[]> {
  const journeys = await runningJourneys(client, clinicId, 'OpenEscalation = true');
  const incidents = await Promise.all(
    journeys.flatMap((j) =>
      j.openEscalations.map(async (e): Promise<OpenIncident> => {
        const record = (await client.workflow
          .getHandle(e.incidentId)
          .query(recordQuery)
          .catch(() => ({}))) as PageRecord;
        return {
          incidentId: e.incidentId,
          journeyId: j.journeyId,
          surgeryId: parseJourneyId(j.journeyId)?.surgeryId ?? '',
          ...(e.ref ? { ref: e.ref } : {}),
          severity: e.severity,
          status: e.status,
          startedAt: e.startedAt,
          ...(e.acknowledgedBy ? { acknowledgedBy: e.acknowledgedBy } : {}),
          reasons: j.lastTriage?.reasons ?? [],
          pages: (record.pages ?? []).map(({ at, role: r, staffId, channel, unanswered }) => ({
            at,
            role: r,
            staffId,
            ...(channel ? { channel } : {}),
            ...(unanswered ? { unanswered } : {}),
          })),
          mayAcknowledge: e.status === 'paging' && mayDo(role, 'journey:acknowledge-escalation'),
          mayResolve: mayDo(role, 'journey:resolve-escalation'),
        };
      }),
    ),
  );
  // Emergencies first, then the oldest first: the one waiting longest is seen first.
  return incidents.sort(
    (a, b) =>
      Number(b.severity === 'emergency') - Number(a.severity === 'emergency') ||
      a.startedAt.localeCompare(b.startedAt),
  );
}
