import { getExternalWorkflowHandle, log } from '@temporalio/workflow';
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
