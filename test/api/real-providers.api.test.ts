import type { Appointment, Bundle, Task } from '@medplum/fhirtypes';
import { createDevAdapters } from '../../adapters/dev';
import { FhirGateway } from '../../adapters/fhir/client';
import { FhirEhr } from '../../adapters/fhir/ehr';
import { FhirHospitalTransfer } from '../../adapters/fhir/hospital-transfer';
import { IDEMPOTENCY_KEY_SYSTEM } from '../../adapters/fhir/identifiers';
import { MemorySentStore, twilioAdapters } from '../../adapters/twilio';
import { parseTwilioCredentials } from '../../adapters/twilio/credentials';
import type { Clinic, ClinicCatalogue } from '../../domain/clinic';
import type { FhirServer } from '../../fhir-server/server';
import { createFhirServer } from '../../fhir-server/server';
import { setTaskStatus } from '../../fhir-server/task-control';
import { createSimulator } from '../../simulator/simulator';
import type { Simulator } from '../../simulator/simulator';
import { ApiHarness, eventually } from '../helpers/api-harness';
import {
  CLINIC_ZONE,
  clinic as fixtureClinic,
  clinics as fixtureClinics,
  startRequest,
} from '../helpers/fixtures';

// The production path end to end (issue 11), the way `npm start` runs it: the worker's adapters
// are Twilio's SDK against the local simulator and FHIR R4 against the local FHIR server; the
// simulator calls the API's webhooks back signed with the clinic's token. A patient whose
// number cannot take SMS is phoned instead; a patient's red flag arrives as an inbound SMS, the
// on-call doctors' phones ring out (no answer) so the director is paged at once and presses 1;
// the referral is accepted in the hospital's FHIR system and the patient is told where to go; a
// return visit is rebooked by SMS into a free FHIR Slot as an Appointment.
// Real dev server, real HTTP everywhere; the roster's shift follows the real clock, so the test
// asserts roles, never who.

const SID = 'AC' + '5e1f0a2b'.repeat(4);
const TOKEN = '3c4d5e6f'.repeat(4);
const CLINIC_NUMBER = '+81312349999';
// Short acceptance timeouts: the hospital's system is looked at every 15 s, not every minute.
const clinic: Clinic = {
  ...fixtureClinic,
  partnerHospitals: fixtureClinic.partnerHospitals.map((h) => ({ ...h, acceptanceTimeoutMinutes: 1 })),
};
const catalogue: ClinicCatalogue = { ...fixtureClinics, clinics: [clinic] };

let sim: Simulator;
let fhir: FhirServer;
const h = new ApiHarness(
  { clinics: catalogue },
  [],
  {},
  {
    providers: {
      twilioAuthTokens: new Map([[clinic.id, TOKEN]]),
      adapters: (outboxFile, webhookBaseUrl) => {
        const gateway = new FhirGateway({ baseUrl: fhir.url });
        return {
          ...createDevAdapters(outboxFile, catalogue),
          ...twilioAdapters({
            credentials: parseTwilioCredentials(
              { clinics: { [clinic.id]: { accountSid: SID, authToken: TOKEN, from: CLINIC_NUMBER } } },
              'test',
            ),
            apiBaseUrl: sim.url,
            publicBaseUrl: webhookBaseUrl,
            store: new MemorySentStore(),
          }),
          ehr: new FhirEhr(gateway),
          hospitalTransfer: new FhirHospitalTransfer(gateway),
        };
      },
    },
  },
);

beforeAll(async () => {
  fhir = await createFhirServer({ port: 0, seed: { now: new Date(), days: 14 } });
  sim = await createSimulator({
    accounts: [{ accountSid: SID, authToken: TOKEN, messagingServices: {} }],
    // The API's address is known once it listens: set below.
    numbers: [
      { number: CLINIC_NUMBER, accountSid: SID, clinicId: clinic.id, webhookBaseUrl: 'http://unset' },
    ],
  });
  await h.setUp();
  sim.engine.numbers[0]!.webhookBaseUrl = h.base;
}, 120_000);
afterAll(async () => {
  await h.tearDown();
  await sim?.stop();
  await fhir?.stop();
});

