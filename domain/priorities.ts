// Task priority (Temporal's priority keys: 1 goes first, 3 when none is given). Urgent work never
// queues behind bulk work: while the worker has a backlog, the server hands out the lower keys first.

/** A task priority as Temporal takes it. */
export interface Priority {
  readonly priorityKey: number;
}

/** Pages, urgent words, the roster, referrals; the escalation and transfer workflows. */
export const URGENT: Priority = { priorityKey: 1 };
/** Routine SMS, record writes, the back office; medication courses and return visits. */
export const ROUTINE: Priority = { priorityKey: 4 };
/**
 * A journey started as part of a bulk import (a clinic moving its running follow-ups onto the
 * system): its workflow tasks and the activities that take their priority from it come after
 * every live journey's, so the import drains without holding back a live patient's red flag.
 * Its escalation, if it has one, is URGENT like any other.
 */
export const BULK_IMPORT: Priority = { priorityKey: 5 };

/** The priority a journey starts with: the default, or last when it is part of a bulk import. */
export function journeyStartPriority(request: { bulkImport?: boolean }): Priority | undefined {
  return request.bulkImport ? BULK_IMPORT : undefined;
}
