import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  ChildWorkflowFailure,
  TerminatedFailure,
  TimeoutFailure,
} from '@temporalio/workflow';

// Why an activity or a child workflow failed, as a category a record, a timeline or a staff task
// may show: never the failure's message, which may carry a phone number or a patient's words.

/** "permanent (invalid-recipient)", "retry budget exhausted", "timed out (START_TO_CLOSE)", ... */
export function whyActivityFailed(err: unknown): string {
  if (!(err instanceof ActivityFailure)) return 'failed';
  const cause = err.cause;
  if (cause instanceof ApplicationFailure && cause.nonRetryable) {
    const reason = cause.details?.[0];
    return `permanent (${typeof reason === 'string' ? reason : (cause.type ?? 'error')})`;
  }
  // The budget is an attempt count (workflows/retry-budget.ts); a schedule-to-close deadline too.
  if (
    err.retryState === 'MAXIMUM_ATTEMPTS_REACHED' ||
    err.retryState === 'TIMEOUT' ||
    (cause instanceof TimeoutFailure && cause.timeoutType === 'SCHEDULE_TO_CLOSE')
  )
    return 'retry budget exhausted';
  if (cause instanceof TimeoutFailure) return `timed out (${cause.timeoutType ?? 'unknown'})`;
  if (cause instanceof ApplicationFailure) return `failed (${cause.type ?? 'error'})`;
  return 'failed';
}

/** "terminated", "cancelled", "timed out", "failed (TypeError)", ... */
export function whyChildFailed(err: unknown): string {
  const cause = err instanceof ChildWorkflowFailure ? err.cause : err;
  if (cause instanceof TerminatedFailure) return 'terminated';
  if (cause instanceof CancelledFailure) return 'cancelled';
  if (cause instanceof TimeoutFailure) return 'timed out';
  if (cause instanceof ApplicationFailure) return `failed (${cause.type ?? 'error'})`;
  if (cause instanceof Error) return `failed (${cause.name})`;
  return 'failed';
}
