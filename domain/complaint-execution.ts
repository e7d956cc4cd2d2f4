import type { PlanAction, PlanActionOutcome } from './complaint';
import type { TimelineEntry } from './journey';

// Carrying out an accepted complaint plan, action by action, and keeping a case's timeline small:
// the pure rules the complaint workflow follows (unit-tested without Temporal).

/** The records of a plan just accepted: every action pending, in plan order. */
export function pendingOutcomes(actions: PlanAction[], at: string): PlanActionOutcome[] {
  return actions.map((a, i) => ({ id: `action-${i}`, kind: a.kind, status: 'pending', at, failures: 0 }));
}

/** The actions (indexes into the plan) a run of the execute step carries out: every one not done yet. */
export function actionsToRun(outcomes: readonly PlanActionOutcome[]): number[] {
  return outcomes.flatMap((o, i) => (o.status === 'done' ? [] : [i]));
}

/** Every action is done: the case may move on to the satisfaction follow-up. */
export function allDone(outcomes: readonly PlanActionOutcome[]): boolean {
  return outcomes.every((o) => o.status === 'done');
}

/** "refund (action-1) failed: permanent (rejected); supplier-notice (action-2) pending" */
export function notDoneWords(outcomes: readonly PlanActionOutcome[]): string {
  return outcomes
    .filter((o) => o.status !== 'done')
    .map((o) => `${o.kind} (${o.id}) ${o.status}${o.status === 'failed' && o.reason ? `: ${o.reason}` : ''}`)
    .join('; ');
}

/** The event of the one entry that stands for the entries a bounded timeline dropped. */
export const TIMELINE_TRIMMED = 'timeline-trimmed';

/**
 * A timeline kept within `limit` entries (limit ≥ 3): the first entry (how the case began), one
 * `timeline-trimmed` entry saying how many were dropped and up to when, and the newest entries.
 * `written` is how many entries were ever written to it (the marker not counted).
 */
export function boundTimeline(timeline: TimelineEntry[], limit: number, written: number): TimelineEntry[] {
  if (timeline.length <= limit) return timeline;
  const [first, ...rest] = timeline;
  const entries = rest.filter((e) => e.event !== TIMELINE_TRIMMED);
  const kept = entries.slice(entries.length - (limit - 2));
  const newestDropped = entries[entries.length - kept.length - 1] ?? first!;
  return [
    first!,
    {
      at: newestDropped.at,
      event: TIMELINE_TRIMMED,
      detail: `${written - kept.length - 1} older entries dropped, the newest of them from ${newestDropped.at}`,
    },
    ...kept,
  ];
}
