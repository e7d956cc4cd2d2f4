import type { Request, RequestHandler } from 'express';
import { ApiError } from './errors';

// Rate limiting: a token bucket per credential (per client IP before authentication). A bucket
// holds up to `burst` requests and refills at `perMinute`; an empty bucket answers 429 with
// Retry-After. The buckets live in this API process: replicas each count their own, so the
// effective limit behind a load balancer is up to N times this one.

export interface RateLimit {
  perMinute: number;
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { perMinute: 120, burst: 60 };

interface Bucket {
  tokens: number;
  at: number;
}

// Full buckets are forgotten once there are this many, so many IPs cannot grow memory for ever.
const PRUNE_ABOVE = 10_000;

/**
 * Who is counted: the verified credential, else the client address (the socket's, unless Express
 * is told to trust a proxy's X-Forwarded-For).
 */
function keyOf(req: Request): string {
  return req.caller ? `credential:${req.caller.credentialId}` : `ip:${req.ip ?? 'unknown'}`;
}

export function rateLimit(limit: RateLimit): RequestHandler {
  const perMs = limit.perMinute / 60_000;
  const buckets = new Map<string, Bucket>();
  const refilled = (b: Bucket, t: number) => Math.min(limit.burst, b.tokens + (t - b.at) * perMs);

  return (req, res, next) => {
    const t = Date.now();
    if (buckets.size > PRUNE_ABOVE) {
      for (const [k, b] of buckets) if (refilled(b, t) >= limit.burst) buckets.delete(k);
    }
    const key = keyOf(req);
    const bucket = buckets.get(key) ?? { tokens: limit.burst, at: t };
    bucket.tokens = refilled(bucket, t);
    bucket.at = t;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      const seconds = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
      res.setHeader('Retry-After', String(seconds));
      const who = req.caller ? 'this credential' : 'this address';
      throw new ApiError(
        429,
        'rate-limited',
        `rate limit of ${limit.perMinute} requests per minute (bursts of ${limit.burst}) exceeded for ${who}; retry after ${seconds} s`,
      );
    }
    bucket.tokens -= 1;
    next();
  };
}
