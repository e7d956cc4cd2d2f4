import { CancellationScope, getExternalWorkflowHandle, isCancellation, log } from '@temporalio/workflow';
import { whyChildFailed } from './failures';
import type { SignalDefinition } from '@temporalio/workflow';

/**
 * Tell the journey how a child is doing. Children may outlive the journey (or a run of it), so
 * a journey that has already closed is not an error for the child.
 */
export async function reportToJourney<T>(
  journeyId: string,
  signal: SignalDefinition<[T]>,
  payload: T,
): Promise<void> {
  try {
    await getExternalWorkflowHandle(journeyId).signal(signal, payload);
  } catch (err) {
    log.warn('journey did not take a report', {
      journeyId,
      signal: signal.name,
      error: (err as Error).message,
    });
  }
}

/** Milliseconds until an ISO instant (0 if it has passed). */
export function msUntil(at: string | Date): number {
  return Math.max(0, new Date(at).getTime() - Date.now());
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * Run a child's body; if it stops with an error (a bug, a failure nothing caught, an operator's
 * cancel), first tell the journey through `report` — a signal by workflow id, so it reaches the
 * journey's current run even after continue-as-new — then fail as before. `why` is a category
 * ("terminated", "failed (TypeError)"), never a message.
 */
export async function reportingFailure<T>(
  body: () => Promise<T>,
  report: (status: 'failed' | 'cancelled', why: string) => Promise<void>,
): Promise<T> {
  try {
    return await body();
  } catch (err) {
    await CancellationScope.nonCancellable(() =>
      report(isCancellation(err) ? 'cancelled' : 'failed', whyChildFailed(err)),
    );
    throw err;
  }
}
