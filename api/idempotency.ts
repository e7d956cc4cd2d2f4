import { createHash, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Request, RequestHandler, Response } from 'express';
import type { CaseCalls } from './case-calls';
import { UpdateTimedOut } from './case-calls';
import { DecisionPending } from './decision-pending';
import { ApiError } from './errors';
import { RETRY_AFTER_SECONDS, temporalReachable } from './temporal-bounds';

// Idempotency-Key: a client that retries a POST with the same key gets the first result instead
// of acting twice. Nothing is cached in this process: the record lives in Temporal, so it
// survives restarts and every API replica sees it.
//
// - Starts: the workflow id is the business key; the key's hash, the request's hash and the 201
//   body go into the workflow's memo (which a continue-as-new carries over).
// - Decisions: the key becomes the Temporal update id. The server runs an update id once per
//   workflow run and answers a retry with the first outcome (also after the case has ended).
// - Replies: already deduplicated by providerMessageId inside the workflows; that is their key.

const HEADER = 'idempotency-key';
const KEY = /^[A-Za-z0-9_.:-]{1,100}$/;

/** The Idempotency-Key header if sent; 400 naming it when malformed. */
export function idempotencyKey(req: Request): string | undefined {
  const value = req.headers[HEADER];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !KEY.test(value)) {
    throw new ApiError(
      400,
      'invalid-request',
      `${HEADER}: must be 1-100 characters of A-Z, a-z, 0-9, "_", ".", ":" and "-"`,
      HEADER,
    );
  }
  return value;
}

/** Rejects a malformed key on any request, including those (replies) that only accept it. */
export const checkIdempotencyKey: RequestHandler = (req, _res, next) => {
  idempotencyKey(req);
  next();
};

/** Keys are the caller's own: scoped by credential, so two systems' "1" never collide. */
function scoped(req: Request, key: string): string {
  return `${req.caller!.credentialId}:${key}`;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/** JSON with sorted keys: a retry that re-serializes the same body hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What a start with a key remembers in the workflow's memo (hashes and ids, no personal data). */
interface StartRecord {
  key: string;
  request: string;
  created: unknown;
}
const MEMO = 'idempotency';

/**
 * Starts a case whose workflow id is its business key; `created` is the 201 body. When the case
 * already exists: a retry with the same key and request gets the first body back (replayed, with
 * `Idempotent-Replayed: true`), the same key with another request is 422, anything else is
 * `conflict()` (409).
 */
export async function startOnce<T>(
  req: Request,
  res: Response,
  client: Client,
  options: {
    workflowId: string;
    created: T;
    start: (memo: Record<string, unknown> | undefined) => Promise<unknown>;
    conflict: () => ApiError;
  },
): Promise<{ created: T; replayed: boolean }> {
  const key = idempotencyKey(req);
  const record: StartRecord | undefined = key
    ? { key: sha256(scoped(req, key)), request: sha256(canonical(req.body)), created: options.created }
    : undefined;
  try {
    await options.start(record ? { [MEMO]: record } : undefined);
    return { created: options.created, replayed: false };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  if (!record) throw options.conflict();
  const { memo } = await client.workflow.getHandle(options.workflowId).describe();
  const first = memo?.[MEMO] as StartRecord | undefined;
  if (first?.key !== record.key) throw options.conflict();
  if (first.request !== record.request) {
    throw new ApiError(
      422,
      'idempotency-key-reused',
      `${HEADER}: this key was used for a different request to create ${options.workflowId}`,
      HEADER,
    );
  }
  res.setHeader('Idempotent-Replayed', 'true');
  return { created: first.created as T, replayed: true };
}

/**
 * A staff decision (a Temporal update), like CaseCalls.update, but with the Idempotency-Key as
 * the update id (scoped by credential and decision). Limits: the server remembers update ids per
 * run, so a retry after the journey continued as new acts again; and a retry with the same key
 * but another body gets the first result (the server does not compare arguments).
 *
 * Every decision has an update id: without a key, the API makes one up. Out of time (api/
 * temporal-bounds.ts), the answer is never ambiguous: either Temporal is not reachable (503
 * temporal-unavailable: the server never had it), or the decision is pending (DecisionPending,
 * 202) with the key that learns its outcome; Temporal applies it at most once.
 */
export async function decideOnce<R>(
  req: Request,
  calls: CaseCalls,
  target: { id: string; name: string; update: UpdateDefinition<R, [unknown]> },
  payload: unknown,
): Promise<R> {
  const key = idempotencyKey(req) ?? randomUUID();
  const updateId = `${target.name}:${scoped(req, key)}`;
  try {
    return await calls.update(
      target.id,
      target.name,
      target.update as unknown as UpdateDefinition<R, [never]>,
      payload,
      updateId,
    );
  } catch (err) {
    if (!(err instanceof UpdateTimedOut)) throw err;
    if (err.accepted) throw new DecisionPending(target.name, key, 'accepted');
    if (await temporalReachable(calls.client))
      throw new DecisionPending(target.name, key, 'waiting-for-worker');
    const unavailable = new ApiError(
      503,
      'temporal-unavailable',
      `${target.name}: Temporal is not reachable: send it again later with the Idempotency-Key of this answer (it is made at most once)`,
    );
    req.res!.setHeader('Retry-After', String(RETRY_AFTER_SECONDS)).setHeader('Idempotency-Key', key);
    throw unavailable;
  }
}
