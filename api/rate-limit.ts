import type { Request, RequestHandler } from 'express';
import { ApiError } from './errors';
import { TokenBuckets } from './token-buckets';

// Rate limiting: a token bucket per credential (per client IP before authentication). A bucket
// holds up to `burst` requests and refills at `perMinute`; an empty bucket answers 429 with
// Retry-After. The buckets live in this API process: replicas each count their own, so the
// effective limit behind a load balancer is up to N times this one.

export interface RateLimit {
  perMinute: number;
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { perMinute: 120, burst: 60 };

/**
 * Who is counted: the verified credential, else the client address (the socket's, unless Express
 * is told to trust a proxy's X-Forwarded-For).
 */
function keyOf(req: Request): string {
  return req.caller ? `credential:${req.caller.credentialId}` : `ip:${req.ip ?? 'unknown'}`;
}

export function rateLimit(limit: RateLimit): RequestHandler {
  const buckets = new TokenBuckets(limit.burst, limit.perMinute);

  return (req, res, next) => {
    const t = Date.now();
    const key = keyOf(req);
    const seconds = buckets.secondsUntilOne(key, t);
    if (seconds > 0) {
      res.setHeader('Retry-After', String(seconds));
      const who = req.caller ? 'this credential' : 'this address';
      throw new ApiError(
        429,
        'rate-limited',
        `rate limit of ${limit.perMinute} requests per minute (bursts of ${limit.burst}) exceeded for ${who}; retry after ${seconds} s`,
      );
    }
    buckets.spend(key, t);
    next();
  };
}
