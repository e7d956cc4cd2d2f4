import type {
  AllergyIntolerance,
  Appointment,
  CodeableConcept,
  Communication,
  Condition,
  MedicationStatement,
  Procedure,
  Schedule,
  Slot as FhirSlot,
} from '@medplum/fhirtypes';
import { clinicOfWorkflowId } from '../../domain/case-ids';
import { PermanentDeliveryError } from '../delivery-error';
import type { Ehr, EhrCommunication, ReferralPacket, Slot, VisitBooking } from '../ehr';
import type { FhirConnection } from './client';
import { FhirGateway } from './client';
import { FhirRejectedError } from './errors';
import type { Stored } from './lookups';
import { findPatient, patientReference } from './lookups';
import {
  CASE_ID_SYSTEM,
  IDEMPOTENCY_KEY_SYSTEM,
  SCHEDULE_SYSTEM,
  SURGERY_ID_SYSTEM,
  scheduleKey,
  tokenQuery,
} from './identifiers';

const PARTICIPATION_MODE = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationMode';
const MEDIUM: Record<EhrCommunication['channel'], CodeableConcept> = {
  sms: { coding: [{ system: PARTICIPATION_MODE, code: 'WRITTEN', display: 'written' }], text: 'SMS' },
  call: { coding: [{ system: PARTICIPATION_MODE, code: 'PHONE', display: 'telephone' }], text: 'phone call' },
  note: { coding: [{ system: PARTICIPATION_MODE, code: 'WRITTEN', display: 'written' }], text: 'note' },
};
const MISSING = 'not in the clinic EHR: attach from the clinic record';
const SLOT_MINUTES = 30;

/**
 * The clinic's EHR over FHIR R4 (MedplumClient): communications as Communication, referral packets
 * from Condition/AllergyIntolerance/MedicationStatement/Procedure, free slots from a department's
 * Schedule, bookings as Appointment with the Slot marked busy. Every write carries its idempotency
 * key as an identifier and is a conditional create, so a retry finds the first write.
 */
export class FhirEhr implements Ehr {
  private readonly fhir: FhirGateway;

  constructor(connection: FhirConnection | FhirGateway) {
    this.fhir = connection instanceof FhirGateway ? connection : new FhirGateway(connection);
  }

  async recordCommunication(entry: EhrCommunication): Promise<{ noteId: string; duplicate: boolean }> {
    const patient = await findPatient(this.fhir, entry.patientRef, 'recording a Communication');
    if (!patient) {
      throw new PermanentDeliveryError(
        `patient ${entry.patientRef} is not in the FHIR server: Communication not recorded`,
        'invalid-recipient',
      );
    }
    const communication: Communication = {
      resourceType: 'Communication',
      identifier: [
        { system: IDEMPOTENCY_KEY_SYSTEM, value: entry.idempotencyKey },
        { system: CASE_ID_SYSTEM, value: entry.caseId },
      ],
      status: 'completed',
      subject: patientReference(patient, entry.patientRef),
      medium: [MEDIUM[entry.channel]],
      sent: new Date().toISOString(),
      payload: [{ contentString: entry.summary }],
    };
    const { result, status } = await this.fhir.call({ action: 'recording a Communication' }, (options) =>
      this.fhir.client.createResourceIfNoneExist(
        communication,
        `identifier=${encodeURIComponent(tokenQuery(IDEMPOTENCY_KEY_SYSTEM, entry.idempotencyKey))}`,
        options,
      ),
    );
    return { noteId: result.id, duplicate: status !== 201 };
  }

