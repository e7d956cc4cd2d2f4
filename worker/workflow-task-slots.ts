// How many workflow tasks the worker holds at once, and how many it polls for. Its workflows run
// on one thread, so tasks beyond a few only queue inside the worker, where task priority cannot
// reach them: a red flag's tasks waited behind an import's already taken. Left at the server,
// they are handed out by priority (urgent 1, live journeys 3, imports 5). The polls stay fewer
// than the slots: with 4 slots and the SDK's 4 polls the workflow tests stalled for a minute
// (most likely each waiting poll holds a slot, so the cached workflows' sticky queue went
// unpolled; not verified further — with 6 slots and 2 polls the whole suite passes).
// Measured (bench red-flag, 1,000 journeys imported beside 1,000 idle; issue 13): the SDK's 40
// slots gave a red flag p50 / p95 / p99 906 / 1,496 / 1,688 ms; 6 slots and 2 polls 378 / 1,030 /
// 1,241 ms; start-and-settle unchanged (~25 journeys/s either way).

export const DEFAULT_WORKFLOW_TASK_SLOTS = 6;
const MAX_POLLS = 2;

/** The worker options for `slots` workflow tasks at once (at least 2: one poll, one at work). */
export function workflowTaskOptions(slots: number = DEFAULT_WORKFLOW_TASK_SLOTS) {
  if (!Number.isInteger(slots) || slots < 2)
    throw new RangeError(`workflow task slots: at least 2, not ${slots}`);
  return {
    maxConcurrentWorkflowTaskExecutions: slots,
    workflowTaskPollerBehavior: { type: 'simple-maximum' as const, maximum: Math.min(MAX_POLLS, slots - 1) },
  };
}
