import type { RateLimit } from './rate-limit';
import { TokenBuckets } from './token-buckets';

// Where the rate limit's counts live. By default in this API process (token buckets); with
// DATABASE_URL in PostgreSQL, shared by every API replica (api/shared-rate-counters.ts).

/** Counts the requests of one limit by key (a credential, or an address before authentication). */
export interface RateCounter {
  /** Counts one request of `key`: 0 when it may go, else the whole seconds until one may. */
  take(key: string): Promise<number>;
}

/** Makes the counter of a named limit ("api", "codec"). */
export type RateCounters = (name: string, limit: RateLimit) => RateCounter;

/** Counts in this process: replicas each count their own. A refused request spends nothing. */
export const inProcessCounters: RateCounters = (_name, limit) => {
  const buckets = new TokenBuckets(limit.burst, limit.perMinute);
  return {
    take: async (key) => {
      const t = Date.now();
      const seconds = buckets.secondsUntilOne(key, t);
      if (seconds === 0) buckets.spend(key, t);
      return seconds;
    },
  };
};
