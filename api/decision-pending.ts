import type { ErrorRequestHandler } from 'express';
import { RETRY_AFTER_SECONDS } from './temporal-bounds';

/**
 * A decision that did not finish within the deadline, but may still be applied: it has the
 * Temporal update id of its Idempotency-Key, and the server keeps it until a worker takes it
 * (`waiting-for-worker`) or the case is already carrying it out (`accepted`). Sending the same
 * request again with the same Idempotency-Key learns the outcome and never decides twice.
 * Answered `202` (see pendingHandler), never as an error.
 */
export class DecisionPending extends Error {
  constructor(
    readonly decision: string,
    readonly idempotencyKey: string,
    readonly stage: 'waiting-for-worker' | 'accepted',
  ) {
    super(`${decision}: not finished in time (${stage})`);
  }
}

export const PENDING_MESSAGE =
  'not finished in time: it is applied at most once, when a worker takes it. Send the same request again with this Idempotency-Key to learn the outcome.';

/** `202` with Retry-After and the Idempotency-Key to send again. */
export const pendingHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (!(err instanceof DecisionPending)) return next(err);
  res
    .status(202)
    .setHeader('Retry-After', String(RETRY_AFTER_SECONDS))
    .setHeader('Idempotency-Key', err.idempotencyKey)
    .json({
      status: 'pending',
      decision: err.decision,
      stage: err.stage,
      idempotencyKey: err.idempotencyKey,
      message: `${err.decision}: ${PENDING_MESSAGE}`,
      requestId: String(req.id ?? ''),
    });
};
