import type { RuntimeOptions } from '@temporalio/worker';
import { RED_FLAG_TO_PAGE, RED_FLAG_TO_PAGE_BUCKETS } from '../workflows/care-metrics';

/**
 * The worker Runtime's telemetry: a Prometheus endpoint (`GET http://<address>/metrics`) with
 * the SDK's own metrics (`temporal_*`: task latencies, polls, activity and workflow outcomes,
 * client requests) and the care metrics the workflows emit (workflows/care-metrics.ts). "off":
 * none.
 */
export function workerTelemetry(address: string): RuntimeOptions['telemetryOptions'] {
  if (address === 'off') return undefined;
  return {
    metrics: {
      prometheus: {
        bindAddress: address,
        // Prometheus conventions: counters end in _total, durations in seconds.
        countersTotalSuffix: true,
        useSecondsForDurations: true,
        histogramBucketOverrides: { [RED_FLAG_TO_PAGE]: RED_FLAG_TO_PAGE_BUCKETS },
      },
    },
  };
}
