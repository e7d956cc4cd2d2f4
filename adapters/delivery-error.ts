/**
 * A delivery that can never succeed however often it is retried (invalid number, opted-out
 * patient, unknown hospital). Activities turn it into a non-retryable failure.
 */
export class PermanentDeliveryError extends Error {
  constructor(
    message: string,
    readonly reason: 'invalid-recipient' | 'opted-out' | 'rejected',
  ) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}
