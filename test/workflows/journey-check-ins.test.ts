import {
  CaseKind,
  ClinicId,
  JourneyStage,
  OpenEscalation,
  ProcedureCode,
  RiskLevel,
} from '../../temporal/search-attributes';
import { clinic } from '../helpers/fixtures';
import { DAY, HOUR, JourneyHarness, localTime, MINUTE } from '../helpers/journey-harness';

// The care journey on a time-skipping server: after-care at once, check-ins on the pinned
// protocol's schedule, quiet hours, no-reply fallbacks, triage of normal and concern replies,
// STOP, the closing survey and the end of follow-up. Surgery is on a Monday at 10:00 Tokyo.

const h = new JourneyHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const sentAt = (timeline: { at: string; event: string; detail?: string }[], summary: string) =>
  timeline.filter((e) => e.event === 'sms-sent' && e.detail === summary).map((e) => localTime(e.at));

test('after-care at once, then check-ins on schedule; no reply at all → reminder → nurse call task', async () => {
  await h.advanceToNext(1, '10:00');
  const j = await h.start();
  let s = await h.state(j);
  expect(s.protocolId).toBe('rhinoplasty@2');
  expect(s.stage).toBe('monitoring');
  const afterCare = h.sent(j, 'sms');
  expect(afterCare).toHaveLength(1);
  expect(afterCare[0]!.body).toContain(clinic.emergencyLine);
  // The record of it is written in the same lane just after the SMS (the journey does not wait for it).
  await h.untilSent(j, (e) => e.some((x) => x.kind === 'ehr-note'), 'the after-care note in the EHR');
  expect(h.sent(j, 'ehr-note')).toHaveLength(1);

  // First-night check-in is due 18 h after surgery (Tue 04:00), inside quiet hours: deferred to 08:00.
  expect(s.nextAction?.what).toBe('check-in first-night (sms)');
  await h.advance(23 * HOUR); // Tue 09:00
  s = await h.until(j, (x) => x.checkIns[0]!.status === 'sent', 'first-night sent');
  expect(sentAt(s.timeline, 'Check-in first-night')).toEqual(['Tue 08:00']);

  // No reply within 6 h → one reminder (14:00); still nothing → nurse call task (20:00).
  await h.advance(12 * HOUR); // Tue 21:00
  s = await h.until(j, (x) => x.checkIns[0]!.status === 'no-reply', 'no-reply');
  expect(sentAt(s.timeline, 'Reminder for check-in first-night')).toEqual(['Tue 14:00']);
  const task = s.tasks.find((t) => t.summary.startsWith('No reply to check-in first-night'));
  expect(task).toMatchObject({ kind: 'nurse-call', role: 'nurse', status: 'open' });
  expect(h.sent(j, 'task').map((t) => t.body)).toContain(task!.summary);

  // Day 2: the protocol's nurse call becomes a task for the nurses.
  await h.advance(14 * HOUR); // Wed 11:00
  s = await h.until(j, (x) => x.checkIns[1]!.status === 'sent', 'nurse call check-in');
  expect(s.tasks.some((t) => t.summary.startsWith('Check-in nurse-call-day-2'))).toBe(true);

  // A nurse records the call outcome; it is written to the EHR.
  const callTask = s.tasks.find((t) => t.summary.startsWith('Check-in nurse-call-day-2'))!;
  await h.decide(j, 'record-call-outcome', {
    taskId: callTask.taskId,
    staffId: 'nurse-day',
    outcome: 'reached',
    note: 'healing well',
  });
  s = await h.state(j);
  expect(s.tasks.find((t) => t.taskId === callTask.taskId)).toMatchObject({
    status: 'done',
    outcome: 'reached',
    closedBy: 'nurse-day',
  });
  expect(s.checkIns[1]!.status).toBe('answered');
  await h.untilSent(
    j,
    (e) => e.some((x) => x.kind === 'ehr-note' && x.body!.includes('reached')),
    'call outcome in EHR',
  );
});

test('a reply during quiet hours is triaged at once; the acknowledgement waits until morning', async () => {
  await h.advanceToNext(1, '10:00');
  const j = await h.start();
  await h.advance(11 * HOUR + 30 * MINUTE); // Mon 21:30, quiet
  await h.reply(j, 'pain 3, a little swelling, no fever');
  let s = await h.until(j, (x) => x.lastTriage !== null, 'triage');
  expect(s.lastTriage).toMatchObject({ severity: 'normal', reasons: [] });
  expect(h.sent(j, 'sms')).toHaveLength(1); // only the after-care so far
  expect(localTime(s.nextAction!.at)).toBe('Tue 08:00'); // the deferred acknowledgement (and the first check-in)
  await h.advance(11 * HOUR); // Tue 08:30
  s = await h.until(
    j,
    (x) => sentAt(x.timeline, 'Acknowledge with self-care advice').length === 1,
    'ack sent',
  );
  expect(sentAt(s.timeline, 'Acknowledge with self-care advice')).toEqual(['Tue 08:00']);
});

