import { randomUUID } from 'node:crypto';
import type { Bundle, DocumentReference, ServiceRequest, Task } from '@medplum/fhirtypes';
import { PermanentDeliveryError } from '../delivery-error';
import type { HospitalTransfer, Referral, ReferralStatus } from '../hospital-transfer';
import type { FhirConnection } from './client';
import { FhirGateway } from './client';
import { FhirUnavailableError } from './errors';
import { CASE_ID_SYSTEM, IDEMPOTENCY_KEY_SYSTEM, tokenQuery } from './identifiers';
import { findHospital, findPatient, patientReference } from './lookups';

/**
 * Referral to a partner hospital over FHIR R4: a ServiceRequest (the order, with the referral
 * packet as a contained DocumentReference) and a Task asking the hospital's Organization to
 * perform it, written in one transaction Bundle with conditional creates by the idempotency key,
 * so a retry finds both. The hospital answers by moving the Task on (accepted, rejected, ...),
 * which referralStatus reads.
 */
export class FhirHospitalTransfer implements HospitalTransfer {
  private readonly fhir: FhirGateway;

  constructor(connection: FhirConnection | FhirGateway) {
    this.fhir = connection instanceof FhirGateway ? connection : new FhirGateway(connection);
  }

  async sendReferral(referral: Referral): Promise<{ referralId: string; duplicate: boolean }> {
    const action = 'sending a referral';
    const hospital = await findHospital(this.fhir, referral.hospitalId, action);
    if (!hospital) {
      throw new PermanentDeliveryError(
        `hospital ${referral.hospitalId} is not in the FHIR server: referral not sent`,
        'invalid-recipient',
      );
    }
    // A patient the EHR does not hold is still referred, by our identifier: the packet says what is missing.
    const patient = await findPatient(this.fhir, referral.packet.patientRef, action);
    const subject = patientReference(patient, referral.packet.patientRef);
    const owner = { reference: `Organization/${hospital.id}` };
    const identifier = [
      { system: IDEMPOTENCY_KEY_SYSTEM, value: referral.idempotencyKey },
      { system: CASE_ID_SYSTEM, value: referral.caseId },
    ];
    const now = new Date().toISOString();
    const packet: DocumentReference = {
      resourceType: 'DocumentReference',
      id: 'packet',
      status: 'current',
      type: { text: 'Referral packet' },
      date: now,
      content: [
        {
          attachment: {
            contentType: 'application/json',
            title: 'Referral packet (history, surgery record, allergies, current medication)',
            data: Buffer.from(JSON.stringify(referral.packet), 'utf8').toString('base64'),
          },
        },
      ],
    };
    const serviceRequestUrl = `urn:uuid:${randomUUID()}`;
    const serviceRequest: ServiceRequest = {
      resourceType: 'ServiceRequest',
      contained: [packet],
      identifier,
      status: 'active',
      intent: 'order',
      category: [{ text: 'Hospital transfer' }],
      subject,
      authoredOn: now,
      performer: [owner],
      reasonCode: [{ text: referral.reason }],
      supportingInfo: [{ reference: '#packet', display: 'Referral packet' }],
    };
    const task: Task = {
      resourceType: 'Task',
      identifier,
      status: 'requested',
      intent: 'order',
      priority: 'urgent',
      focus: { reference: serviceRequestUrl },
      for: subject,
      authoredOn: now,
      lastModified: now,
      owner,
      reasonCode: { text: referral.reason },
    };
    const ifNoneExist = `identifier=${encodeURIComponent(tokenQuery(IDEMPOTENCY_KEY_SYSTEM, referral.idempotencyKey))}`;
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: serviceRequestUrl,
          resource: serviceRequest,
          request: { method: 'POST', url: 'ServiceRequest', ifNoneExist },
        },
        {
          fullUrl: `urn:uuid:${randomUUID()}`,
          resource: task,
          request: { method: 'POST', url: 'Task', ifNoneExist },
        },
      ],
    };
    const { result } = await this.fhir.call({ action }, (options) =>
      this.fhir.client.executeBatch(bundle, options),
    );
    const taskEntry = result.entry?.[1];
    const taskId = taskEntry?.resource?.id ?? /^Task\/([^/]+)/.exec(taskEntry?.response?.location ?? '')?.[1];
    if (!taskId) {
      throw new FhirUnavailableError(`FHIR transaction answered without the Task while ${action}`);
    }
    return { referralId: taskId, duplicate: !taskEntry?.response?.status?.startsWith('201') };
  }

  async referralStatus(referralId: string): Promise<ReferralStatus> {
    const { result: task } = await this.fhir.call(
      { action: `reading referral Task ${referralId}` },
      (options) => this.fhir.client.readResource('Task', referralId, options),
    );
    return referralStatusOf(task.status);
  }
}

/** A Task's status as the transfer workflow reads it. */
export function referralStatusOf(status: Task['status']): ReferralStatus {
  switch (status) {
    case 'accepted':
      return 'accepted';
    case 'rejected':
    case 'failed': // the hospital could not take the patient after all: ask the next one
      return 'rejected';
    case 'cancelled':
    case 'entered-in-error':
      return 'cancelled';
    case 'in-progress':
    case 'on-hold':
      return 'in-progress';
    case 'completed':
      return 'completed';
    default: // draft, requested, received, ready: the hospital has not decided
      return 'requested';
  }
}
