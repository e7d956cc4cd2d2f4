import { temporal } from '@temporalio/proto';
import type { EscalationRecord } from '../../workflows/on-call-escalation';
import type { TransferRecord } from '../../workflows/hospital-transfer';
import { recordQuery } from '../../workflows/child-definitions';
import { OpenEscalation, RiskLevel } from '../../temporal/search-attributes';
import { incidentRef } from '../../domain/case-ids';
import { clinic } from '../helpers/fixtures';
import { JourneyHarness, MINUTE } from '../helpers/journey-harness';

// Urgent and emergency replies: on-call escalation (levels from the roster for the current
// shift, acknowledgement timeouts, repeats, fallback, re-trigger) and hospital transfer
// (doctor's hold, capability match, refusal and timeout fallback, hand-over).

const h = new JourneyHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const phoneOf = (staffId: string) => clinic.onCallRoster.find((r) => r.staffId === staffId)!.phone;
const record = <T>(childId: string) =>
  h.env.client.workflow.getHandle(childId).query(recordQuery) as Promise<T>;
/** A page is a call and an SMS (two records); the calls tell who was paged when. */
const callPages = (rec: EscalationRecord) => rec.pages.filter((p) => p.channel === 'call');
const pagesTo = (caseId: string) =>
  h
    .sent(caseId, 'call')
    .filter((c) => c.data?.acknowledgeDigit === '1')
    .map((c) => clinic.onCallRoster.find((r) => r.phone === c.to)!.staffId);

test('urgent reply: nurse not answering, acknowledged at level 2 by the on-call doctor, then resolved', async () => {
  await h.advanceToNext(2, '14:00'); // Tuesday afternoon: day nurse, Tuesday's on-call doctor
  const j = await h.start();
  await h.reply(j, 'pain 9, it is getting worse');
  let s = await h.until(j, (x) => x.escalations.length === 1, 'escalation');
  const incidentId = s.escalations[0]!.incidentId;
  expect(s.lastTriage?.severity).toBe('urgent');
  expect(s.risk).toBe('urgent');
  expect((await h.handle(j).describe()).typedSearchAttributes.get(OpenEscalation)).toBe(true);
  // The patient hears at once (urgent is never deferred) that the doctor is being reached.
  await h.untilSent(
    j,
    (e) => e.filter((x) => x.kind === 'sms' && x.to === j.patient.phone).length === 2,
    'urgent reply',
  );
  await h.untilSent(j, () => pagesTo(j.journeyId).length === 1, 'level 1 page');
  expect(pagesTo(j.journeyId)).toEqual(['nurse-day']);
  // The page's SMS goes out beside its call: wait for it too.
  await h.untilSent(
    j,
    (e) =>
      e.some(
        (m) =>
          m.kind === 'sms' &&
          m.to === phoneOf('nurse-day') &&
          m.body!.includes(`ACK ${incidentRef(incidentId)}`),
      ),
    'level 1 page SMS',
  );

  await h.advance(10 * MINUTE + 5_000); // level 1 times out
  await h.untilSent(j, () => pagesTo(j.journeyId).length === 2, 'level 2 page');
  expect(pagesTo(j.journeyId)).toEqual(['nurse-day', 'dr-oncall-b']);
  await h.advance(2 * MINUTE);
  await h.decide(j, 'acknowledge-escalation', { incidentId, staffId: 'dr-oncall-b' });
  s = await h.until(j, (x) => x.escalations[0]!.status === 'acknowledged', 'acknowledged');
  expect(s.escalations[0]!.acknowledgedBy).toBe('dr-oncall-b');
  expect(s.escalations[0]!.ackLatencySeconds).toBeGreaterThanOrEqual(12 * 60);
  expect(s.escalations[0]!.ackLatencySeconds).toBeLessThan(13 * 60);
  // Counted from the incident's start; and from the page that was answered (level 2, ~2 min before).
  expect(s.escalations[0]!.ackSincePageSeconds).toBeGreaterThanOrEqual(2 * 60);
  expect(s.escalations[0]!.ackSincePageSeconds).toBeLessThan(3 * 60);
  expect(s.escalations[0]!.ref).toBe(incidentRef(incidentId));
  const rec = await record<EscalationRecord>(incidentId);
  expect(callPages(rec).map((p) => [p.level, p.role, p.staffId])).toEqual([
    [0, 'nurse', 'nurse-day'],
    [1, 'doctor', 'dr-oncall-b'],
  ]);
  expect(rec.acknowledgements).toEqual([expect.objectContaining({ staffId: 'dr-oncall-b', via: 'api' })]);

  // A second acknowledgement is refused: nothing is waiting for one.
  await expect(h.decide(j, 'acknowledge-escalation', { incidentId, staffId: 'nurse-day' })).rejects.toThrow();
  await h.decide(j, 'resolve-escalation', {
    incidentId,
    staffId: 'dr-oncall-b',
    note: 'seen in clinic, haematoma drained',
  });
  s = await h.until(j, (x) => x.openEscalations.length === 0, 'resolved');
  expect(s.risk).toBe('normal');
  const attributes = (await h.handle(j).describe()).typedSearchAttributes;
  expect(attributes.get(OpenEscalation)).toBe(false);
  expect(attributes.get(RiskLevel)).toBe('normal');
});

