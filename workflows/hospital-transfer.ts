import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
} from '@temporalio/workflow';
import { REFERRAL_NOT_ANSWERED, referralPolling } from '../domain/referral-polling';
import type { Clinic } from '../domain/clinic';
import type { TransferSummary } from '../domain/journey';
import type { Language } from '../domain/language';
import {
  handoverSignal,
  hospitalResponseSignal,
  recordQuery,
  transferDecisionSignal,
} from './child-definitions';
import { transferUpdateSignal } from './journey-definitions';
import { HOUR, MINUTE, reportingFailure, reportToJourney } from './parent';
import { withSummary } from './activity-proxy';
import { whyActivityFailed } from './failures';
import type { Activities } from '../activities';

// Transfer to a partner hospital ([000] §5, §6): a doctor may cancel during a short hold (or
// send it at once); hospitals with an agreement and the needed capabilities are asked in turn,
// each with its own acceptance timeout; the accepted transfer is recorded, the patient is told
// where to go, and the hand-over is confirmed.

export type PartnerHospital = Clinic['partnerHospitals'][number];

export interface TransferInput {
  transferId: string;
  journeyId: string;
  clinicName: string;
  surgeryId: string;
  reason: string;
  requiredCapabilities: string[];
  hospitals: PartnerHospital[];
  holdMinutes: number;
  patient: { ref: string; phone: string; language: Language; optedOut: boolean };
}

export interface TransferRecord {
  transferId: string;
  status: TransferSummary['status'];
  attempts: {
    hospitalId: string;
    sentAt: string;
    /** `failed`: the referral could not be sent (permanently, or within its retry budget). */
    outcome?: 'accepted' | 'declined' | 'timeout' | 'failed';
    at?: string;
    /** Why the referral could not be sent (a category, never a message). */
    failure?: string;
  }[];
  /** What could not be done on the way (packet, patient SMS), without personal data. */
  notes?: string[];
  hospitalId?: string;
  decidedBy?: string;
  handoverConfirmedBy?: string;
}

const HANDOVER_WAIT = 6 * HOUR;

/**
 * patched() marker: the hospital's answer is also read from its system (the referral's FHIR Task
 * status), besides staff entering it; transfers started before wait for staff only.
 */
export const REFERRAL_STATUS_FOLLOWED = 'referral-status-followed';

/**
 * The hospital's answer from its own system, looked at every interval until the acceptance
 * timeout (the activity's retries are the polling: nothing in the history until the answer).
 * `undefined`: no answer there (not readable, or none in time): staff may still enter one.
 */
async function followReferral(
  referralId: string,
  acceptanceTimeoutMinutes: number,
): Promise<'accepted' | 'declined' | undefined> {
  const { intervalMs, attempts } = referralPolling(acceptanceTimeoutMinutes);
  const { referralAnswer } = proxyActivities<Activities>({
    startToCloseTimeout: '30 seconds',
    retry: {
      initialInterval: intervalMs,
      backoffCoefficient: 1,
      maximumInterval: intervalMs,
      maximumAttempts: attempts,
    },
  });
  try {
    const { status } = await referralAnswer({ referralId });
    if (status === 'not-followed') return undefined;
    return status === 'accepted' ? 'accepted' : 'declined';
  } catch (err) {
    if (isCancellation(err)) throw err;
    const notYet =
      err instanceof ActivityFailure &&
      err.cause instanceof ApplicationFailure &&
      err.cause.type === REFERRAL_NOT_ANSWERED;
    if (!notYet) throw err;
    return undefined;
  }
}

/** Hospitals that can take the patient, in the clinic's order of preference. */
export function eligibleHospitals(hospitals: PartnerHospital[], required: string[]): PartnerHospital[] {
  return hospitals.filter((h) => h.agreementInForce && required.every((c) => h.capabilities.includes(c)));
}

