import type { Adapters } from '../adapters';
import type { EhrCommunication, ReferralPacket, Slot, VisitBooking } from '../adapters/ehr';
import { ApplicationFailure } from '@temporalio/common';
import type { Referral, ReferralStatus } from '../adapters/hospital-transfer';
import { REFERRAL_NOT_ANSWERED } from '../domain/referral-polling';
import { permanentFailuresAreFinal } from './errors';

/** The EHR (notes, referral packets, scheduling) and partner-hospital referrals. */
export function recordActivities({ ehr, hospitalTransfer }: Pick<Adapters, 'ehr' | 'hospitalTransfer'>) {
  return {
    async recordEhrCommunication(entry: EhrCommunication): Promise<{ noteId: string; duplicate: boolean }> {
      return ehr.recordCommunication(entry);
    },

    async referralPacket(input: { patientRef: string; surgeryId: string }): Promise<ReferralPacket> {
      return ehr.referralPacket(input.patientRef, input.surgeryId);
    },

    async sendReferral(referral: Referral): Promise<{ referralId: string; duplicate: boolean }> {
      return permanentFailuresAreFinal(() => hospitalTransfer.sendReferral(referral));
    },

    /**
     * The hospital's answer to a referral, read from its system (a FHIR Task's status). Not
     * answered yet: a retryable failure, so the activity's retry interval is the polling interval
     * and the history holds only the answer (Temporal's pattern for infrequent polling). A
     * hospital system we cannot read: `not-followed`, and staff enter the answer by phone.
     */
    async referralAnswer(input: {
      referralId: string;
    }): Promise<{ status: ReferralStatus | 'not-followed' }> {
      if (!hospitalTransfer.referralStatus) return { status: 'not-followed' };
      const status = await hospitalTransfer.referralStatus(input.referralId);
      if (status === 'accepted' || status === 'rejected' || status === 'cancelled') return { status };
      throw ApplicationFailure.create({
        type: REFERRAL_NOT_ANSWERED,
        message: `referral not answered yet (${status})`,
      });
    },

    async findFreeSlots(input: {
      clinicId: string;
      department: string;
      from: string;
      count: number;
    }): Promise<Slot[]> {
      return ehr.freeSlots(input.clinicId, input.department, new Date(input.from), input.count);
    },

    async bookVisit(booking: VisitBooking): Promise<{ duplicate: boolean }> {
      return ehr.bookVisit(booking);
    },
  };
}
