import type { Payload } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { TEST_ENCRYPTION } from '../helpers/environments';
import { JourneyHarness, MINUTE } from '../helpers/journey-harness';

// What the Temporal Web UI shows without reading events: every timer's summary (in the
// history, encrypted like every payload) and each case's current details (the SDK's metadata
// query the UI calls), with no personal data in either.

const h = new JourneyHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const TIMER_STARTED = temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED;

/** The summaries of every timer a workflow started, decoded with the test key ring. */
async function timerSummaries(workflowId: string): Promise<(string | undefined)[]> {
  const { events } = await h.env.client.workflow.getHandle(workflowId).fetchHistory();
  const timers = events!.filter((e) => e.eventType === TIMER_STARTED);
  return Promise.all(
    timers.map(async (e) => {
      const summary = e.userMetadata?.summary as Payload | undefined;
      if (!summary) return undefined;
      const [decoded] = await TEST_ENCRYPTION.codec.decode([summary]);
      return defaultPayloadConverter.fromPayload<string>(decoded!);
    }),
  );
}

/** What the Web UI shows as the workflow's current details. */
async function currentDetails(workflowId: string): Promise<string> {
  const meta = await h.env.client.workflow
    .getHandle(workflowId)
    .query<{ currentDetails?: string }>('__temporal_workflow_metadata');
  return meta.currentDetails ?? '';
}

test('a journey with a red flag: its timers and its escalation’s say what they wait for; both show current details', async () => {
  await h.advanceToNext(2, '14:00'); // Tuesday afternoon: the day nurse is on call
  const j = await h.start();
  await h.reply(j, 'pain 9, it is getting worse');
  const s = await h.until(j, (x) => x.escalations.length === 1, 'escalation');
  const incidentId = s.escalations[0]!.incidentId;
  await h.untilSent(j, (e) => e.some((m) => m.kind === 'call'), 'the first page');
  await h.advance(MINUTE); // the journey's loop and the escalation's ack wait have run

  const journeyTimers = await timerSummaries(j.journeyId);
  expect(journeyTimers.length).toBeGreaterThan(0);
  expect(journeyTimers.every((t) => t !== undefined && t.length > 0)).toBe(true);
  expect(journeyTimers.some((t) => t!.startsWith('Next: check-in '))).toBe(true);

  const escalationTimers = await timerSummaries(incidentId);
  expect(escalationTimers).toContain('Wait for nurse to acknowledge (level 1, round 1, 10 min)');
  expect(escalationTimers.every((t) => t !== undefined && t.length > 0)).toBe(true);

  const journey = await currentDetails(j.journeyId);
  expect(journey).toContain('**Stage:** monitoring · **risk:** urgent');
  expect(journey).toMatch(/\*\*Next:\*\* .+ at \d{4}-\d\d-\d\dT/);
  expect(journey).toContain(`**Open incidents:** ${incidentId} (urgent, paging`);
  const escalation = await currentDetails(incidentId);
  expect(escalation).toContain(`**Incident:** ${incidentId}`);
  expect(escalation).toContain('**status:** paging');
  expect(escalation).toContain('**Waiting:** Wait for nurse to acknowledge (level 1, round 1, 10 min)');
  for (const shown of [journey, escalation, ...journeyTimers, ...escalationTimers]) {
    expect(shown).not.toContain(j.patient.phone);
    expect(shown).not.toContain(j.patient.ref);
    expect(shown).not.toContain('pain 9');
  }
});

test('a complaint shows its stage, owner and SLA clocks; its loop’s timer names the clock', async () => {
  const c = await h.startComplaint({ category: 'side-effect', severity: 'medium' });
  await h.quietComplaint(c);
  const details = await currentDetails(c.caseId);
  expect(details).toContain('**Stage:** ');
  expect(details).toContain('**owner:** doctor · **severity:** medium');
  expect(details).toMatch(/\*\*SLA clocks:\*\* first-contact \d+ min left/);
  expect(details).toContain('**Next:** an SLA clock at ');
  expect(details).not.toContain(c.request.customer.ref);
  expect(details).not.toContain('Redness');

  const timers = await timerSummaries(c.caseId);
  expect(timers).toContain('Next: an SLA clock');
  expect(timers.every((t) => t !== undefined && t.length > 0)).toBe(true);
});

test('an emergency: the transfer’s hold and its wait for a hospital have summaries; it shows what it waits for', async () => {
  await h.advanceToNext(3, '12:00');
  const j = await h.start();
  await h.reply(j, 'I cannot breathe');
  const s = await h.until(j, (x) => x.transfers.length === 1, 'transfer started');
  const transferId = s.transfers[0]!.transferId;
  await h.until(j, (x) => x.transfers[0]!.status === 'awaiting-doctor', 'the doctor’s hold');
  expect(await currentDetails(transferId)).toContain(
    `**Transfer:** ${transferId} · **status:** awaiting-doctor`,
  );
  await h.advance(10 * MINUTE + 1_000); // nobody cancels within the hold: the first hospital is asked
  await h.until(j, (x) => x.transfers[0]!.awaitingHospitalId !== undefined, 'the first referral');
  const timers = await timerSummaries(transferId);
  expect(timers[0]).toMatch(/^Doctor may cancel the transfer \(\d+ min hold\)$/);
  expect(timers.some((t) => /^Wait for hospital \S+ to accept \(\d+ min\)$/.test(t ?? ''))).toBe(true);
  expect(timers.every((t) => t !== undefined && t.length > 0)).toBe(true);
  expect(await currentDetails(transferId)).toMatch(/\*\*status:\*\* referring · waiting for hospital \S+/);
  expect(await currentDetails(j.journeyId)).toContain(`**Transfers:** ${transferId} (referring)`);
});

test('medication reminders: each wait names the next reminder; the details count doses per course, never the medicine', async () => {
  await h.advanceToNext(1, '10:00');
  const rx = { id: 'rx-1', name: 'Cefalexin', dose: '500 mg', times: ['08:00', '20:00'], days: 2 };
  const rx2 = { id: 'rx-2', name: 'Loxoprofen', dose: '60 mg', times: ['12:00'], days: 2 };
  const j = await h.start({ prescriptions: [rx, rx2] });
  const courseId = `${j.journeyId}:medication-rx-1`;
  const workflowId = `${j.journeyId}:medication`;
  await h.until(j, (x) => x.adherence.length === 2, 'the courses');
  await h.advance(MINUTE);
  const details = await currentDetails(workflowId);
  expect(details).toBe(
    `**Medication course:** ${courseId} · **status:** active · reminded 0, taken 0, missed 0\n\n` +
      `**Medication course:** ${j.journeyId}:medication-rx-2 · **status:** active · reminded 0, taken 0, missed 0`,
  );
  const timers = await timerSummaries(workflowId);
  expect(timers.length).toBeGreaterThan(0);
  expect(
    timers.every(
      (t) =>
        t !== undefined && /^(Next reminder \d{4}-\d\d-\d\d \d\d:\d\d|A dose reply window closes)$/.test(t),
    ),
  ).toBe(true);
  for (const shown of [details, ...timers]) {
    expect(shown).not.toContain('Cefalexin');
    expect(shown).not.toContain('Loxoprofen');
  }
});
