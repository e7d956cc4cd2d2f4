import { allHandlersFinished, condition, workflowInfo } from '@temporalio/workflow';

// A case runs for weeks; its history must not. Each case continues as new, carrying its memory,
// when the history passes its limit (or the server suggests it), at a moment when nothing is in
// flight: no queued side effect, every handler finished, no message waiting to be handled.

/** The history is long enough that this run should hand over to a new one. */
export function historyIsLong(historyLimit: number): boolean {
  const info = workflowInfo();
  return info.historyLength > historyLimit || info.continueAsNewSuggested;
}

/**
 * Waits for every handler to finish, then continues as new (`next` never returns) unless
 * something came in meanwhile (`stillIdle` false): that is handled first, in this run.
 */
export async function continueAsNewWhenIdle(
  stillIdle: () => boolean,
  next: () => Promise<never>,
): Promise<void> {
  await condition(allHandlersFinished);
  if (stillIdle()) await next();
}
