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
  /**
   * The number to call back, for a contact that has no patient record to look it up in (an
   * after-hours call, an SMS from an unknown number). The task list is staff-only.
   */
  callbackPhone?: string;
  idempotencyKey: string;
}

export interface StaffTasks {
  create(task: StaffTask): Promise<{ duplicate: boolean }>;
}
