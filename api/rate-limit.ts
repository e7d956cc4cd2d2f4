import type { Request, RequestHandler } from 'express';
import { ApiError } from './errors';
import type { RateCounter } from './rate-counters';

// Rate limiting per credential (per client IP before authentication): bursts of up to `burst`
// requests, `perMinute` on average; over it, 429 with Retry-After. Where the counts live is the
// counter's business (api/rate-counters.ts): this process, or PostgreSQL shared by the replicas.

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

export function rateLimit(limit: RateLimit, counter: RateCounter): RequestHandler {
  return async (req, res, next) => {
    const seconds = await counter.take(keyOf(req));
    if (seconds > 0) {
      res.setHeader('Retry-After', String(seconds));
      const who = req.caller ? 'this credential' : 'this address';
      throw new ApiError(
        429,
        'rate-limited',
        `rate limit of ${limit.perMinute} requests per minute (bursts of ${limit.burst}) exceeded for ${who}; retry after ${seconds} s`,
      );
    }
    next();
  };
}