const enc = encodeURIComponent;
const journey = async (id: string) => (await h.call('GET', `/journeys/${enc(id)}`)).body;
const callsTo = (phone: string) => sim.engine.calls.filter((c) => c.to === phone);
const smsTo = (phone: string) =>
  sim.engine.messages.filter((m) => m.to === phone && m.direction !== 'inbound');
const roleOf = (phone: string) => clinic.onCallRoster.find((r) => r.phone === phone)?.role;

async function start(phone: string, language: 'en' | 'ja' = 'en') {
  const request = startRequest({ patient: { ref: 'P-1001', phone, language, timeZone: CLINIC_ZONE } });
  expect((await h.call('POST', '/journeys', request)).status).toBe(201);
  return `journey:${clinic.id}:${request.surgeryId}`;
}

test('a number that cannot take SMS: the after-care comes back undelivered and the patient is phoned with it', async () => {
  const phone = '+819087650001';
  sim.engine.setSettings(phone, { sms: { status: 'undelivered', errorCode: 30003 } });
  const id = await start(phone);
  const call = await eventually(async () => callsTo(phone)[0], 'the call to the patient');
  expect(smsTo(phone)[0]).toMatchObject({ status: 'undelivered', errorCode: 30003 });
  await sim.idle();
  expect(call.spoken.map((l) => l.text).join(' ')).toContain(clinic.emergencyLine);
  const s = await eventually(async () => {
    const j = await journey(id);
    return j.timeline.some((e: { event: string }) => e.event === 'patient-called') ? j : undefined;
  }, 'patient-called on the timeline');
  expect(s.timeline.filter((e: { event: string }) => e.event === 'sms-undelivered')).toHaveLength(1);
  expect(callsTo(phone)).toHaveLength(1);
});

test('a red flag by SMS: doctors’ phones ring out, the director is paged at once and presses 1; the hospital accepts in its FHIR system; the patient is told where to go', async () => {
  const phone = '+819087650002';
  for (const r of clinic.onCallRoster.filter((p) => p.role === 'doctor'))
    sim.engine.setSettings(r.phone, { call: 'no-answer' });
  const id = await start(phone);
  await eventually(async () => smsTo(phone)[0], 'after-care SMS');

  // The patient writes; the simulator posts the inbound SMS to our webhook, signed.
  const inbound = await sim.engine.reply(phone, 'I cannot breathe and there is a lot of bleeding');
  expect(inbound.callback.status).toBe(200);
  const s = await eventually(async () => {
    const j = await journey(id);
    return j.escalations?.length && j.transfers?.length ? j : undefined;
  }, 'escalation and transfer');
  expect(s.lastTriage.severity).toBe('emergency');

  // Every doctor page call ends unanswered; the director's phone rings well before the 5 minutes.
  const directorCall = await eventually(
    async () => sim.engine.calls.find((c) => roleOf(c.to) === 'director' && c.gathering),
    'the director paged',
  );
  const doctorCalls = sim.engine.calls.filter((c) => roleOf(c.to) === 'doctor');
  expect(doctorCalls.length).toBeGreaterThan(0);
  expect(doctorCalls.every((c) => c.status === 'no-answer')).toBe(true);
  expect(+directorCall.dateCreated - +doctorCalls[0]!.dateCreated).toBeLessThan(60_000);
  await sim.engine.pressDigits(directorCall.sid, '1');
  const incidentId = s.escalations[0].incidentId as string;
  await eventually(async () => {
    const j = await journey(id);
    return j.escalations.find((e: { incidentId: string; status: string }) => e.incidentId === incidentId)
      ?.status === 'acknowledged'
      ? true
      : undefined;
  }, 'acknowledged by keypad');

  // The doctor sends the transfer at once; the hospital accepts in its own system.
  const transferId = s.transfers[0].transferId as string;
  const decided = await h.call('POST', `/journeys/${enc(id)}/decisions/transfer-decision`, {
    transferId,
    staffId: 'director',
    decision: 'proceed',
  });
  expect(decided.status).toBe(200);
  const task = await eventually(async () => {
    const res = await fetch(
      `${fhir.fhirBaseUrl}/Task?identifier=${enc(`${IDEMPOTENCY_KEY_SYSTEM}|${transferId}:minato-general`)}`,
    );
    return ((await res.json()) as Bundle<Task>).entry?.[0]?.resource;
  }, 'the referral Task');
  await setTaskStatus(fhir.fhirBaseUrl, task.id!, 'accepted');
  const told = await waitLong(
    async () => smsTo(phone).find((m) => m.body.includes('Minato General Hospital')),
    'the patient told where to go',
  );
  await sim.idle(); // its receipts run queued → sent → delivered
  expect(told.status).toBe('delivered');
  // The transfer reports to the journey just after the SMS.
  const transfer = await eventually(async () => {
    const t = (await journey(id)).transfers[0];
    return t.status === 'accepted' ? t : undefined;
  }, 'the transfer accepted on the journey');
  expect(transfer.hospitalId).toBe('minato-general');
}, 120_000);

