import type { Role } from '../../domain/access';
import type { ParticipantRole } from '../../domain/complaint';
import { parseComplaintId } from '../../domain/complaint';
import type { ComplaintState } from '../../workflows/complaint-definitions';
import { choicesOf } from './complaint-board';

// A complaint's staff tasks on the worklist. The complaint queues its tasks to the clinic's task
// system and keeps no open/done record of them, so the worklist shows what the complaint waits for
// at its stage: first contact, each missing assessment, the plan, management's approval. Doing
// the task is the complaint's decision; first contact and an assessment take their outcome as the
// note or findings, the plan and the approval are decided on the case page.

export type ComplaintTaskKind = 'first-contact' | 'assessment' | 'plan' | 'approval';

export interface ComplaintTask {
  complaintId: string;
  /** The clinic's own reference of the complaint. */
  complaintRef: string;
  taskId: string;
  kind: `complaint-${ComplaintTaskKind}`;
  /** Whose task it is: the complaint's participant (department). */
  role: ParticipantRole;
  /** When the SLA clock the task stops is due (none while it is paused). */
  dueAt: string | null;
  overdue: boolean;
  /** Completing it sends this decision with the outcome in `outcomeField` (and `fixed`). */
  completion?: { decision: string; outcomeField: 'note' | 'findings'; fixed: Record<string, string> };
  /** The person may decide it on the case page. */
  mayDecide: boolean;
}

export function complaintTasks(c: ComplaintState, role: Role, now: Date): ComplaintTask[] {
  const choices = choicesOf(c, role);
  const due = (clockId: string) => c.clockViews?.find((v) => v.id === clockId)?.dueAt ?? null;
  const task = (
    taskId: string,
    kind: ComplaintTaskKind,
    who: ParticipantRole,
    clockId: string,
    mayDecide: boolean,
    completion?: ComplaintTask['completion'],
  ): ComplaintTask => {
    const dueAt = due(clockId);
    return {
      complaintId: c.caseId,
      complaintRef: parseComplaintId(c.caseId)?.complaintId ?? '',
      taskId,
      kind: `complaint-${kind}`,
      role: who,
      dueAt,
      overdue: dueAt !== null && Date.parse(dueAt) < now.getTime(),
      ...(mayDecide && completion ? { completion } : {}),
      mayDecide,
    };
  };
  const tasks: ComplaintTask[] = [];
  if (c.stage === 'awaiting-first-contact')
    tasks.push(
      task('first-contact', 'first-contact', c.owner, 'first-contact', choices.recordFirstContact, {
        decision: 'record-first-contact',
        outcomeField: 'note',
        fixed: {},
      }),
    );
  if (c.stage === 'awaiting-first-contact' || c.stage === 'investigating')
    for (const p of c.participants.filter((x) => !x.assessedBy))
      tasks.push(
        task(`assessment-${p.role}`, 'assessment', p.role, 'root-cause', choices.assess.includes(p.role), {
          decision: 'submit-assessment',
          outcomeField: 'findings',
          fixed: { role: p.role },
        }),
      );
  if (c.stage === 'planning')
    tasks.push(task('plan', 'plan', c.owner, 'resolution-plan', choices.proposePlan));
  if (c.stage === 'awaiting-approval')
    tasks.push(task('approval', 'approval', 'management', 'resolution-plan', choices.approvePlan));
  return tasks;
}
