import { ApplicationFailure } from '@temporalio/workflow';

/**
 * Refuses a staff decision the case cannot take now, naming why. An ApplicationFailure, so that
 * thrown from an update handler it fails that update; a plain Error there would fail the
 * workflow task and be retried forever. Validators use it too: one kind of refusal everywhere.
 */
export function refuse(message: string): never {
  throw ApplicationFailure.create({ type: 'DecisionRefused', message, nonRetryable: true });
}
