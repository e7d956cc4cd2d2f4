// The machine's zone must not matter: slots are the clinic's business hours in Asia/Tokyo.
process.env.TZ = 'America/Los_Angeles';

import type { Appointment, Bundle, Communication, Slot as FhirSlot } from '@medplum/fhirtypes';
import { DateTime } from 'luxon';
import { PermanentDeliveryError } from '../../adapters/delivery-error';
import { FhirEhr } from '../../adapters/fhir/ehr';
import { FhirUnavailableError } from '../../adapters/fhir/errors';
import type { FhirServer } from '../../fhir-server/server';
import { createFhirServer } from '../../fhir-server/server';

// FhirEhr against the local FHIR server over real HTTP, seeded with a pinned now:
// Saturday 2026-05-09 08:10 in Tokyo (the clinic opens 10:00-17:00 on Saturdays, not on Sundays).
const NOW = new Date('2026-05-08T23:10:00Z');
const CLINIC = 'aoyama-aesthetic';
const CASE = `journey:${CLINIC}:S-2026-0001`;

let server: FhirServer;
let ehr: FhirEhr;

beforeAll(async () => {
  server = await createFhirServer({ port: 0, seed: { now: NOW, days: 7 } });
  ehr = new FhirEhr({ baseUrl: server.url, timeoutMs: 5_000 });
});
afterAll(async () => {
  await server?.stop();
});

async function search<T>(query: string): Promise<T[]> {
  const res = await fetch(`${server.fhirBaseUrl}/${query}`);
  return (((await res.json()) as Bundle).entry ?? []).map((e) => e.resource as unknown as T);
}

