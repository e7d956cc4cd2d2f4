import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { PinoLogger } from '../observability/logger';
import type { RateCounters } from './rate-counters';
import { inProcessCounters } from './rate-counters';

// Rate-limit counts in PostgreSQL (DATABASE_URL), shared by every API replica, so the limit
// behind a load balancer is the configured one and not N times it (rate-limiter-flexible's
// PostgreSQL limiter, one table). Its counts are fixed windows: up to `burst` requests per key
// in each window of burst / perMinute minutes — the same average rate as the in-process token
// bucket, but a key may reach up to twice the burst around a window's end.

export const RATE_LIMIT_TABLE = 'api_rate_limits';
/** While PostgreSQL does not answer, each replica counts on its own; said at most this often. */
const WARN_EVERY_MS = 60_000;

/** Whole seconds of one window: the time the steady rate takes to refill a burst. */
export function windowSeconds(limit: { perMinute: number; burst: number }): number {
  return Math.max(1, Math.round((limit.burst * 60) / limit.perMinute));
}

/**
 * Counters in PostgreSQL, once their table exists (created here if missing; replicas starting
 * together are fine). Rejects when the database cannot be reached, so a replica configured to
 * share its counts does not start without them.
 */
export async function sharedRateCounters(pool: Pool, logger: PinoLogger): Promise<RateCounters> {
  await new Promise<void>((resolve, reject) => {
    new RateLimiterPostgres(
      {
        storeClient: pool,
        tableName: RATE_LIMIT_TABLE,
        points: 1,
        duration: 1,
        clearExpiredByTimeout: false,
      },
      (err?: Error) => (err ? reject(err) : resolve()),
    );
  });
  let warnedAt = -Infinity;
  return (name, limit) => {
    const shared = new RateLimiterPostgres({
      storeClient: pool,
      tableName: RATE_LIMIT_TABLE,
      tableCreated: true,
      keyPrefix: name,
      points: limit.burst,
      duration: windowSeconds(limit),
    });
    const local = inProcessCounters(name, limit);
    return {
      take: async (key) => {
        try {
          // Keys name credentials and client addresses: the table keeps only their hash.
          await shared.consume(createHash('sha256').update(key).digest('base64url'));
          return 0;
        } catch (err) {
          if (err instanceof RateLimiterRes) return Math.max(1, Math.ceil(err.msBeforeNext / 1000));
          // The API keeps answering when the store is away: this replica counts on its own.
          if (Date.now() - warnedAt >= WARN_EVERY_MS) {
            warnedAt = Date.now();
            logger.warn(
              { err: (err as Error).message, limit: name },
              'shared rate-limit store unreachable: counting in this process until it answers',
            );
          }
          return local.take(key);
        }
      },
    };
  };
}