  /** A patient or surgery the EHR does not hold is said to be missing, never invented. */
  async referralPacket(patientRef: string, surgeryId: string): Promise<ReferralPacket> {
    const patient = await findPatient(this.fhir, patientRef, 'reading a referral packet');
    if (!patient) {
      return {
        patientRef,
        history: [MISSING],
        surgeryRecord: `surgery ${surgeryId}: ${MISSING}`,
        allergies: [MISSING],
        medication: [MISSING],
      };
    }
    const ref = `Patient/${patient.id}`;
    const action = 'reading a referral packet';
    const search = <T>(run: (options: object) => Promise<T>) =>
      this.fhir.call({ action }, run).then((r) => r.result);
    const [conditions, allergies, medication, procedures] = await Promise.all([
      search((o) => this.fhir.client.searchResources('Condition', { subject: ref, _count: '100' }, o)),
      search((o) =>
        this.fhir.client.searchResources('AllergyIntolerance', { patient: ref, _count: '100' }, o),
      ),
      search((o) =>
        this.fhir.client.searchResources('MedicationStatement', { subject: ref, _count: '100' }, o),
      ),
      search((o) =>
        this.fhir.client.searchResources(
          'Procedure',
          { subject: ref, identifier: tokenQuery(SURGERY_ID_SYSTEM, surgeryId) },
          o,
        ),
      ),
    ]);
    const procedure = procedures[0] as Procedure | undefined;
    return {
      patientRef,
      history: (conditions as Condition[]).filter(isRecorded).map((c) => textOf(c.code)),
      surgeryRecord: procedure ? textOf(procedure.code) : `surgery ${surgeryId}: ${MISSING}`,
      allergies: (allergies as AllergyIntolerance[]).filter(isCurrentAllergy).map((a) => textOf(a.code)),
      medication: (medication as MedicationStatement[])
        .filter((m) => m.status === 'active' || m.status === 'intended' || m.status === 'on-hold')
        .map((m) => textOf(m.medicationCodeableConcept) || m.medicationReference?.display || 'medication'),
    };
  }

  async freeSlots(clinicId: string, department: string, from: Date, count: number): Promise<Slot[]> {
    const schedule = await this.schedule(clinicId, department, 'searching free slots');
    const { result } = await this.fhir.call({ action: 'searching free slots' }, (options) =>
      this.fhir.client.searchResources(
        'Slot',
        [
          ['schedule', `Schedule/${schedule.id}`],
          ['status', 'free'],
          ['start', `ge${from.toISOString()}`],
          ['_sort', 'start'],
          ['_count', String(count)],
        ],
        options,
      ),
    );
    return (result as FhirSlot[])
      .map((slot) => ({ at: new Date(slot.start).toISOString(), department }))
      .sort((a, b) => a.at.localeCompare(b.at))
      .slice(0, count);
  }

