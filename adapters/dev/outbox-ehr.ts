import type { Ehr, EhrCommunication, ReferralPacket } from '../ehr';
import type { Outbox } from './outbox';

/**
 * Dev EHR: communications are written to the outbox as EHR notes. Clinical records are not held
 * here, so a referral packet says plainly that the record must be attached by hand.
 */
export class OutboxEhr implements Ehr {
  constructor(private readonly outbox: Outbox) {}

  async recordCommunication(entry: EhrCommunication): Promise<{ noteId: string; duplicate: boolean }> {
    const { entry: stored, duplicate } = this.outbox.record({
      kind: 'ehr-note',
      caseId: entry.caseId,
      idempotencyKey: entry.idempotencyKey,
      body: entry.summary,
      data: { patientRef: entry.patientRef, channel: entry.channel },
    });
    return { noteId: `outbox-${stored.id}`, duplicate };
  }

  async referralPacket(patientRef: string, surgeryId: string): Promise<ReferralPacket> {
    const missing = 'not available from the development EHR: attach from the clinic record';
    return {
      patientRef,
      history: [missing],
      surgeryRecord: `surgery ${surgeryId}: ${missing}`,
      allergies: [missing],
      medication: [missing],
    };
  }
}
