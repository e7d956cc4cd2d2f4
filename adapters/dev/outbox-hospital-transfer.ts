import type { HospitalTransfer, Referral } from '../hospital-transfer';
import type { Outbox } from './outbox';

/** Dev hospital transfer: the referral and its packet go to the outbox. */
export class OutboxHospitalTransfer implements HospitalTransfer {
  constructor(private readonly outbox: Outbox) {}

  async sendReferral(referral: Referral): Promise<{ referralId: string; duplicate: boolean }> {
    const { entry, duplicate } = this.outbox.record({
      kind: 'referral',
      caseId: referral.caseId,
      idempotencyKey: referral.idempotencyKey,
      to: referral.hospitalId,
      body: referral.reason,
      data: { packet: referral.packet },
    });
    return { referralId: `outbox-${entry.id}`, duplicate };
  }
}
