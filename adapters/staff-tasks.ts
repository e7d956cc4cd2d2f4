import type { StaffRole } from '../domain/clinic';

// Work for people: a nurse callback, a call that got no answer, a missed-dose review. The
// clinic's own task list (or the dev outbox) receives it; the journey keeps its status.
export interface StaffTask {
  caseId: string;
  taskId: string;
  role: StaffRole;
  kind: string;
  dueAt: string;
  summary: string;
  idempotencyKey: string;
}

export interface StaffTasks {
  create(task: StaffTask): Promise<{ duplicate: boolean }>;
}
