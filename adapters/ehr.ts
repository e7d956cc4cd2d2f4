// The clinic's electronic health record: where every communication with the patient is written
// down ([000] §7.5) and where referral packets come from.
export interface EhrCommunication {
  caseId: string;
  patientRef: string;
  channel: 'sms' | 'call' | 'note';
  /** What happened, without the message text itself. */
  summary: string;
  idempotencyKey: string;
}

export interface ReferralPacket {
  patientRef: string;
  history: string[];
  surgeryRecord: string;
  allergies: string[];
  medication: string[];
}

export interface Ehr {
  recordCommunication(entry: EhrCommunication): Promise<{ noteId: string; duplicate: boolean }>;
  referralPacket(patientRef: string, surgeryId: string): Promise<ReferralPacket>;
}
