import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Action, Role } from '../domain/access';
import { mayDo } from '../domain/access';
import type { Credential } from '../config/credentials';
import { secretMatches } from '../config/credentials';
import { ApiError } from './errors';
import type { FailureLimit } from './failed-sign-ins';
import { DEFAULT_FAILURE_LIMIT, FailedSignIns } from './failed-sign-ins';

/** Who is calling: from a verified credential. */
export interface Caller {
  credentialId: string;
  clinicId: string;
  role: Role;
  /** The member of staff the credential was issued to; absent for systems. */
  staffId?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    caller?: Caller;
  }
}

// The scheme name is case-insensitive (RFC 7235).
const BEARER = /^Bearer ([A-Za-z0-9][A-Za-z0-9_-]{0,63})\.([A-Za-z0-9_-]{16,200})$/i;

/** How long a verified token is remembered, so scrypt is not paid on every request. */
export const VERIFIED_FOR_MS = 5 * 60_000;
const VERIFIED_AT_MOST = 10_000;

/**
 * Verifies `Authorization: Bearer <credentialId>.<secret>` against the hashed credentials.
 * scrypt is slow on purpose, so a verified token is remembered for a few minutes (by its
 * SHA-256, never in clear), and failures are throttled per credential id and address (429).
 */
export function authenticate(
  credentials: readonly Credential[],
  failureLimit: FailureLimit = DEFAULT_FAILURE_LIMIT,
  now: () => number = Date.now,
): RequestHandler {
  const byId = new Map(credentials.map((c) => [c.id, c]));
  const verified = new Map<string, { caller: Caller; until: number }>();
  const failures = new FailedSignIns(failureLimit, now);
  return (req, res, next) => {
    const header = req.headers.authorization;
    if (!header)
      throw new ApiError(401, 'unauthenticated', 'Authorization: a "Bearer <credential>" header is required');
    const match = BEARER.exec(header);
    if (!match)
      throw new ApiError(401, 'unauthenticated', 'Authorization: must be "Bearer <credentialId>.<secret>"');
    const digest = createHash('sha256').update(header).digest('base64');
    const remembered = verified.get(digest);
    let caller = remembered && remembered.until > now() ? remembered.caller : undefined;
    if (!caller) {
      const credentialId = match[1]!;
      const address = req.ip ?? 'unknown';
      const wait = failures.retryAfter(credentialId, address);
      if (wait > 0) {
        res.setHeader('Retry-After', String(wait));
        throw new ApiError(
          429,
          'rate-limited',
          `Authorization: too many failed attempts for this credential or from this address; retry after ${wait} s`,
        );
      }
      const credential = byId.get(credentialId);
      if (!credential || !secretMatches(match[2]!, credential.secretHash)) {
        failures.failed(credentialId, address);
        throw new ApiError(401, 'unauthenticated', 'Authorization: unknown or revoked credential');
      }
      caller = {
        credentialId: credential.id,
        clinicId: credential.clinicId,
        role: credential.role,
        ...(credential.staffId ? { staffId: credential.staffId } : {}),
      };
      if (verified.size >= VERIFIED_AT_MOST) verified.clear();
      verified.set(digest, { caller, until: now() + VERIFIED_FOR_MS });
    }
    req.caller = caller;
    req.log?.setBindings?.({ credentialId: caller.credentialId });
    next();
  };
}

/** The caller, if its role may do `action`; otherwise 403 naming both. */
export function allow(req: Request, action: Action): Caller {
  const caller = req.caller;
  if (!caller)
    throw new ApiError(401, 'unauthenticated', 'Authorization: a "Bearer <credential>" header is required');
  if (!mayDo(caller.role, action)) {
    throw new ApiError(403, 'forbidden', `role "${caller.role}" may not perform "${action}"`);
  }
  return caller;
}

/**
 * A case of another clinic is answered exactly like a case that does not exist (404), so ids
 * cannot be probed across clinics.
 */
export function ownCase(caller: Caller, caseClinicId: string | undefined, what: string): void {
  if (caseClinicId !== caller.clinicId) throw ApiError.notFound(what);
}

/** A start or listing for a clinic the credential does not act for. */
export function forOtherClinic(clinicId: string, field = 'body.clinicId'): ApiError {
  return new ApiError(
    403,
    'forbidden',
    `${field}: this credential acts for clinic "${clinicId}" only`,
    field,
  );
}
