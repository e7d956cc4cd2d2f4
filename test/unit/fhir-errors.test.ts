import { OperationOutcomeError, badRequest, notFound, serverError, unauthorized } from '@medplum/core';
import { PermanentDeliveryError } from '../../adapters/delivery-error';
import {
  FhirConfigurationError,
  FhirRejectedError,
  FhirUnavailableError,
  fhirFailure,
} from '../../adapters/fhir/errors';
import { referralStatusOf } from '../../adapters/fhir/hospital-transfer';

// How a FHIR server's answer is judged: the HTTP status first, the OperationOutcome when none.
const action = 'testing';

describe('fhirFailure', () => {
  test.each([400, 404, 409, 410, 412, 422])('HTTP %i is permanent, rejected', (status) => {
    const err = fhirFailure(new OperationOutcomeError(badRequest('x')), { action, status });
    expect(err).toBeInstanceOf(FhirRejectedError);
    expect((err as PermanentDeliveryError).reason).toBe('rejected');
    expect((err as FhirRejectedError).status).toBe(status);
  });

  test('404 where the recipient was looked up: invalid-recipient', () => {
    const err = fhirFailure(new OperationOutcomeError(notFound), {
      action,
      status: 404,
      notFoundIsRecipient: true,
    });
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect((err as PermanentDeliveryError).reason).toBe('invalid-recipient');
  });

  test.each([401, 403])('HTTP %i is a permanent configuration error that says so', (status) => {
    const err = fhirFailure(new OperationOutcomeError(unauthorized), { action, status });
    expect(err).toBeInstanceOf(FhirConfigurationError);
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err.message).toContain('configuration error');
    expect(err.message).toContain(`HTTP ${status}`);
  });

  test.each([408, 429, 500, 502, 503, 504])('HTTP %i is retryable', (status) => {
    const err = fhirFailure(new OperationOutcomeError(badRequest('x')), { action, status });
    expect(err).toBeInstanceOf(FhirUnavailableError);
    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
  });

  test('a 503 whose body was not FHIR (read by the client as a 400 outcome) is still retryable', () => {
    const err = fhirFailure(new OperationOutcomeError(badRequest('<html>Service Unavailable</html>')), {
      action,
      status: 503,
    });
    expect(err).toBeInstanceOf(FhirUnavailableError);
  });

  test('no response at all (connection refused, timeout) is retryable', () => {
    expect(fhirFailure(new TypeError('fetch failed'), { action })).toBeInstanceOf(FhirUnavailableError);
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(fhirFailure(timeout, { action })).toBeInstanceOf(FhirUnavailableError);
  });

  test('without a status the OperationOutcome decides', () => {
    expect(fhirFailure(new OperationOutcomeError(unauthorized), { action })).toBeInstanceOf(
      FhirConfigurationError,
    );
    expect(fhirFailure(new OperationOutcomeError(notFound), { action })).toBeInstanceOf(FhirRejectedError);
    expect(fhirFailure(new OperationOutcomeError(serverError(new Error('boom'))), { action })).toBeInstanceOf(
      FhirUnavailableError,
    );
  });

  test('an error already judged passes through', () => {
    const permanent = new PermanentDeliveryError('gone', 'invalid-recipient');
    expect(fhirFailure(permanent, { action, status: 500 })).toBe(permanent);
  });
});

test('Task statuses as the transfer workflow reads them', () => {
  expect(referralStatusOf('requested')).toBe('requested');
  expect(referralStatusOf('received')).toBe('requested');
  expect(referralStatusOf('accepted')).toBe('accepted');
  expect(referralStatusOf('rejected')).toBe('rejected');
  expect(referralStatusOf('failed')).toBe('rejected');
  expect(referralStatusOf('cancelled')).toBe('cancelled');
  expect(referralStatusOf('entered-in-error')).toBe('cancelled');
  expect(referralStatusOf('in-progress')).toBe('in-progress');
  expect(referralStatusOf('completed')).toBe('completed');
});