  /**
   * The Appointment is written first (conditional create by the idempotency key), then the Slot is
   * marked busy with If-Match on the version read: of two bookings racing for one slot exactly
   * one wins; the other's Appointment is cancelled and the booking refused for good.
   */
  async bookVisit(booking: VisitBooking): Promise<{ duplicate: boolean }> {
    const action = 'booking a visit';
    const clinicId = clinicOfWorkflowId(booking.caseId);
    if (!clinicId) {
      throw new PermanentDeliveryError(
        `case ${booking.caseId} names no clinic: cannot find its schedule`,
        'rejected',
      );
    }
    const patient = await findPatient(this.fhir, booking.patientRef, action);
    if (!patient) {
      throw new PermanentDeliveryError(
        `patient ${booking.patientRef} is not in the FHIR server`,
        'invalid-recipient',
      );
    }
    const schedule = await this.schedule(clinicId, booking.slot.department, action);
    const at = new Date(booking.slot.at).toISOString();
    const { result: found } = await this.fhir.call({ action }, (options) =>
      this.fhir.client.searchResources(
        'Slot',
        [
          ['schedule', `Schedule/${schedule.id}`],
          ['start', `ge${at}`],
          ['start', `le${at}`],
        ],
        options,
      ),
    );
    const slot = (found as FhirSlot[])[0];
    if (!slot) {
      throw new PermanentDeliveryError(`no slot at ${at} in ${booking.slot.department}`, 'rejected');
    }

    const appointment: Appointment = {
      resourceType: 'Appointment',
      identifier: [
        { system: IDEMPOTENCY_KEY_SYSTEM, value: booking.idempotencyKey },
        { system: CASE_ID_SYSTEM, value: booking.caseId },
      ],
      status: 'booked',
      serviceType: [{ text: booking.slot.department }],
      start: slot.start,
      end: slot.end ?? new Date(Date.parse(at) + SLOT_MINUTES * 60_000).toISOString(),
      slot: [{ reference: `Slot/${slot.id}` }],
      participant: [{ actor: patientReference(patient, booking.patientRef), status: 'accepted' }],
    };
    const { result: stored, status } = await this.fhir.call({ action }, (options) =>
      this.fhir.client.createResourceIfNoneExist(
        appointment,
        `identifier=${encodeURIComponent(tokenQuery(IDEMPOTENCY_KEY_SYSTEM, booking.idempotencyKey))}`,
        options,
      ),
    );
    const existed = status !== 201;
    if (existed && stored.status === 'cancelled') {
      throw new PermanentDeliveryError(`slot ${at} was taken by another booking`, 'rejected');
    }
    if (existed && slot.status === 'busy' && stored.slot?.[0]?.reference === `Slot/${slot.id}`) {
      return { duplicate: true }; // an earlier attempt finished
    }
    if (slot.status !== 'free') return this.refuse(stored, at);
    try {
      await this.fhir.call({ action }, (options) =>
        this.fhir.client.updateResource<FhirSlot>(
          { ...slot, status: 'busy' },
          { ...options, headers: { 'If-Match': `W/"${slot.meta?.versionId ?? ''}"` } },
        ),
      );
    } catch (err) {
      // 412: someone changed the slot since we read it; it is theirs.
      if (err instanceof FhirRejectedError && (err.status === 412 || err.status === 409))
        return this.refuse(stored, at);
      throw err;
    }
    return { duplicate: existed };
  }

  private async refuse(appointment: Stored<Appointment>, at: string): Promise<never> {
    await this.fhir.call({ action: 'cancelling a refused booking' }, (options) =>
      this.fhir.client.updateResource<Appointment>(
        { ...appointment, status: 'cancelled', cancelationReason: { text: 'slot taken' } },
        options,
      ),
    );
    throw new PermanentDeliveryError(`slot ${at} was taken by another booking`, 'rejected');
  }

  private async schedule(clinicId: string, department: string, action: string): Promise<Stored<Schedule>> {
    const { result } = await this.fhir.call({ action }, (options) =>
      this.fhir.client.searchResources(
        'Schedule',
        { identifier: tokenQuery(SCHEDULE_SYSTEM, scheduleKey(clinicId, department)) },
        options,
      ),
    );
    const schedule = result[0] as Stored<Schedule> | undefined;
    if (!schedule) {
      throw new PermanentDeliveryError(
        `no schedule for department "${department}" of clinic ${clinicId}`,
        'rejected',
      );
    }
    return schedule;
  }
}

function textOf(concept: CodeableConcept | undefined): string {
  return (
    concept?.text ?? concept?.coding?.find((c) => c.display)?.display ?? concept?.coding?.[0]?.code ?? ''
  );
}

function isRecorded(condition: Condition): boolean {
  return !condition.verificationStatus?.coding?.some(
    (c) => c.code === 'entered-in-error' || c.code === 'refuted',
  );
}

function isCurrentAllergy(allergy: AllergyIntolerance): boolean {
  const inactive = allergy.clinicalStatus?.coding?.some(
    (c) => c.code === 'inactive' || c.code === 'resolved',
  );
  const wrong = allergy.verificationStatus?.coding?.some(
    (c) => c.code === 'entered-in-error' || c.code === 'refuted',
  );
  return !inactive && !wrong;
}
