import { status } from '@grpc/grpc-js';
import type { Client } from '@temporalio/client';
import { isGrpcDeadlineError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ApiError } from './errors';

// The API answers within bounds when Temporal or the worker is away. Every Temporal call made
// while answering one request shares one deadline; a call that misses it is a 503 that says who
// is away: Temporal itself (`temporal-unavailable`) or the worker that answers queries and takes
// decisions (`worker-unavailable`). Starts and signals need no worker, so they keep working.

/** The default deadline of a request's Temporal calls (TEMPORAL_QUERY_TIMEOUT_MS). */
export const DEFAULT_TEMPORAL_TIMEOUT_MS = 5_000;

/** Seconds a caller is told to wait (Retry-After) before trying again. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Runs the rest of the request with a deadline on every Temporal call it makes (the client's
 * deadline context follows the request's async calls).
 */
export function temporalDeadline(client: Client, timeoutMs: number): RequestHandler {
  return (_req, res, next) => {
    void client.withDeadline(
      Date.now() + timeoutMs,
      () =>
        new Promise<void>((resolve) => {
          res.once('close', resolve);
          next();
        }),
    );
  };
}

/** A Temporal call that ran out of time, or found no server to answer (anywhere in its causes). */
export function isTemporalTimeout(err: unknown): boolean {
  if (isGrpcDeadlineError(err) || grpcCodeIn(err) === status.UNAVAILABLE) return true;
  for (let e = err; e instanceof Error; e = e.cause) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  }
  return false;
}

/** The first gRPC status code among the error and its causes. */
function grpcCodeIn(err: unknown): number | undefined {
  for (let e = err; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

/** Whether the Temporal server answers at all, within a second. */
export async function temporalReachable(client: Client): Promise<boolean> {
  try {
    await client.withDeadline(Date.now() + 1_000, () => client.workflowService.getSystemInfo({}));
    return true;
  } catch {
    return false;
  }
}

/** The 503 for a call that timed out: Temporal is away, or it is up and no worker answered. */
export async function unavailableError(client: Client, err: unknown): Promise<ApiError> {
  const reachable = grpcCodeIn(err) !== status.UNAVAILABLE && (await temporalReachable(client));
  return reachable
    ? new ApiError(
        503,
        'worker-unavailable',
        'no worker answered in time: the case cannot be read or decided on now; try again later',
      )
    : new ApiError(503, 'temporal-unavailable', 'Temporal is not reachable: try again later');
}

/** Turns a Temporal call that timed out into its 503 (with Retry-After); other errors pass on. */
export function temporalUnavailable(client: Client): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (!isTemporalTimeout(err)) return next(err);
    void unavailableError(client, err).then((apiError) => {
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      next(apiError);
    });
  };
}