describe('recordCommunication', () => {
  const entry = {
    caseId: CASE,
    patientRef: 'P-1001',
    channel: 'sms' as const,
    summary: 'after-care instructions and 24-hour line sent',
    idempotencyKey: `${CASE}:after-care`,
  };

  test('writes one completed Communication; the same key again is a duplicate of it', async () => {
    const first = await ehr.recordCommunication(entry);
    expect(first.duplicate).toBe(false);
    const second = await ehr.recordCommunication(entry);
    expect(second).toEqual({ noteId: first.noteId, duplicate: true });

    const stored = await search<Communication>(
      `Communication?identifier=${encodeURIComponent(`urn:care-journeys:idempotency-key|${entry.idempotencyKey}`)}`,
    );
    expect(stored).toHaveLength(1);
    const [communication] = stored;
    expect(communication).toMatchObject({
      id: first.noteId,
      status: 'completed',
      subject: { identifier: { system: 'urn:care-journeys:patient-ref', value: 'P-1001' } },
      payload: [{ contentString: entry.summary }],
      medium: [{ text: 'SMS' }],
    });
    expect(communication!.subject!.reference).toMatch(/^Patient\//);
  });

  test('an unknown patient is a permanent invalid-recipient failure', async () => {
    const err = await ehr
      .recordCommunication({ ...entry, patientRef: 'P-404', idempotencyKey: 'k-unknown' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect((err as PermanentDeliveryError).reason).toBe('invalid-recipient');
  });
});

describe('referralPacket', () => {
  test('a seeded patient: history, the surgery record, allergies and current medication', async () => {
    expect(await ehr.referralPacket('P-1001', 'S-2026-0001')).toEqual({
      patientRef: 'P-1001',
      history: ['Hypertension, controlled', 'Previous septoplasty 2019'],
      surgeryRecord: expect.stringContaining('Open rhinoplasty with dorsal hump reduction'),
      allergies: ['Penicillin (rash)'],
      medication: ['Amlodipine 5 mg once daily'],
    });
  });

  test('a surgery the EHR does not hold is said to be missing', async () => {
    const packet = await ehr.referralPacket('P-2001', 'S-9');
    expect(packet.surgeryRecord).toBe('surgery S-9: not in the clinic EHR: attach from the clinic record');
    expect(packet.allergies).toEqual([]);
    expect(packet.medication).toEqual(['Metronidazole gel 0.75 %']);
  });

  test('an unknown patient: every part says plainly that it is not in the EHR', async () => {
    const packet = await ehr.referralPacket('P-404', 'S-1');
    expect(packet.history).toEqual(['not in the clinic EHR: attach from the clinic record']);
    expect(packet.allergies).toEqual(packet.history);
    expect(packet.medication).toEqual(packet.history);
    expect(packet.surgeryRecord).toContain('surgery S-1: not in the clinic EHR');
  });
});

describe('freeSlots and bookVisit', () => {
  test('free slots are in business hours in the clinic zone, earliest first', async () => {
    const slots = await ehr.freeSlots(CLINIC, 'Plastic surgery', NOW, 20);
    expect(slots).toHaveLength(20);
    const local = slots.map((s) => DateTime.fromISO(s.at, { zone: 'Asia/Tokyo' }).toFormat('ccc HH:mm'));
    // Saturday 10:00-16:30 (14 slots), nothing on Sunday, Monday from 09:30.
    expect(local.slice(0, 3)).toEqual(['Sat 10:00', 'Sat 10:30', 'Sat 11:00']);
    expect(local[13]).toBe('Sat 16:30');
    expect(local[14]).toBe('Mon 09:30');
    expect(slots.every((s) => s.department === 'Plastic surgery')).toBe(true);
    expect([...slots].sort((a, b) => a.at.localeCompare(b.at))).toEqual(slots);
  });

  test('from a later instant, count respected', async () => {
    const from = new Date('2026-05-11T05:00:00Z'); // Monday 14:00 in Tokyo
    const slots = await ehr.freeSlots(CLINIC, 'Dermatology', from, 3);
    expect(slots.map((s) => s.at)).toEqual([
      '2026-05-11T05:00:00.000Z',
      '2026-05-11T05:30:00.000Z',
      '2026-05-11T06:00:00.000Z',
    ]);
  });

  test('an unknown department is refused for good', async () => {
    await expect(ehr.freeSlots(CLINIC, 'Cardiology', NOW, 3)).rejects.toBeInstanceOf(PermanentDeliveryError);
  });

  test('booking makes the slot busy; the same key again is a duplicate; another booking of it is refused', async () => {
    const [slot] = await ehr.freeSlots(CLINIC, 'Dermatology', NOW, 1);
    const booking = {
      caseId: `${CASE}:visit-1`,
      visitId: 'visit-1',
      patientRef: 'P-1001',
      slot: slot!,
      idempotencyKey: `${CASE}:visit-1:book`,
    };
    expect(await ehr.bookVisit(booking)).toEqual({ duplicate: false });
    expect(await ehr.bookVisit(booking)).toEqual({ duplicate: true });

    const [fhirSlot] = await search<FhirSlot>(`Slot?start=ge${slot!.at}&start=le${slot!.at}&status=busy`);
    expect(fhirSlot?.status).toBe('busy');
    const next = await ehr.freeSlots(CLINIC, 'Dermatology', NOW, 1);
    expect(next[0]!.at).not.toBe(slot!.at);

    const other = {
      ...booking,
      patientRef: 'P-2001',
      idempotencyKey: 'journey:aoyama-aesthetic:S-2:visit-1:book',
    };
    const err = await ehr.bookVisit(other).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect((err as PermanentDeliveryError).reason).toBe('rejected');

    const appointments = await search<Appointment>(`Appointment?slot=Slot/${fhirSlot!.id}`);
    expect(appointments.map((a) => a.status).sort()).toEqual(['booked', 'cancelled']);
  });

  test('two bookings racing for one slot: exactly one wins', async () => {
    const [slot] = await ehr.freeSlots(CLINIC, 'Plastic surgery', new Date('2026-05-12T00:00:00Z'), 1);
    const book = (n: number) =>
      ehr.bookVisit({
        caseId: `journey:${CLINIC}:S-R${n}`,
        visitId: 'v',
        patientRef: n === 1 ? 'P-1001' : 'P-2001',
        slot: slot!,
        idempotencyKey: `race-${n}`,
      });
    const results = await Promise.allSettled([book(1), book(2)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(PermanentDeliveryError);
    expect((refused.reason as Error).message).toMatch(/taken by another booking/);
    // The loser's Appointment is cancelled, the winner's booked: one booking holds the slot.
    const [fhirSlot] = await search<FhirSlot>(`Slot?start=ge${slot!.at}&start=le${slot!.at}&status=busy`);
    const appointments = await search<Appointment>(`Appointment?slot=Slot/${fhirSlot!.id}`);
    expect(appointments.map((a) => a.status).sort()).toEqual(['booked', 'cancelled']);
  });
});

test('server down: every call fails retryably', async () => {
  const down = await createFhirServer({ port: 0 });
  const url = down.url;
  await down.stop();
  const offline = new FhirEhr({ baseUrl: url, timeoutMs: 2_000, maxRetries: 0 });
  const err = await offline.referralPacket('P-1001', 'S-2026-0001').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(FhirUnavailableError);
  expect(err).not.toBeInstanceOf(PermanentDeliveryError);
  await expect(offline.freeSlots(CLINIC, 'Dermatology', NOW, 1)).rejects.toBeInstanceOf(FhirUnavailableError);
});

test('a wrong bearer token is a permanent configuration error', async () => {
  const guarded = await createFhirServer({ port: 0, bearerToken: 'right' });
  try {
    const wrong = new FhirEhr({ baseUrl: guarded.url, bearerToken: 'wrong' });
    const err = await wrong.freeSlots(CLINIC, 'Dermatology', NOW, 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect((err as Error).message).toMatch(/HTTP 401.*configuration error/);
    const right = new FhirEhr({ baseUrl: guarded.url, bearerToken: 'right' });
    // The server is not seeded: reachable, authorised, and the schedule is unknown.
    await expect(right.freeSlots(CLINIC, 'Dermatology', NOW, 1)).rejects.toThrow(/no schedule/);
  } finally {
    await guarded.stop();
  }
});
