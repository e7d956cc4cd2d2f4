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

/** A bookable appointment time in the clinic's scheduling system. */
export interface Slot {
  at: string; // ISO instant
  department: string;
}

export interface VisitBooking {
  caseId: string;
  visitId: string;
  patientRef: string;
  slot: Slot;
  idempotencyKey: string;
}

export interface Ehr {
  recordCommunication(entry: EhrCommunication): Promise<{ noteId: string; duplicate: boolean }>;
  referralPacket(patientRef: string, surgeryId: string): Promise<ReferralPacket>;
  /** Free appointment slots of a department from `from` on, earliest first. */
  freeSlots(clinicId: string, department: string, from: Date, count: number): Promise<Slot[]>;
  bookVisit(booking: VisitBooking): Promise<{ duplicate: boolean }>;
}
