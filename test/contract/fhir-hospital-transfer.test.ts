import type { Bundle, DocumentReference, ServiceRequest, Task } from '@medplum/fhirtypes';
import { PermanentDeliveryError } from '../../adapters/delivery-error';
import { FhirEhr } from '../../adapters/fhir/ehr';
import { FhirUnavailableError } from '../../adapters/fhir/errors';
import { FhirHospitalTransfer } from '../../adapters/fhir/hospital-transfer';
import type { Referral } from '../../adapters/hospital-transfer';
import type { FhirServer } from '../../fhir-server/server';
import { createFhirServer } from '../../fhir-server/server';
import { setTaskStatus } from '../../fhir-server/task-control';

// FhirHospitalTransfer against the local FHIR server over real HTTP: the referral becomes a
// ServiceRequest and a Task for the hospital's Organization; the test plays the hospital.
const NOW = new Date('2026-05-08T23:10:00Z');

let server: FhirServer;
let transfer: FhirHospitalTransfer;
let referral: Referral;

beforeAll(async () => {
  server = await createFhirServer({ port: 0, seed: { now: NOW, days: 1 } });
  transfer = new FhirHospitalTransfer({ baseUrl: server.url });
  const packet = await new FhirEhr({ baseUrl: server.url }).referralPacket('P-1001', 'S-2026-0001');
  referral = {
    caseId: 'journey:aoyama-aesthetic:S-2026-0001',
    hospitalId: 'minato-general',
    reason: 'Post-operative haemorrhage, day 1',
    packet,
    idempotencyKey: 'journey:aoyama-aesthetic:S-2026-0001:transfer:minato-general',
  };
});
afterAll(async () => {
  await server?.stop();
});

async function read<T>(path: string): Promise<T> {
  return (await (await fetch(`${server.fhirBaseUrl}/${path}`)).json()) as T;
}

test('a referral creates a ServiceRequest and a Task for the hospital; the same key again is a duplicate', async () => {
  const sent = await transfer.sendReferral(referral);
  expect(sent.duplicate).toBe(false);

  const task = await read<Task>(`Task/${sent.referralId}`);
  const hospitals = await read<Bundle>(
    'Organization?identifier=urn:care-journeys:hospital-id|minato-general',
  );
  const hospitalRef = `Organization/${hospitals.entry![0]!.resource!.id}`;
  expect(task).toMatchObject({
    status: 'requested',
    intent: 'order',
    owner: { reference: hospitalRef },
    for: { identifier: { value: 'P-1001' } },
  });
  expect(task.focus?.reference).toMatch(/^ServiceRequest\//);

  const request = await read<ServiceRequest>(task.focus!.reference!);
  expect(request).toMatchObject({
    status: 'active',
    intent: 'order',
    performer: [{ reference: hospitalRef }],
    reasonCode: [{ text: referral.reason }],
    supportingInfo: [{ reference: '#packet' }],
  });
  expect(request.subject.reference).toMatch(/^Patient\//);
  const packet = request.contained?.[0] as DocumentReference;
  const carried = JSON.parse(Buffer.from(packet.content[0]!.attachment.data!, 'base64').toString('utf8'));
  expect(carried).toEqual(referral.packet);

  const again = await transfer.sendReferral(referral);
  expect(again).toEqual({ referralId: sent.referralId, duplicate: true });
  const key = encodeURIComponent(`urn:care-journeys:idempotency-key|${referral.idempotencyKey}`);
  expect((await read<Bundle>(`ServiceRequest?identifier=${key}`)).total).toBe(1);
  expect((await read<Bundle>(`Task?identifier=${key}`)).total).toBe(1);
});

test('the status follows what the hospital sets: requested, then accepted', async () => {
  const { referralId } = await transfer.sendReferral({ ...referral, idempotencyKey: 'ref-accept' });
  expect(await transfer.referralStatus(referralId)).toBe('requested');
  await setTaskStatus(server.fhirBaseUrl, referralId, 'accepted');
  expect(await transfer.referralStatus(referralId)).toBe('accepted');
});

test('the status follows a rejection', async () => {
  const { referralId } = await transfer.sendReferral({
    ...referral,
    hospitalId: 'shibuya-university',
    idempotencyKey: 'ref-reject',
  });
  await setTaskStatus(server.fhirBaseUrl, referralId, 'rejected', { reason: 'no ICU bed' });
  expect(await transfer.referralStatus(referralId)).toBe('rejected');
});

test('an unknown hospital is a permanent invalid-recipient failure', async () => {
  const err = await transfer
    .sendReferral({ ...referral, hospitalId: 'nowhere', idempotencyKey: 'ref-unknown' })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PermanentDeliveryError);
  expect((err as PermanentDeliveryError).reason).toBe('invalid-recipient');
});

test('a patient the EHR does not hold is still referred, by our identifier', async () => {
  const packet = await new FhirEhr({ baseUrl: server.url }).referralPacket('P-404', 'S-1');
  const { referralId } = await transfer.sendReferral({
    ...referral,
    packet,
    idempotencyKey: 'ref-no-patient',
  });
  const task = await read<Task>(`Task/${referralId}`);
  expect(task.for).toEqual({
    type: 'Patient',
    identifier: { system: 'urn:care-journeys:patient-ref', value: 'P-404' },
  });
});

test('an unknown referral id is refused for good', async () => {
  await expect(transfer.referralStatus('no-such-task')).rejects.toBeInstanceOf(PermanentDeliveryError);
});

test('server down: sending and polling fail retryably', async () => {
  const down = await createFhirServer({ port: 0 });
  await down.stop();
  const offline = new FhirHospitalTransfer({ baseUrl: down.url, maxRetries: 0, timeoutMs: 2_000 });
  await expect(offline.sendReferral(referral)).rejects.toBeInstanceOf(FhirUnavailableError);
  await expect(offline.referralStatus('x')).rejects.toBeInstanceOf(FhirUnavailableError);
});
