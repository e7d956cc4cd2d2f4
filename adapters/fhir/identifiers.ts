// The identifier systems our resources carry in the clinic's FHIR server. The seed
// (fhir-server/seed.ts) and the adapters share them, so a patient, hospital or schedule is found by
// our own opaque ids, never by name.
export const PATIENT_REF_SYSTEM = 'urn:care-journeys:patient-ref';
export const SURGERY_ID_SYSTEM = 'urn:care-journeys:surgery-id';
export const HOSPITAL_ID_SYSTEM = 'urn:care-journeys:hospital-id';
export const CLINIC_ID_SYSTEM = 'urn:care-journeys:clinic-id';
/** A clinic department's appointment schedule: value `<clinicId>/<department>`. */
export const SCHEDULE_SYSTEM = 'urn:care-journeys:schedule';
/** The idempotency key of a write (Communication, Appointment, ServiceRequest, Task). */
export const IDEMPOTENCY_KEY_SYSTEM = 'urn:care-journeys:idempotency-key';
/** The case (workflow id) a write belongs to. */
export const CASE_ID_SYSTEM = 'urn:care-journeys:case-id';

export function scheduleKey(clinicId: string, department: string): string {
  return `${clinicId}/${department}`;
}

/** A token search value `system|value`, escaped as FHIR requires (`\`, `|`, `,` and `$`). */
export function tokenQuery(system: string, value: string): string {
  const escape = (s: string) => s.replace(/[\\|,$]/g, (c) => `\\${c}`);
  return `${escape(system)}|${escape(value)}`;
}
