import type { ReferralPacket } from './ehr';

// Referral of a patient to a partner hospital; acceptance comes back later (webhook or staff).
export interface Referral {
  caseId: string;
  hospitalId: string;
  reason: string;
  packet: ReferralPacket;
  idempotencyKey: string;
}

export interface HospitalTransfer {
  sendReferral(referral: Referral): Promise<{ referralId: string; duplicate: boolean }>;
}
