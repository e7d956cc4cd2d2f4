import { ApplicationFailure } from '@temporalio/common';
import { PermanentDeliveryError } from '../adapters/delivery-error';

/** Run an adapter call; a permanent delivery failure becomes non-retryable so Temporal stops retrying. */
export async function permanentFailuresAreFinal<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof PermanentDeliveryError) {
      throw ApplicationFailure.create({
        message: err.message,
        type: 'PermanentDeliveryError',
        nonRetryable: true,
        details: [err.reason],
      });
    }
    throw err;
  }
}
