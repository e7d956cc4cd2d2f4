import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { ApiError } from '../errors';

// Cross-site request forgery: SameSite=Strict already keeps the session cookie off other sites'
// requests; on top, every POST carries the session's token (form field `_csrf` or header
// `x-csrf-token`), which another site cannot read, and a browser's Origin must be ours.

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** 403 unless the request carries `expected` and, when the browser says where it comes from, is ours. */
export function checkCsrf(req: Request, expected: string): void {
  const origin = req.headers.origin;
  if (origin !== undefined && hostOf(origin) !== req.headers.host) {
    throw new ApiError(
      403,
      'forbidden',
      `origin: requests to the console must come from its own pages`,
      'origin',
    );
  }
  const body = req.body as Record<string, unknown> | undefined;
  const given = req.headers[CSRF_HEADER] ?? body?.[CSRF_FIELD];
  if (!sameToken(given, expected))
    throw new ApiError(
      403,
      'forbidden',
      `${CSRF_HEADER}: missing or wrong CSRF token; reload the page and try again`,
      CSRF_HEADER,
    );
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
