import type { ReferralPacket } from './ehr';

// Referral of a patient to a partner hospital; acceptance comes back later (webhook or staff).
export interface Referral {
  caseId: string;
  hospitalId: string;
  reason: string;
  packet: ReferralPacket;
  idempotencyKey: string;
}

/** Where a referral stands at the hospital (the FHIR Task's status, narrowed). */
export type ReferralStatus =
  'requested' | 'accepted' | 'rejected' | 'cancelled' | 'in-progress' | 'completed';

export interface HospitalTransfer {
  sendReferral(referral: Referral): Promise<{ referralId: string; duplicate: boolean }>;
  /** Where a sent referral stands, for adapters whose hospitals answer by status (polled). */
  referralStatus?(referralId: string): Promise<ReferralStatus>;
}
