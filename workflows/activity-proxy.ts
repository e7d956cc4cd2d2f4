import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

// One proxy for every workflow. Providers have outages: keep retrying patiently; permanent
// failures (invalid number, opted out) are non-retryable and stop at once.
export const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Run an activity with a summary that reads well in the Web UI. */
export function withSummary<K extends keyof Activities>(
  name: K,
  summary: string,
  ...args: Parameters<Activities[K]>
): Promise<Awaited<ReturnType<Activities[K]>>> {
  const activity = acts[name] as unknown as {
    executeWithOptions(
      options: { summary: string },
      args: unknown[],
    ): Promise<Awaited<ReturnType<Activities[K]>>>;
  };
  return activity.executeWithOptions({ summary }, args);
}
