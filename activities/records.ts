import type { Adapters } from '../adapters';
import type { EhrCommunication, ReferralPacket, Slot, VisitBooking } from '../adapters/ehr';
import type { Referral } from '../adapters/hospital-transfer';
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