test('a return visit rebooked by SMS: CHANGE offers the FHIR server’s free slots, "1" books an Appointment there', async () => {
  const phone = '+819087650003';
  // The patient's zone is where it is midday now, so quiet hours never hold the SMS back,
  // whatever the hour this runs at (the zone is part of the journey, not the machine).
  const request = startRequest({
    patient: { ref: 'P-1001', phone, language: 'en', timeZone: middayZone() },
    returnVisits: [
      {
        id: 'rv-1',
        at: new Date(Date.now() + 20 * 3_600_000).toISOString(),
        place: 'Aoyama Aesthetic Clinic, 3F',
        department: 'Plastic surgery',
        doctor: 'Dr Sato',
        bring: ['insurance card'],
      },
    ],
  });
  expect((await h.call('POST', '/journeys', request)).status).toBe(201);
  const id = `journey:${clinic.id}:${request.surgeryId}`;
  // Booked less than a day ahead: no notice, the re-confirmation at once.
  await eventually(async () => smsTo(phone).find((m) => /confirm/i.test(m.body)), 're-confirmation');
  await eventually(async () => {
    const v = (await journey(id)).returnVisits[0];
    return v.status === 'awaiting-confirmation' ? v : undefined;
  }, 'the visit awaiting confirmation');
  expect((await sim.engine.reply(phone, 'CHANGE')).callback.status).toBe(200);
  const offer = await eventually(async () => smsTo(phone).find((m) => m.body.includes('1)')), 'the offer');
  expect(offer.body).toMatch(/2\)/);
  expect((await sim.engine.reply(phone, '1')).callback.status).toBe(200);
  const visit = await eventually(async () => {
    const v = (await journey(id)).returnVisits[0];
    return v.status === 'confirmed' ? v : undefined;
  }, 'the new slot confirmed');
  // The booking is an Appointment on the FHIR server, for that slot's start.
  const res = await fetch(`${fhir.fhirBaseUrl}/Appointment?_count=1000`);
  const appointments = ((await res.json()) as Bundle<Appointment>).entry?.map((e) => e.resource!) ?? [];
  expect(
    appointments.some((a) => a.status === 'booked' && Date.parse(a.start!) === Date.parse(visit.at)),
  ).toBe(true);
}, 120_000);

/** An IANA zone where it is about noon right now (Etc/GMT-N is UTC+N). */
function middayZone(): string {
  let offset = 12 - new Date().getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** Up to a minute: the transfer looks at the hospital's system every 15 s here. */
async function waitLong<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