test('a concern opens a nurse callback within business hours and raises the risk until it is done', async () => {
  await h.advanceToNext(5, '17:30'); // Friday evening: the callback lands on Saturday's hours
  const j = await h.start();
  await h.reply(j, 'pain 6');
  let s = await h.until(j, (x) => x.tasks.some((t) => t.kind === 'nurse-callback'), 'callback task');
  const task = s.tasks.find((t) => t.kind === 'nurse-callback')!;
  expect(s.lastTriage?.severity).toBe('concern');
  expect(s.lastTriage?.reasons).toEqual(['More pain than expected at this stage of recovery']);
  // Two business hours from Fri 17:30: one until closing at 18:30, one from Saturday's 10:00.
  expect(localTime(task.dueAt)).toBe('Sat 11:00');
  expect(s.risk).toBe('concern');
  const description = await h.handle(j).describe();
  expect(description.typedSearchAttributes.get(RiskLevel)).toBe('concern');
  await h.decide(j, 'record-call-outcome', { taskId: task.taskId, staffId: 'nurse-day', outcome: 'reached' });
  s = await h.state(j);
  expect(s.risk).toBe('normal');
});

test('the same provider message delivered twice is handled once', async () => {
  const j = await h.start();
  await h.reply(j, 'pain 2', 'provider-msg-1');
  await h.reply(j, 'pain 2', 'provider-msg-1');
  await h.reply(j, 'pain 2', 'provider-msg-1');
  const s = await h.until(j, (x) => x.lastTriage !== null, 'triage');
  await new Promise((r) => setTimeout(r, 300));
  expect((await h.state(j)).timeline.filter((e) => e.event === 'patient-replied')).toHaveLength(1);
  expect(s.timeline.filter((e) => e.event === 'triaged')).toHaveLength(1);
});

test('STOP opts out at once: confirmation, no more SMS, check-ins become nurse calls', async () => {
  await h.advanceToNext(1, '10:00');
  const j = await h.start();
  await h.reply(j, 'STOP');
  let s = await h.until(j, (x) => x.optedOut, 'opt-out');
  await h.untilSent(j, (e) => e.filter((x) => x.kind === 'sms').length === 2, 'opt-out confirmation');
  expect(s.tasks.some((t) => t.summary.startsWith('Patient opted out of SMS'))).toBe(true);
  await h.advance(DAY); // first-night check-in is due
  s = await h.until(j, (x) => x.checkIns[0]!.channel === 'nurse-call', 'first-night by phone');
  expect(s.checkIns[0]!.status).toBe('sent'); // waiting for the nurse's call, not for an SMS reply
  expect(s.tasks.some((t) => t.summary.startsWith('Check-in first-night: call the patient'))).toBe(true);
  expect(h.sent(j, 'sms')).toHaveLength(2); // after-care + opt-out confirmation only
});

test('closing survey with a low score opens a linked complaint; the journey completes with a summary', async () => {
  await h.advanceToNext(1, '10:00');
  const j = await h.start({
    surgery: {
      procedureCode: 'filler-injection',
      performedAt: (await h.now()).toISOString(),
      surgeonId: 'dr-sato',
    },
  });
  let s = await h.state(j);
  expect(s.protocolId).toBe('filler-injection@1');
  await h.advance(13 * DAY + 2 * HOUR); // survey on day 13
  s = await h.until(j, (x) => x.stage === 'survey', 'survey sent');
  await h.reply(j, '2 the swelling lasted too long');
  s = await h.until(j, (x) => x.survey?.score === 2, 'survey answered');
  expect(s.survey).toMatchObject({ score: 2, comment: 'the swelling lasted too long' });
  expect(s.complaints).toEqual([`complaint:${clinic.id}:survey-${j.surgery.id}`]);
  expect(s.tasks.some((t) => t.kind === 'management')).toBe(false); // the complaint workflow owns it now

  const result = await h.handle(j).result(); // day 14: follow-up ends
  expect(result.stage).toBe('completed');
  expect(h.sent(j, 'ehr-note').at(-1)!.body).toMatch(
    /^Care journey completed \(protocol filler-injection@1\)/,
  );
  const description = await h.handle(j).describe();
  expect(description.typedSearchAttributes.get(JourneyStage)).toBe('completed');
  expect(description.typedSearchAttributes.get(ClinicId)).toBe(clinic.id);
  expect(description.typedSearchAttributes.get(CaseKind)).toBe('journey');
  expect(description.typedSearchAttributes.get(ProcedureCode)).toBe('filler-injection');
  expect(description.typedSearchAttributes.get(OpenEscalation)).toBe(false);
});
