// The task queues. No personal data in their names.
//
// One queue for the clinic's cases (journeys, escalations, transfers, complaints, contacts) and,
// beside it, its routine lane for the journeys' medication reminders and return visits: a worker
// polls both, each with its own cache and task slots. A journey (~1 per patient) stays cached
// however many sleeping children it has, so a red flag finds it in memory, and a burst of
// reminders fills the lane's slots, not the ones a red flag needs (issue 13). Scale by adding
// workers, not queues.
export const DEFAULT_TASK_QUEUE = 'care-journeys';

/** The routine lane of a cases' queue (pure: a journey names it from its own queue). */
export function routineQueueOf(taskQueue: string): string {
  return `${taskQueue}-routine`;
}
