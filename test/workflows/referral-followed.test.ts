import type { Bundle, Task } from '@medplum/fhirtypes';
import { FhirHospitalTransfer } from '../../adapters/fhir/hospital-transfer';
import { IDEMPOTENCY_KEY_SYSTEM } from '../../adapters/fhir/identifiers';
import type { FhirServer } from '../../fhir-server/server';
import { createFhirServer } from '../../fhir-server/server';
import { setTaskStatus } from '../../fhir-server/task-control';
import { recordQuery } from '../../workflows/child-definitions';
import type { TransferRecord } from '../../workflows/hospital-transfer';
import { JourneyHarness, MINUTE } from '../helpers/journey-harness';

// The transfer follows the hospital's answer in its own system (issue 11): the referral is a FHIR
// ServiceRequest + Task on a real FHIR R4 server, the test plays the hospital by moving the Task
// (rejected, accepted), and the transfer reads it within a minute — the next hospital asked after
// a refusal, the patient told after an acceptance — without anyone entering the answer. A hospital
// that never answers still times out. Time-skipping server; the clock moves only when told.

let fhir: FhirServer | undefined;
const h = new JourneyHarness((dev) => ({
  ...dev,
  hospitalTransfer: new FhirHospitalTransfer({ baseUrl: fhir!.url }),
}));
beforeAll(async () => {
  fhir = await createFhirServer({ port: 0, seed: { now: new Date('2026-05-08T00:00:00Z'), days: 1 } });
  await h.setUp();
});
afterAll(async () => {
  await h.tearDown();
  await fhir?.stop();
});

async function emergency() {
  await h.advanceToNext(3, '10:00');
  const j = await h.start();
  await h.reply(j, 'I cannot breathe');
  const s = await h.until(j, (x) => x.transfers.length === 1, 'transfer started');
  const transferId = s.transfers[0]!.transferId;
  await h.decide(j, 'transfer-decision', { transferId, staffId: 'dr-oncall-b', decision: 'proceed' });
  return { j, transferId };
}

/** The hospital's Task for this transfer's referral, as the hospital's system sees it. */
async function taskOf(transferId: string, hospitalId: string): Promise<Task> {
  for (let i = 0; i < 200; i++) {
    const res = await fetch(
      `${fhir!.fhirBaseUrl}/Task?identifier=${encodeURIComponent(`${IDEMPOTENCY_KEY_SYSTEM}|${transferId}:${hospitalId}`)}`,
    );
    const bundle = (await res.json()) as Bundle<Task>;
    const task = bundle.entry?.[0]?.resource;
    if (task) return task;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no Task for ${transferId} at ${hospitalId}`);
}

const record = (transferId: string) =>
  h.env.client.workflow.getHandle(transferId).query(recordQuery) as Promise<TransferRecord>;

test('refused in the first hospital’s system, accepted in the second’s: followed within a minute each, nobody typing it in', async () => {
  const { j, transferId } = await emergency();
  await h.until(j, (x) => x.transfers[0]!.awaitingHospitalId === 'minato-general', 'first referral');
  const first = await taskOf(transferId, 'minato-general');
  expect(first.status).toBe('requested');
  await setTaskStatus(fhir!.fhirBaseUrl, first.id!, 'rejected', { reason: 'no ENT on call' });
  await h.advance(MINUTE + 1_000); // the next look at the hospital's system
  await h.until(j, (x) => x.transfers[0]!.awaitingHospitalId === 'shibuya-university', 'second referral');

  const second = await taskOf(transferId, 'shibuya-university');
  await setTaskStatus(fhir!.fhirBaseUrl, second.id!, 'accepted');
  await h.advance(MINUTE + 1_000);
  const s = await h.until(j, (x) => x.transfers[0]!.status === 'accepted', 'accepted');
  expect(s.transfers[0]!.hospitalId).toBe('shibuya-university');
  await h.untilSent(
    j,
    (e) => e.some((x) => x.idempotencyKey === `${transferId}:patient-informed`),
    'patient informed',
  );
  const rec = await record(transferId);
  expect(rec.attempts.map((a) => [a.hospitalId, a.outcome])).toEqual([
    ['minato-general', 'declined'],
    ['shibuya-university', 'accepted'],
  ]);
  // Each answer was seen within a minute and a bit of the referral, not at the 20/30-minute timeout.
  for (const a of rec.attempts) expect(Date.parse(a.at!) - Date.parse(a.sentAt)).toBeLessThan(2 * MINUTE);
});

test('a hospital whose system never answers: the acceptance timeout, then the next hospital', async () => {
  const { j, transferId } = await emergency();
  await h.until(j, (x) => x.transfers[0]!.awaitingHospitalId === 'minato-general', 'first referral');
  await taskOf(transferId, 'minato-general');
  await h.advance(10 * MINUTE);
  expect((await h.state(j)).transfers[0]!.awaitingHospitalId).toBe('minato-general'); // still waiting
  await h.advance(11 * MINUTE); // past minato-general's 20 minutes
  await h.until(j, (x) => x.transfers[0]!.awaitingHospitalId === 'shibuya-university', 'second referral');
  expect((await record(transferId)).attempts[0]!.outcome).toBe('timeout');
});

test('staff entering the answer first still decides it: the system is no longer looked at', async () => {
  const { j, transferId } = await emergency();
  await h.until(j, (x) => x.transfers[0]!.awaitingHospitalId === 'minato-general', 'first referral');
  await h.decide(j, 'hospital-response', { transferId, hospitalId: 'minato-general', accepted: true });
  const s = await h.until(j, (x) => x.transfers[0]!.status === 'accepted', 'accepted');
  expect(s.transfers[0]!.hospitalId).toBe('minato-general');
  // The hospital's Task moving later changes nothing.
  const task = await taskOf(transferId, 'minato-general');
  await setTaskStatus(fhir!.fhirBaseUrl, task.id!, 'rejected');
  await h.advance(2 * MINUTE);
  expect((await h.state(j)).transfers[0]!.status).toBe('accepted');
  expect((await record(transferId)).attempts.map((a) => a.outcome)).toEqual(['accepted']);
});
