import { patched } from '@temporalio/workflow';

/**
 * Which changes (patched() markers) apply to this run, with all those up to `generation` at once:
 * a run started since asks patched() once, for the generation, instead of once per change. Each
 * patched() that applies is a marker and a TemporalChangeVersion search-attribute upsert (the
 * SDK adds it) in the history: two events and a visibility write on the server apiece (issue 13).
 * A run started before has no generation marker and asks each change as it did, so its history
 * replays. Ask it once per run, at the same point in every run, before the first change it guards
 * (the journey when it opens, the escalation and the visit as their flow begins); keep the answer.
 */
export function changesUpTo(generation: string): (change: string) => boolean {
  const current = patched(generation);
  return (change) => current || patched(change);
}
