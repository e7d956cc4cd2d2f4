import type { StaffTask, StaffTasks } from '../staff-tasks';
import type { Outbox } from './outbox';

/** Dev task list: each staff task is written to the outbox for the team to see. */
export class OutboxStaffTasks implements StaffTasks {
  constructor(private readonly outbox: Outbox) {}

  async create(task: StaffTask): Promise<{ duplicate: boolean }> {
    const { duplicate } = this.outbox.record({
      kind: 'task',
      caseId: task.caseId,
      idempotencyKey: task.idempotencyKey,
      to: task.role,
      body: task.summary,
      data: {
        taskId: task.taskId,
        kind: task.kind,
        dueAt: task.dueAt,
        ...(task.callbackPhone ? { callbackPhone: task.callbackPhone } : {}),
      },
    });
    return { duplicate };
  }
}
