import type { Organization, Patient, Reference } from '@medplum/fhirtypes';
import type { FhirGateway } from './client';
import { HOSPITAL_ID_SYSTEM, PATIENT_REF_SYSTEM, tokenQuery } from './identifiers';

export type Stored<T> = T & { id: string };

/** The Patient carrying our opaque patient reference, if the server holds one. */
export async function findPatient(
  fhir: FhirGateway,
  patientRef: string,
  action: string,
): Promise<Stored<Patient> | undefined> {
  const { result } = await fhir.call({ action }, (options) =>
    fhir.client.searchResources(
      'Patient',
      { identifier: tokenQuery(PATIENT_REF_SYSTEM, patientRef) },
      options,
    ),
  );
  return result[0] as Stored<Patient> | undefined;
}

/** The partner hospital's Organization by our hospital id. */
export async function findHospital(
  fhir: FhirGateway,
  hospitalId: string,
  action: string,
): Promise<Stored<Organization> | undefined> {
  const { result } = await fhir.call({ action }, (options) =>
    fhir.client.searchResources(
      'Organization',
      { identifier: tokenQuery(HOSPITAL_ID_SYSTEM, hospitalId) },
      options,
    ),
  );
  return result[0] as Stored<Organization> | undefined;
}

/** A reference to the patient: literal when the server holds them, by our identifier always. */
export function patientReference(
  patient: Stored<Patient> | undefined,
  patientRef: string,
): Reference<Patient> {
  return {
    ...(patient ? { reference: `Patient/${patient.id}` } : {}),
    type: 'Patient',
    identifier: { system: PATIENT_REF_SYSTEM, value: patientRef },
  };
}
