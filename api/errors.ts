import type { ErrorRequestHandler } from 'express';
import type { z } from 'zod';
import { fieldPath } from '../domain/validation';

// One error body for every failure: { error: { code, message, field?, problems?, requestId } }.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly problems?: { field: string; message: string }[],
  ) {
    super(message);
  }

  static badRequest(field: string, message: string): ApiError {
    return new ApiError(400, 'invalid-request', `${field}: ${message}`, field);
  }

  /**
   * 422: the request passes its documented schema but breaks a rule between its fields, or
   * against the catalogue or the clock, that no schema states (e.g. `from` before `to`).
   */
  static inconsistent(field: string, message: string): ApiError {
    return new ApiError(422, 'invalid-request', `${field}: ${message}`, field);
  }

  /** 400 naming every bad field; 422 when only cross-field rules (CROSS_FIELD) are broken. */
  static fromZod(error: z.ZodError, root = ''): ApiError {
    const crossFieldOnly = error.issues.every(
      (issue) => issue.code === 'custom' && (issue.params as { crossField?: boolean })?.crossField === true,
    );
    const problems = error.issues.map((issue) => ({
      field: fieldPath(issue.path, root),
      message: issue.message,
    }));
    const first = problems[0]!;
    return new ApiError(
      crossFieldOnly ? 422 : 400,
      'invalid-request',
      problems.map((p) => `${p.field}: ${p.message}`).join('; '),
      first.field,
      problems,
    );
  }

  static notFound(what: string): ApiError {
    return new ApiError(404, 'not-found', `${what} not found`);
  }

  /** Seconds the caller is told to wait (Retry-After) before sending it again. */
  retryAfterSeconds?: number;

  withRetryAfter(seconds: number): this {
    this.retryAfterSeconds = seconds;
    return this;
  }
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const requestId = String(req.id ?? '');
  if (err instanceof ApiError) {
    if (err.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(err.retryAfterSeconds));
    res.status(err.status).json({
      error: {
        code: err.code,
        message: err.message,
        ...(err.field ? { field: err.field } : {}),
        ...(err.problems ? { problems: err.problems } : {}),
        requestId,
      },
    });
    return;
  }
  // Body-parser errors carry a status: malformed JSON (400), body too large (413), bad charset.
  const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
  if (status === 500) req.log.error({ err }, 'unhandled error');
  const code =
    status === 413
      ? 'payload-too-large'
      : status === 400
        ? 'invalid-json'
        : status === 500
          ? 'internal'
          : 'invalid-request';
  const message =
    status === 500
      ? 'internal error'
      : status === 400
        ? 'body: request body is not valid JSON'
        : String(err.message);
  res
    .status(status)
    .json({ error: { code, message, ...(status === 400 ? { field: 'body' } : {}), requestId } });
};
