// The complaint's patched() markers: each guards a change made while complaints were running, so
// that their recorded histories still replay (README "Tests"). The strings are in histories:
// never rename one.

/** The complaint continues as new when its history grows (it never did before). */
export const CONTINUES_AS_NEW = 'complaint-continues-as-new';
/**
 * Each plan action's outcome is a record; an action whose adapter fails is recorded failed with a
 * staff task and the others still run; a retry runs only what is not done. Before, the first
 * failure stopped the step (the case stayed "executing", nothing said what).
 */
export const ACTION_OUTCOMES = 'complaint-action-outcomes';
/** The loop's timer is kept when it wakes early (see `Alarm`), not cancelled (shared with the journey). */
export const ALARM_KEPT = 'alarm-kept';
/**
 * Queued side effects run in a lane beside the loop, so a slow or failing provider never delays an
 * SLA clock's warning or escalation; before, the loop awaited them in turn.
 */
export const COMPLAINT_WORK_IN_LANES = 'complaint-work-in-lanes';
