import { calendarOf, isBusinessTime } from '../../domain/calendar';
import type { ClinicCatalogue } from '../../domain/clinic';
import type { Ehr, EhrCommunication, ReferralPacket, Slot, VisitBooking } from '../ehr';
import type { EhrRecords } from './ehr-records';
import { DEV_EHR_RECORDS } from './ehr-records';
import type { Outbox } from './outbox';

const SLOT_MINUTES = 30;
const SEARCH_DAYS = 60;

/**
 * Dev EHR: communications are written to the outbox as EHR notes and bookings as bookings.
 * Free slots are the clinic's business hours (from its configuration) in 30-minute steps, less
 * what is already booked. Clinical records are not held here, so a referral packet says
 * plainly when a patient is not in the development records.
 */
export class OutboxEhr implements Ehr {
  constructor(
    private readonly outbox: Outbox,
    private readonly catalogue: ClinicCatalogue,
    private readonly records: EhrRecords = DEV_EHR_RECORDS,
  ) {}

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

  /** From the development patient records (config/ehr-records.json); a patient not there is said to be missing, never invented. */
  async referralPacket(patientRef: string, surgeryId: string): Promise<ReferralPacket> {
    const record = this.records.patients[patientRef];
    const missing = 'not in the development EHR: attach from the clinic record';
    return {
      patientRef,
      history: record?.history ?? [missing],
      surgeryRecord: record?.surgeries[surgeryId] ?? `surgery ${surgeryId}: ${missing}`,
      allergies: record?.allergies ?? [missing],
      medication: record?.medication ?? [missing],
    };
  }

  async freeSlots(clinicId: string, department: string, from: Date, count: number): Promise<Slot[]> {
    const clinic = this.catalogue.clinics.find((c) => c.id === clinicId);
    if (!clinic) throw new Error(`unknown clinic "${clinicId}"`);
    const calendar = calendarOf(clinic);
    const booked = new Set(
      this.outbox
        .list({ kind: 'booking' })
        .filter((e) => (e.data?.slot as Slot | undefined)?.department === department)
        .map((e) => (e.data?.slot as Slot).at),
    );
    const step = SLOT_MINUTES * 60_000;
    const slots: Slot[] = [];
    let t = Math.ceil(from.getTime() / step) * step;
    const end = from.getTime() + SEARCH_DAYS * 24 * 60 * 60_000;
    for (; t < end && slots.length < count; t += step) {
      const at = new Date(t);
      if (isBusinessTime(calendar, at) && !booked.has(at.toISOString()))
        slots.push({ at: at.toISOString(), department });
    }
    return slots;
  }

  async bookVisit(booking: VisitBooking): Promise<{ duplicate: boolean }> {
    const { duplicate } = this.outbox.record({
      kind: 'booking',
      caseId: booking.caseId,
      idempotencyKey: booking.idempotencyKey,
      data: { visitId: booking.visitId, patientRef: booking.patientRef, slot: booking.slot },
    });
    return { duplicate };
  }
}
