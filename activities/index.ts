import type { Adapters } from '../adapters';
import { withSafeErrors } from '../adapters/safe-errors';
import { complaintActivities } from './complaint-operations';
import { patientMessageActivities } from './patient-messages';
import { recordActivities } from './records';
import { staffActivities } from './staff';

// Activities are thin: render, call an adapter, report. Each takes an idempotency key built
// from the case id and the step, so a retry or a continue-as-new never sends twice.
// Logs carry the case id (an opaque business key) and never a phone number or message text;
// nor do failures: an adapter's error is redacted of its request's texts (adapters/safe-errors.ts).
export function createActivities(unguarded: Adapters) {
  const adapters = withSafeErrors(unguarded);
  return {
    ...patientMessageActivities(adapters),
    ...staffActivities(adapters),
    ...recordActivities(adapters),
    ...complaintActivities(adapters),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { SendPatientSms } from './patient-messages';