/** A transfer that stops on an error tells the journey (`failed`): the director arranges it by phone. */
export async function hospitalTransfer(input: TransferInput): Promise<TransferRecord> {
  const record: TransferRecord = {
    transferId: input.transferId,
    status: 'awaiting-doctor',
    attempts: [],
    notes: [],
  };
  return reportingFailure(
    () => transfer(input, record),
    async (status, why) => {
      record.status = status === 'failed' ? 'failed' : 'cancelled';
      await reportToJourney(input.journeyId, transferUpdateSignal, {
        transferId: input.transferId,
        status: record.status,
        failure: why,
      });
    },
  );
}

async function transfer(input: TransferInput, record: TransferRecord): Promise<TransferRecord> {
  let decision: 'cancel' | 'proceed' | undefined;
  // Read through a function: signals change these between awaits.
  const cancelled = () => decision === 'cancel';
  let awaiting: string | undefined;
  let response: { hospitalId: string; accepted: boolean } | undefined;
  let handover = false;

  setHandler(recordQuery, () => record);
  setHandler(transferDecisionSignal, ({ staffId, decision: d }) => {
    if (record.status === 'accepted' || record.status === 'handed-over') return;
    decision = d;
    record.decidedBy = staffId;
  });
  setHandler(hospitalResponseSignal, (r) => {
    if (r.hospitalId === awaiting) response = r;
  });
  setHandler(handoverSignal, ({ staffId }) => {
    handover = true;
    record.handoverConfirmedBy = staffId;
  });

  let patientNotTold = false;
  const report = () => {
    // The Web UI's current details: ids and statuses only (the hospital is a partner, not a person).
    setCurrentDetails(
      `**Transfer:** ${input.transferId} · **status:** ${record.status}` +
        (awaiting ? ` · waiting for hospital ${awaiting}` : '') +
        (record.hospitalId ? ` · to hospital ${record.hospitalId}` : ''),
    );
    return reportToJourney(input.journeyId, transferUpdateSignal, {
      transferId: input.transferId,
      status: record.status,
      ...(patientNotTold ? { patientNotTold } : {}),
      ...(record.hospitalId ? { hospitalId: record.hospitalId } : {}),
      ...(awaiting ? { awaitingHospitalId: awaiting } : {}),
    });
  };
  const finish = async (status: TransferRecord['status']) => {
    record.status = status;
    awaiting = undefined;
    await report();
    return record;
  };

  await report();
  await condition(() => decision !== undefined, input.holdMinutes * MINUTE, {
    summary: `Doctor may cancel the transfer (${input.holdMinutes} min hold)`,
  });
  if (cancelled()) return finish('cancelled');

  const candidates = eligibleHospitals(input.hospitals, input.requiredCapabilities);
  if (candidates.length === 0) return finish('no-hospital');

  record.status = 'referring';
  let packet: Awaited<ReturnType<Activities['referralPacket']>>;
  try {
    packet = await withSummary('referralPacket', 'Referral packet from the EHR', {
      patientRef: input.patient.ref,
      surgeryId: input.surgeryId,
    });
  } catch (err) {
    if (isCancellation(err)) throw err;
    // The EHR cannot give the packet in time: the hospitals are asked with what we have; the
    // clinic sends the record by phone or fax once one accepts.
    const missing = 'not available from the EHR at referral time: the clinic will send it';
    packet = {
      patientRef: input.patient.ref,
      history: [missing],
      surgeryRecord: `surgery ${input.surgeryId}: ${missing}`,
      allergies: [missing],
      medication: [missing],
    };
    record.notes!.push(`referral packet unavailable (${whyActivityFailed(err)}): referred without it`);
  }
  for (const hospital of candidates) {
    awaiting = hospital.id;
    response = undefined;
    let failure: string | undefined;
    let referralId: string | undefined;
    try {
      ({ referralId } = await withSummary('sendReferral', `Refer to ${hospital.name}`, {
        caseId: input.journeyId,
        hospitalId: hospital.id,
        reason: input.reason,
        packet,
        idempotencyKey: `${input.transferId}:${hospital.id}`,
      }));
    } catch (err) {
      if (isCancellation(err)) throw err;
      failure = whyActivityFailed(err);
    }
    const attempt: TransferRecord['attempts'][number] = {
      hospitalId: hospital.id,
      sentAt: new Date().toISOString(),
    };
    record.attempts.push(attempt);
    if (failure) {
      // The referral cannot reach this hospital: the next one is asked at once.
      Object.assign(attempt, { outcome: 'failed', at: attempt.sentAt, failure });
      awaiting = undefined;
      await report();
      if (cancelled()) return finish('cancelled');
      continue;
    }
    await report();
    // The answer comes from the hospital's system (followed) or from staff (signal), first wins.
    const following = new CancellationScope();
    const followed =
      referralId && patched(REFERRAL_STATUS_FOLLOWED)
        ? following
            .run(() => followReferral(referralId!, hospital.acceptanceTimeoutMinutes))
            .then((answer) => {
              if (answer && response === undefined)
                response = { hospitalId: hospital.id, accepted: answer === 'accepted' };
            })
            .catch((err: unknown) => {
              if (isCancellation(err)) return;
              record.notes!.push(
                `the answer of ${hospital.id} could not be read from its system (${whyActivityFailed(err)}): staff enter it`,
              );
            })
        : undefined;
    const answered = await condition(
      () => response !== undefined || cancelled(),
      hospital.acceptanceTimeoutMinutes * MINUTE,
      { summary: `Wait for hospital ${hospital.id} to accept (${hospital.acceptanceTimeoutMinutes} min)` },
    );
    if (followed) {
      following.cancel(); // answered by staff or timed out: stop looking
      await followed;
    }
    if (cancelled()) return finish('cancelled');
    attempt.at = new Date().toISOString();
    attempt.outcome = !answered ? 'timeout' : response!.accepted ? 'accepted' : 'declined';
    if (attempt.outcome !== 'accepted') continue;

    record.hospitalId = hospital.id;
    awaiting = undefined;
    record.status = 'accepted';
    await withSummary('recordEhrCommunication', 'Record the transfer in the EHR', {
      caseId: input.journeyId,
      patientRef: input.patient.ref,
      channel: 'note',
      summary: `Transfer to ${hospital.name} accepted (${input.reason}).`,
      idempotencyKey: `${input.transferId}:accepted`,
    });
    if (!input.patient.optedOut) {
      try {
        await withSummary('sendPatientSms', 'Tell the patient where they are going', {
          caseId: input.journeyId,
          to: input.patient.phone,
          idempotencyKey: `${input.transferId}:patient-informed`,
          message: {
            template: 'transfer-informed',
            language: input.patient.language,
            params: {
              clinicName: input.clinicName,
              hospitalName: hospital.name,
              hospitalPhone: hospital.phone,
            },
          },
        });
      } catch (err) {
        if (isCancellation(err)) throw err;
        // Not an end to the transfer: the ward the patient goes to is arranged by phone anyway.
        record.notes!.push(
          `patient not told by SMS where to go (${whyActivityFailed(err)}): staff must call the patient`,
        );
        patientNotTold = true;
      }
    }
    await report();
    if (
      !(await condition(() => handover, HANDOVER_WAIT, { summary: 'Wait for the hand-over to be confirmed' }))
    )
      return finish('handover-unconfirmed');
    await withSummary('recordEhrCommunication', 'Record the hand-over in the EHR', {
      caseId: input.journeyId,
      patientRef: input.patient.ref,
      channel: 'note',
      summary: `Hand-over to ${hospital.name} confirmed by ${record.handoverConfirmedBy}.`,
      idempotencyKey: `${input.transferId}:handed-over`,
    });
    return finish('handed-over');
  }
  return finish('no-hospital');
}
