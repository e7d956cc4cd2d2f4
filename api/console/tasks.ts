import type { Client } from '@temporalio/client';
import type { Role } from '../../domain/access';
import { mayDo } from '../../domain/access';
import { parseJourneyId } from '../../domain/case-ids';
import type { StaffTaskState } from '../../domain/journey';
import { runningJourneys } from './running-journeys';

// The task worklist: open staff tasks of the clinic's running journeys, by due time.

export interface OpenTask {
  journeyId: string;
  surgeryId: string;
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
): Promise<OpenTask[]> {
  const journeys = await runningJourneys(client, clinicId);
  const mayComplete = mayDo(role, 'journey:complete-task');
  return journeys
    .flatMap((j) =>
      j.tasks
        .filter((t) => t.status === 'open')
        .map((t) => ({
          journeyId: j.journeyId,
          surgeryId: parseJourneyId(j.journeyId)?.surgeryId ?? '',
          taskId: t.taskId,
          kind: t.kind,
          role: t.role,
          dueAt: t.dueAt,
          summary: t.summary,
          overdue: Date.parse(t.dueAt) < now.getTime(),
          mayComplete,
        })),
    )
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}
