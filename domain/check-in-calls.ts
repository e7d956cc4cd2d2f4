import type { CheckInState, StaffTaskState } from './journey';

/**
 * The check-in a nurse's call task belongs to: the one that recorded the task's id when it opened
 * it. Tasks opened before check-ins recorded their call task carry only their text
 * ("Check-in day-2: call …", "No reply to check-in day-2: …"), so those are matched by it.
 */
export function checkInOfCall(
  checkIns: readonly CheckInState[],
  task: Pick<StaffTaskState, 'taskId' | 'summary'>,
): CheckInState | undefined {
  const byId = checkIns.find((c) => c.callTaskId === task.taskId);
  if (byId) return byId;
  return checkIns.find(
    (c) =>
      c.callTaskId === undefined &&
      (task.summary.startsWith(`Check-in ${c.id}:`) ||
        task.summary.startsWith(`No reply to check-in ${c.id}:`)),
  );
}