test("the first pages are scheduled by the escalation's first workflow task (the roster read in it, locally)", async () => {
  await h.advanceToNext(2, '14:00');
  const j = await h.start();
  await h.reply(j, 'pain 9, it is getting worse');
  const s = await h.until(j, (x) => x.escalations.length === 1, 'escalation');
  await h.untilSent(j, () => pagesTo(j.journeyId).length === 1, 'level 1 page');
  const events = (await h.env.client.workflow.getHandle(s.escalations[0]!.incidentId).fetchHistory()).events!;
  const firstTask = events.findIndex(
    (e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
  );
  const nextTask = events.findIndex(
    (e, i) =>
      i > firstTask && e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  );
  const scheduled = events
    .slice(firstTask, nextTask === -1 ? undefined : nextTask)
    .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)
    .filter(Boolean);
  expect(scheduled).toEqual(['pageByCall', 'pageBySms']);
  expect(
    events.some((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'resolveOnCall'),
  ).toBe(false);
});

test('acknowledged but unresolved: the incident is raised again after the re-trigger time', async () => {
  await h.advanceToNext(2, '14:00');
  const j = await h.start();
  await h.reply(j, 'pain 9');
  const s = await h.until(j, (x) => x.escalations.length === 1, 'escalation');
  const incidentId = s.escalations[0]!.incidentId;
  await h.untilSent(j, () => pagesTo(j.journeyId).length === 1, 'level 1 page');
  await h.decide(j, 'acknowledge-escalation', { incidentId, staffId: 'nurse-day' });
  await h.until(j, (x) => x.escalations[0]!.status === 'acknowledged', 'acknowledged');
  await h.advance(61 * MINUTE); // urgent policy re-triggers after 60 min
  await h.untilSent(j, () => pagesTo(j.journeyId).length === 2, 're-trigger page');
  const rec = await record<EscalationRecord>(incidentId);
  expect(rec.reTriggers).toBe(1);
  expect(callPages(rec).map((p) => [p.trigger, p.staffId])).toEqual([
    [0, 'nurse-day'],
    [1, 'nurse-day'],
  ]);
  expect((await h.state(j)).escalations[0]!.status).toBe('paging');
});

test('emergency on day 2 with no acknowledgement at any level: every level, every round, then the fallback', async () => {
  await h.advanceToNext(3, '10:00'); // surgery Wednesday
  const j = await h.start();
  await h.advance(24 * 60 * MINUTE + 13 * 60 * MINUTE); // Thursday 23:00, day 1… quiet hours do not matter
  await h.advance(12 * 60 * MINUTE); // Friday 11:00: post-op day 2
  const replyId = await h.reply(j, 'bleeding a lot and it will not stop');
  let s = await h.until(j, (x) => x.escalations.length === 1 && x.transfers.length === 1, 'emergency');
  expect(s.lastTriage).toMatchObject({ severity: 'emergency' });
  expect(s.lastTriage!.reasons[0]).toBe('Heavy nasal bleeding after rhinoplasty');
  const incidentId = s.escalations[0]!.incidentId;
  // The patient is told at once to call emergency services (119 in Japan).
  const [instruction] = await h
    .untilSent(
      j,
      (e) => e.some((x) => x.idempotencyKey.endsWith(`:reply-${replyId}`)),
      'emergency instruction',
    )
    .then((e) => e.filter((x) => x.idempotencyKey.endsWith(`:reply-${replyId}`)));
  expect(instruction!.body).toContain('119');
  // Emergency policy: doctor (5 min) → director (5 min), repeated twice more, then the fallback.
  for (let page = 1; page <= 6; page++) {
    await h.untilSent(j, () => pagesTo(j.journeyId).length >= page, `page ${page}`);
    await h.advance(5 * MINUTE + 1_000);
  }
  s = await h.until(j, (x) => x.escalations[0]!.status === 'exhausted', 'exhausted');
  expect(pagesTo(j.journeyId)).toEqual([
    'dr-oncall-a',
    'director',
    'dr-oncall-a',
    'director',
    'dr-oncall-a',
    'director',
    'director',
  ]);
  expect(s.tasks.some((t) => t.kind === 'director' && t.summary.includes(incidentId))).toBe(true);
  const rec = await record<EscalationRecord>(incidentId);
  expect(rec.pages.at(-1)).toMatchObject({ level: -1, role: 'director' });
  // The final fallback also tells the patient (again) to call emergency services.
  expect(
    h.sent(j, 'sms').filter((m) => m.idempotencyKey.includes(`${incidentId}:t0:patient-emergency`)),
  ).toHaveLength(1);
});

async function emergency(replyText = 'I cannot breathe') {
  await h.advanceToNext(3, '10:00');
  const j = await h.start();
  await h.advance(26 * 60 * MINUTE); // Thursday 12:00
  await h.reply(j, replyText);
  const s = await h.until(j, (x) => x.transfers.length === 1, 'transfer started');
  return { j, transferId: s.transfers[0]!.transferId, incidentId: s.escalations[0]!.incidentId };
}

test('transfer refused by the first hospital goes to the next capable one; accepted, patient told, hand-over confirmed', async () => {
  const { j, transferId, incidentId } = await emergency();
  await h.decide(j, 'acknowledge-escalation', { incidentId, staffId: 'dr-oncall-b' });
  // Nobody cancels within the doctor's hold: the referral goes to the first partner with the capabilities.
  await h.advance(10 * MINUTE + 1_000);
  let s = await h.until(j, (x) => x.transfers[0]!.awaitingHospitalId === 'minato-general', 'first referral');
  expect(h.sent(j, 'referral').map((r) => r.to)).toEqual(['minato-general']);
  expect(h.sent(j, 'referral')[0]!.data?.packet).toMatchObject({
    patientRef: 'P-1001',
    allergies: ['Penicillin (rash)'],
  });
  await expect(
    h.decide(j, 'hospital-response', { transferId, hospitalId: 'shibuya-university', accepted: true }),
  ).rejects.toThrow(); // not the hospital being asked
  await h.decide(j, 'hospital-response', {
    transferId,
    hospitalId: 'minato-general',
    accepted: false,
    note: 'no ENT on call',
  });
  s = await h.until(j, (x) => x.transfers[0]!.awaitingHospitalId === 'shibuya-university', 'second referral');
  await h.decide(j, 'hospital-response', { transferId, hospitalId: 'shibuya-university', accepted: true });
  s = await h.until(j, (x) => x.transfers[0]!.status === 'accepted', 'accepted');
  expect(s.transfers[0]!.hospitalId).toBe('shibuya-university');
  await h.untilSent(
    j,
    (e) => e.some((x) => x.idempotencyKey === `${transferId}:patient-informed`),
    'patient informed',
  );
  expect(h.sent(j, 'sms').find((x) => x.idempotencyKey === `${transferId}:patient-informed`)!.body).toContain(
    'Shibuya University Hospital',
  );
  await h.decide(j, 'confirm-handover', { transferId, staffId: 'dr-oncall-b' });
  s = await h.until(j, (x) => x.transfers[0]!.status === 'handed-over', 'handed over');
  const rec = (await h.env.client.workflow.getHandle(transferId).query(recordQuery)) as TransferRecord;
  expect(rec.attempts.map((a) => [a.hospitalId, a.outcome])).toEqual([
    ['minato-general', 'declined'],
    ['shibuya-university', 'accepted'],
  ]);
  expect(h.sent(j, 'ehr-note').map((n) => n.body)).toEqual(
    expect.arrayContaining([
      expect.stringContaining('Hand-over to Shibuya University Hospital confirmed by dr-oncall-b'),
    ]),
  );
});

test('a doctor cancels the transfer during the hold: no referral is sent', async () => {
  const { j, transferId } = await emergency();
  await h.advance(3 * MINUTE);
  await h.decide(j, 'transfer-decision', {
    transferId,
    staffId: 'dr-oncall-b',
    decision: 'cancel',
    reason: 'seen, stable',
  });
  const s = await h.until(j, (x) => x.transfers[0]!.status === 'cancelled', 'cancelled');
  expect(s.timeline.some((e) => e.event === 'transfer-cancel' && e.by === 'dr-oncall-b')).toBe(true);
  await h.advance(30 * MINUTE);
  expect(h.sent(j, 'referral')).toEqual([]);
  await expect(
    h.decide(j, 'transfer-decision', { transferId, staffId: 'dr-oncall-b', decision: 'proceed' }),
  ).rejects.toThrow();
});

test('no hospital answers in time: each times out, and the director gets a task', async () => {
  const { j, transferId } = await emergency();
  await h.decide(j, 'transfer-decision', { transferId, staffId: 'dr-oncall-b', decision: 'proceed' });
  await h.until(j, (x) => x.transfers[0]!.awaitingHospitalId === 'minato-general', 'first referral');
  await h.advance(21 * MINUTE);
  await h.until(j, (x) => x.transfers[0]!.awaitingHospitalId === 'shibuya-university', 'second referral');
  await h.advance(31 * MINUTE);
  const s = await h.until(j, (x) => x.transfers[0]!.status === 'no-hospital', 'no hospital');
  expect(s.tasks.some((t) => t.kind === 'director' && t.summary.includes(transferId))).toBe(true);
  const rec = (await h.env.client.workflow.getHandle(transferId).query(recordQuery)) as TransferRecord;
  expect(rec.attempts.map((a) => a.outcome)).toEqual(['timeout', 'timeout']);
});
