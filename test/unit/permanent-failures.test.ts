import { ApplicationFailure } from '@temporalio/common';
import { PermanentDeliveryError } from '../../adapters/delivery-error';
import { permanentFailuresAreFinal } from '../../activities/errors';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('permanentFailuresAreFinal', () => {
  it('returns the value of a successful call', async () => {
    await expect(permanentFailuresAreFinal(async () => ({ id: 'm-1' }))).resolves.toEqual({ id: 'm-1' });
  });

  it.each(['invalid-recipient', 'opted-out', 'rejected'] as const)(
    'turns a PermanentDeliveryError (%s) into a non-retryable ApplicationFailure',
    async (reason) => {
      const error = await rejection(
        permanentFailuresAreFinal(async () => {
          throw new PermanentDeliveryError('recipient is not an E.164 number', reason);
        }),
      );
      expect(error).toBeInstanceOf(ApplicationFailure);
      expect(error).not.toBeInstanceOf(PermanentDeliveryError);
      const failure = error as ApplicationFailure;
      expect(failure.type).toBe('PermanentDeliveryError');
      expect(failure.nonRetryable).toBe(true);
      expect(failure.message).toBe('recipient is not an E.164 number');
      expect(failure.details).toEqual([reason]);
    },
  );

  it('also catches a PermanentDeliveryError thrown synchronously by the call', async () => {
    const error = await rejection(
      permanentFailuresAreFinal(() => {
        throw new PermanentDeliveryError('opted out', 'opted-out');
      }),
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
  });

  it('passes other errors through unchanged, so Temporal retries them', async () => {
    const outage = new Error('provider timed out');
    await expect(
      permanentFailuresAreFinal(async () => {
        throw outage;
      }),
    ).rejects.toBe(outage);

    const retryable = ApplicationFailure.retryable('rate limited', 'RateLimited');
    await expect(
      permanentFailuresAreFinal(async () => {
        throw retryable;
      }),
    ).rejects.toBe(retryable);
  });

  it('does not treat a plain error named PermanentDeliveryError as permanent', async () => {
    const lookalike = new Error('looks permanent');
    lookalike.name = 'PermanentDeliveryError';
    await expect(
      permanentFailuresAreFinal(async () => {
        throw lookalike;
      }),
    ).rejects.toBe(lookalike);
  });
});
