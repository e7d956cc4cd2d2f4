import type { OperationOutcome } from '@medplum/fhirtypes';
import { OperationOutcomeError, getStatus, operationOutcomeToString } from '@medplum/core';
import { PermanentDeliveryError } from '../delivery-error';

// What a FHIR server's answer means for retrying. The HTTP status decides (the client records it
// for every request, see client.ts); the OperationOutcome's kind is the fallback when none was
// seen. 400/404/409/410/412/422: the server will refuse the same request again (permanent);
// 401/403: our credentials or the server's access policy, a configuration error no retry fixes
// (permanent, and the message says so); 408/429/5xx, timeouts and network failures: retryable.

/** The FHIR server was unreachable, slow or failing: the activity retries. */
export class FhirUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FhirUnavailableError';
  }
}

/** Our credentials were refused (401) or the server's policy forbids the call (403). */
export class FhirConfigurationError extends PermanentDeliveryError {
  constructor(message: string) {
    super(message, 'rejected');
    this.name = 'FhirConfigurationError';
  }
}

/** The server refused the request (4xx): the same request will be refused again. */
export class FhirRejectedError extends PermanentDeliveryError {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message, 'rejected');
    this.name = 'FhirRejectedError';
  }
}

export interface FhirFailureContext {
  /** What we were doing, e.g. "recording a Communication" (ids only, no personal data). */
  action: string;
  /** The HTTP status the server answered, when the request reached it. */
  status?: number;
  /** A 404 here means the recipient (patient, hospital) is unknown rather than a bad request. */
  notFoundIsRecipient?: boolean;
}

const PERMANENT = new Set([400, 404, 405, 409, 410, 412, 413, 415, 422]);

/** A FHIR call's failure as the error an activity should see. */
export function fhirFailure(err: unknown, context: FhirFailureContext): Error {
  if (err instanceof PermanentDeliveryError || err instanceof FhirUnavailableError) return err;
  const outcome = err instanceof OperationOutcomeError ? err.outcome : undefined;
  const status = context.status ?? (outcome ? getStatus(outcome) : undefined);
  const detail = outcome ? `: ${summary(outcome)}` : '';
  if (status === undefined) {
    // Never reached the server: connection refused, DNS, TLS, timeout (AbortError/TimeoutError).
    const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return new FhirUnavailableError(`FHIR server unreachable while ${context.action} (${what})`);
  }
  if (status === 401 || status === 403) {
    return new FhirConfigurationError(
      `FHIR server refused our ${status === 401 ? 'credentials' : 'access'} (HTTP ${status}) while ` +
        `${context.action}: a configuration error (check FHIR_BASE_URL and the bearer token or client ` +
        `credentials and their access policy), not retried${detail}`,
    );
  }
  if (status === 404 && context.notFoundIsRecipient) {
    return new PermanentDeliveryError(
      `not found in the FHIR server while ${context.action}${detail}`,
      'invalid-recipient',
    );
  }
  if (PERMANENT.has(status) || (status >= 400 && status < 500 && status !== 408 && status !== 429)) {
    return new FhirRejectedError(`FHIR server refused (HTTP ${status}) ${context.action}${detail}`, status);
  }
  return new FhirUnavailableError(`FHIR server failed (HTTP ${status}) while ${context.action}${detail}`);
}

/** The outcome's issue texts, short: they name elements and codes, not the resource's content. */
function summary(outcome: OperationOutcome): string {
  return operationOutcomeToString(outcome).slice(0, 300);
}
