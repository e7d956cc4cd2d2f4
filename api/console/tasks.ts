import type { Client } from '@temporalio/client';
import type { Role } from '../../domain/access';
import { mayDo } from '../../domain/access';
import { parseJourneyId } from '../../domain/case-ids';
import type { StaffTaskState } from '../../domain/journey';
import type { ComplaintTask } from './complaint-tasks';
import { complaintTasks } from './complaint-tasks';
import type { OpenContactTask } from './contact-tasks';
import { contactTasks, runningContacts } from './contact-tasks';
import { runningComplaints } from './complaint-board';
import { runningJourneys } from './running-journeys';

// The task worklist: open staff tasks of the clinic's running journeys, what its running
// complaints wait for (complaint-tasks.ts) and the callbacks of after-hours contacts
// (contact-tasks.ts), by due time.

export interface OpenTask {
  journeyId: string;
  surgeryId: string;
  /** The clinic's opaque patient reference (never a name). */
  patientRef?: string;
  taskId: string;
  kind: StaffTaskState['kind'];
  /** Whose task it is (a role of the clinic). */
  role: StaffTaskState['role'];
  dueAt: string;
  summary: string;
  overdue: boolean;
  mayComplete: boolean;
}

export async function openTasks(
  client: Client,
  clinicId: string,
  role: Role,
  now: Date,
): Promise<(OpenTask | ComplaintTask | OpenContactTask)[]> {
  const [journeys, complaints, contacts] = await Promise.all([
    runningJourneys(client, clinicId),
    runningComplaints(client, clinicId, now),
    runningContacts(client, clinicId),
  ]);
  const mayComplete = mayDo(role, 'journey:complete-task');
  const ofJourneys: OpenTask[] = journeys.flatMap((j) =>
    j.tasks
      .filter((t) => t.status === 'open')
      .map((t) => ({
        journeyId: j.journeyId,
        surgeryId: parseJourneyId(j.journeyId)?.surgeryId ?? '',
        ...(j.patientRef ? { patientRef: j.patientRef } : {}),
        taskId: t.taskId,
        kind: t.kind,
        role: t.role,
        dueAt: t.dueAt,
        summary: t.summary,
        overdue: Date.parse(t.dueAt) < now.getTime(),
        mayComplete,
      })),
  );
  return [
    ...ofJourneys,
    ...complaints.flatMap((c) => complaintTasks(c, role, now)),
    ...contactTasks(contacts, role, now),
  ].sort((a, b) => byDue(a.dueAt, b.dueAt));
}

/** Earliest first; a task whose clock is paused (no due time) after the rest. */
function byDue(a: string | null, b: string | null): number {
  if (a === null || b === null) return Number(a === null) - Number(b === null);
  return a.localeCompare(b);
}
