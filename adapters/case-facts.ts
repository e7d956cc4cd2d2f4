import type { Client } from '@temporalio/client';
import { OPAQUE_ID } from '../domain/case-ids';
import { calendarOf } from '../domain/calendar';
import type { Clinic } from '../domain/clinic';
import type { JourneyState } from '../domain/journey';
import type { CaseFacts, ComplaintFacts, JourneyFacts } from '../domain/quality-figures';
import type { MonthPeriod } from '../domain/quality-period';
import { viewClock } from '../domain/sla-clock';
import type { ComplaintState } from '../workflows/complaint-definitions';
import { complaintStateQuery } from '../workflows/complaint-definitions';
import { journeyStateQuery } from '../workflows/journey-definitions';

// The facts the quality figures count, read from Temporal itself, so they are always those of
// the cases: every care journey and complaint of the clinic that was open at some time in the
// month (listed by visibility on ClinicId and the workflow type: no personal data), running ones
// by their state query, finished ones by their result (the workflows return their state, read
// from the closing event without replaying). Past the namespace's retention a finished case is
// gone from here: its month's figures live on in the kept monthly report.

/** More cases than this in one clinic and month are not read (each costs one call). */
export const AT_MOST_CASES = 2000;

type Kind = 'careJourney' | 'complaint';

export async function caseFacts(
  client: Client,
  clinic: Clinic,
  period: MonthPeriod,
  now: Date,
): Promise<CaseFacts> {
  if (!OPAQUE_ID.test(clinic.id)) return { journeys: [], complaints: [] };
  const query = [
    `ClinicId = '${clinic.id}'`,
    `WorkflowType IN ('careJourney', 'complaint')`,
    `StartTime < '${period.to}'`,
    `(ExecutionStatus = 'Running' OR CloseTime >= '${period.from}')`,
  ].join(' AND ');
  // A case that continued as new is listed once per run: its latest run speaks for it.
  const cases = new Map<string, { kind: Kind; running: boolean }>();
  for await (const wf of client.workflow.list({ query })) {
    const running = wf.status.name === 'RUNNING';
    const seen = cases.get(wf.workflowId);
    if (!seen || running) cases.set(wf.workflowId, { kind: wf.type as Kind, running });
    if (cases.size >= AT_MOST_CASES) break;
  }
  const cal = calendarOf(clinic);
  const facts: CaseFacts = { journeys: [], complaints: [] };
  await Promise.all(
    [...cases].map(async ([id, { kind, running }]) => {
      const handle = client.workflow.getHandle(id);
      if (kind === 'careJourney') {
        const state = await stateOf(
          () => handle.query(journeyStateQuery),
          () => handle.result(),
          running,
        );
        if (state?.clinicId === clinic.id) facts.journeys.push(journeyFacts(state as JourneyState));
      } else {
        const state = await stateOf(
          () => handle.query(complaintStateQuery, now.toISOString()),
          () => handle.result(),
          running,
        );
        if (state?.clinicId === clinic.id)
          facts.complaints.push(complaintFacts(state as ComplaintState, now, cal));
      }
    }),
  );
  return facts;
}

/**
 * A running case's state by query; a finished one's by its result, or (failed, terminated: no
 * result) by a query, which the worker answers by replaying it. A case that cannot be read is
 * left out rather than failing the figures.
 */
async function stateOf<T>(
  query: () => Promise<T>,
  result: () => Promise<unknown>,
  running: boolean,
): Promise<T | undefined> {
  if (running) return query().catch(() => undefined);
  try {
    return (await result()) as T;
  } catch {
    return query().catch(() => undefined);
  }
}

export function journeyFacts(s: JourneyState): JourneyFacts {
  return {
    surgeryAt: s.surgeryAt,
    // The score and when it was asked; never the patient's comment.
    survey: s.survey
      ? {
          ...(s.survey.sentAt !== undefined ? { sentAt: s.survey.sentAt } : {}),
          ...(s.survey.score !== undefined ? { score: s.survey.score } : {}),
        }
      : null,
    adherence: s.adherence,
    checkIns: s.checkIns.map(({ dueAt, status }) => ({ dueAt, status })),
    escalations: s.escalations.map(({ startedAt, severity, ackLatencySeconds }) => ({
      startedAt,
      severity,
      ...(ackLatencySeconds !== undefined ? { ackLatencySeconds } : {}),
    })),
    returnVisits: s.returnVisits.map(({ at, status }) => ({ at, status })),
  };
}

export function complaintFacts(
  s: ComplaintState,
  now: Date,
  cal: ReturnType<typeof calendarOf>,
): ComplaintFacts {
  return {
    // Intake starts the first-contact clock; the timeline's first entry otherwise.
    receivedAt: s.clocks.find((k) => k.id === 'first-contact')?.startedAt ?? s.timeline[0]?.at ?? '',
    closed: s.stage === 'closed',
    clocks: s.clocks.map((clock) => {
      const view = viewClock(clock, now, cal);
      return {
        id: view.id,
        name: view.name,
        met: view.met,
        breached: view.breached,
        stopped: view.state === 'stopped',
        elapsedMinutes: view.elapsedMinutes,
      };
    }),
    satisfaction: s.satisfaction ? { satisfied: s.satisfaction.satisfied, at: s.satisfaction.at } : null,
  };
}
