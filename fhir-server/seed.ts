import type {
  AllergyIntolerance,
  Condition,
  HealthcareService,
  MedicationStatement,
  Organization,
  Patient,
  Procedure,
  Reference,
  Resource,
  Schedule,
  Slot,
} from '@medplum/fhirtypes';
import type { MemoryRepository } from '@medplum/fhir-router';
import {
  CLINIC_ID_SYSTEM,
  HOSPITAL_ID_SYSTEM,
  PATIENT_REF_SYSTEM,
  SCHEDULE_SYSTEM,
  SURGERY_ID_SYSTEM,
  scheduleKey,
} from '../adapters/fhir/identifiers';
import type { EhrRecords } from '../adapters/dev/ehr-records';
import { DEV_EHR_RECORDS } from '../adapters/dev/ehr-records';
import { calendarOf, isBusinessTime } from '../domain/calendar';
import type { ClinicCatalogue } from '../domain/clinic';
import { parseClinicConfig } from '../config/clinic-config';
import clinicsJson from '../config/clinics.json';

// The demo clinic's data in the FHIR server, from the same files the dev adapters read:
// config/ehr-records.json (history as Condition, AllergyIntolerance, MedicationStatement,
// Procedure per surgery) and config/clinics.json (the clinic and its partner hospitals as
// Organizations, a Schedule per department with free 30-minute Slots in business hours). Patients
// carry only our opaque patient reference, no names. Deterministic for a given `now`.

export const SLOT_MINUTES = 30;
/** clinics.json has no departments; these are the ones the journeys and complaints book. */
export const DEFAULT_DEPARTMENTS = ['Plastic surgery', 'Dermatology'];

export interface SeedOptions {
  /** Slots start at the first 30-minute boundary at or after `now`. */
  now: Date;
  /** How many days of slots, from `now`; 14 by default. */
  days?: number;
  catalogue?: ClinicCatalogue;
  records?: EhrRecords;
  /** Departments per clinic id; DEFAULT_DEPARTMENTS for a clinic not named. */
  departments?: Record<string, string[]>;
}

export interface SeedSummary {
  patients: number;
  organizations: number;
  schedules: number;
  slots: number;
  /** Resource counts by type. */
  resources: Record<string, number>;
}

export async function seedDemoClinic(repo: MemoryRepository, options: SeedOptions): Promise<SeedSummary> {
  const catalogue = options.catalogue ?? parseClinicConfig(clinicsJson, 'config/clinics.json');
  const records = options.records ?? DEV_EHR_RECORDS;
  const days = options.days ?? 14;
  const counts: Record<string, number> = {};
  const create = async <T extends Resource>(resource: T) => {
    counts[resource.resourceType] = (counts[resource.resourceType] ?? 0) + 1;
    return repo.createResource(resource);
  };
  const summary = { patients: 0, organizations: 0, schedules: 0, slots: 0 };

  for (const [patientRef, record] of Object.entries(records.patients)) {
    const patient = await create<Patient>({
      resourceType: 'Patient',
      identifier: [{ system: PATIENT_REF_SYSTEM, value: patientRef }],
      active: true,
    });
    summary.patients++;
    const subject: Reference<Patient> = { reference: `Patient/${patient.id}` };
    for (const item of record.history) {
      await create<Condition>({
        resourceType: 'Condition',
        subject,
        category: [
          {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/condition-category',
                code: 'problem-list-item',
              },
            ],
          },
        ],
        code: { text: item },
      });
    }
    for (const allergy of record.allergies) {
      await create<AllergyIntolerance>({
        resourceType: 'AllergyIntolerance',
        patient: subject,
        clinicalStatus: {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' },
          ],
        },
        code: { text: allergy },
      });
    }
    for (const medication of record.medication) {
      await create<MedicationStatement>({
        resourceType: 'MedicationStatement',
        status: 'active',
        subject,
        medicationCodeableConcept: { text: medication },
      });
    }
    for (const [surgeryId, description] of Object.entries(record.surgeries)) {
      await create<Procedure>({
        resourceType: 'Procedure',
        identifier: [{ system: SURGERY_ID_SYSTEM, value: surgeryId }],
        status: 'completed',
        subject,
        code: { text: description },
      });
    }
  }

  for (const clinic of catalogue.clinics) {
    const clinicOrg = await create<Organization>({
      resourceType: 'Organization',
      identifier: [{ system: CLINIC_ID_SYSTEM, value: clinic.id }],
      name: clinic.name,
      active: true,
    });
    summary.organizations++;
    for (const hospital of clinic.partnerHospitals) {
      await create<Organization>({
        resourceType: 'Organization',
        identifier: [{ system: HOSPITAL_ID_SYSTEM, value: hospital.id }],
        name: hospital.name,
        active: hospital.agreementInForce,
        telecom: [{ system: 'phone', value: hospital.phone, use: 'work' }],
      });
      summary.organizations++;
    }

    const calendar = calendarOf(clinic);
    const step = SLOT_MINUTES * 60_000;
    const first = Math.ceil(options.now.getTime() / step) * step;
    const end = options.now.getTime() + days * 24 * 60 * 60_000;
    for (const department of options.departments?.[clinic.id] ?? DEFAULT_DEPARTMENTS) {
      const service = await create<HealthcareService>({
        resourceType: 'HealthcareService',
        providedBy: { reference: `Organization/${clinicOrg.id}` },
        name: department,
        active: true,
      });
      const schedule = await create<Schedule>({
        resourceType: 'Schedule',
        identifier: [{ system: SCHEDULE_SYSTEM, value: scheduleKey(clinic.id, department) }],
        active: true,
        actor: [{ reference: `HealthcareService/${service.id}` }],
        comment: `${department}, ${clinic.id}`,
      });
      summary.schedules++;
      // A slot is bookable when the whole of it is in business hours (clinic's zone, holidays).
      for (let t = first; t < end; t += step) {
        if (!isBusinessTime(calendar, new Date(t)) || !isBusinessTime(calendar, new Date(t + step - 1)))
          continue;
        await create<Slot>({
          resourceType: 'Slot',
          schedule: { reference: `Schedule/${schedule.id}` },
          status: 'free',
          start: new Date(t).toISOString(),
          end: new Date(t + step).toISOString(),
        });
        summary.slots++;
      }
    }
  }
  return { ...summary, resources: counts };
}
