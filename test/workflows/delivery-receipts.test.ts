import { WorkflowNotFoundError } from '@temporalio/client';
import type { DeliveryReceipt } from '../../domain/delivery-receipts';
import type { JourneyState } from '../../domain/journey';
import { pageCallUnansweredSignal, recordQuery } from '../../workflows/child-definitions';
import { deliveryReceiptSignal } from '../../workflows/journey-definitions';
import type { EscalationRecord } from '../../workflows/on-call-escalation';
import { clinic } from '../helpers/fixtures';
import { CLINIC_ZONE, JourneyHarness, localTime, MINUTE } from '../helpers/journey-harness';

// Delivery receipts drive care (issue 11): the provider's word that the patient never got an SMS
// (undelivered, failed) or did not answer a call reaches the journey, which falls back — urgent
// words by phone at once, routine ones by a nurse who phones — once per provider id; a page call
// nobody answered moves the escalation to its next level at once instead of after the
// acknowledgement timeout. The receipts are signalled here as the webhook route does
// (test/api/webhooks covers the route). Clock pinned to Tuesday 14:00 at the clinic.

const h = new JourneyHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const events = (s: JourneyState, event: string) => s.timeline.filter((e) => e.event === event);
const receipt = (j: { journeyId: string }, r: DeliveryReceipt) =>
  h.handle(j.journeyId).signal(deliveryReceiptSignal, r);

async function tuesdayJourney() {
  const at = await h.advanceToNext(2, '14:00');
  expect(localTime(at)).toBe('Tue 14:00');
  const j = await h.start({
    patient: { ref: 'P-1001', phone: '+819012345678', language: 'en', timeZone: CLINIC_ZONE },
  });
  await h.until(j, (x) => events(x, 'sms-sent').length > 0, 'after-care sent');
  return j;
}

test('after-care instructions undelivered: the patient is phoned with them at once, once however often the receipt comes', async () => {
  const j = await tuesdayJourney();
  const afterCare = h.sent(j, 'sms').find((m) => m.to === j.patient.phone)!;
  expect(afterCare.idempotencyKey).toBe(`${j.journeyId}:after-care`);
  const r: DeliveryReceipt = {
    providerId: 'SM-undelivered-1',
    channel: 'sms',
    status: 'undelivered',
    errorCode: '30003',
    key: afterCare.idempotencyKey,
  };
  await receipt(j, r);
  await receipt(j, r); // Twilio posts a receipt again when our answer was slow
  const s = await h.until(j, (x) => events(x, 'patient-called').length > 0, 'the call');
  expect(events(s, 'sms-undelivered')).toHaveLength(1);
  expect(events(s, 'sms-undelivered')[0]!.detail).toContain('undelivered, error 30003');
  const calls = h.sent(j, 'call').filter((c) => c.to === j.patient.phone);
  expect(calls).toHaveLength(1);
  expect(calls[0]!.body).toContain('24'); // the after-care words with the 24-hour line, read out
  expect(s.tasks.filter((t) => t.kind === 'nurse-call')).toEqual([]);
});

test('a routine SMS undelivered: a nurse phones the patient when the clinic is open; the call the patient missed: a nurse phones now', async () => {
  const j = await tuesdayJourney();
  await h.reply(j, "I'm fine, thanks");
  await h.untilSent(
    j,
    (e) => e.filter((m) => m.kind === 'sms' && m.to === j.patient.phone).length === 2,
    'the answer',
  );
  const answer = h.sent(j, 'sms').filter((m) => m.to === j.patient.phone)[1]!;
  await receipt(j, {
    providerId: 'SM-failed-2',
    channel: 'sms',
    status: 'failed',
    errorCode: '30006',
    key: answer.idempotencyKey,
  });
  let s = await h.until(j, (x) => x.tasks.some((t) => t.kind === 'nurse-call'), 'the nurse task');
  const routine = s.tasks.find((t) => t.kind === 'nurse-call')!;
  expect(routine.summary).toMatch(
    /^the patient did not get ".*" \(SMS failed, error 30006\): phone the patient$/,
  );
  expect(routine.summary).not.toContain(j.patient.phone);
  expect(Date.parse(routine.dueAt)).toBeGreaterThanOrEqual((await h.now()).getTime() - MINUTE);
  expect(h.sent(j, 'call').filter((c) => c.to === j.patient.phone)).toEqual([]);

  // An automated call to the patient (the fallback of urgent words) that rang out.
  await receipt(j, {
    providerId: 'CA-noanswer-3',
    channel: 'call',
    status: 'no-answer',
    key: `${j.journeyId}:after-care:call`,
  });
  s = await h.until(
    j,
    (x) => x.tasks.some((t) => t.summary.startsWith('URGENT: the patient did not answer')),
    'the urgent task',
  );
  const urgent = s.tasks.find((t) => t.summary.startsWith('URGENT'))!;
  expect(urgent.summary).toContain('Send after-care instructions and the 24-hour line');
  expect(Date.parse(urgent.dueAt)).toBeLessThanOrEqual((await h.now()).getTime());
});

test('receipts that are not for this journey, or not for the patient, change nothing', async () => {
  const j = await tuesdayJourney();
  await receipt(j, {
    providerId: 'SM-other',
    channel: 'sms',
    status: 'undelivered',
    key: 'journey:x:other:after-care',
  });
  await h.reply(j, "I'm fine, thanks"); // something the journey does after the receipt
  await h.untilSent(
    j,
    (e) => e.filter((m) => m.kind === 'sms' && m.to === j.patient.phone).length === 2,
    'the answer',
  );
  const s = await h.state(j);
  expect(events(s, 'sms-undelivered')).toEqual([]);
  expect(s.tasks).toEqual([]);
});

test('a page call nobody answers: the next level is paged at once, not after the 10-minute timeout', async () => {
  const j = await tuesdayJourney();
  await h.reply(j, 'pain 9, it is getting worse');
  const s = await h.until(j, (x) => x.escalations.length === 1, 'escalation');
  const incidentId = s.escalations[0]!.incidentId;
  const escalation = h.env.client.workflow.getHandle(incidentId);
  // The journey lists the escalation as it starts it: the child may not answer for a moment.
  const rec = async (): Promise<EscalationRecord> => {
    for (let i = 0; ; i++) {
      try {
        return (await escalation.query(recordQuery)) as EscalationRecord;
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError) || i >= 200) throw err;
        await new Promise((ok) => setTimeout(ok, 25));
      }
    }
  };
  const callPages = (r: EscalationRecord) => r.pages.filter((p) => p.channel === 'call');
  let r = await rec();
  for (let i = 0; i < 200 && callPages(r).length === 0; i++) {
    await new Promise((ok) => setTimeout(ok, 25));
    r = await rec();
  }
  const nursePage = callPages(r)[0]!;
  expect(nursePage).toMatchObject({ role: 'nurse', level: 0, callId: expect.stringMatching(/^outbox-/) });
  const pagedAt = await h.now();

  await escalation.signal(pageCallUnansweredSignal, { callSid: nursePage.callId!, status: 'busy' });
  await escalation.signal(pageCallUnansweredSignal, { callSid: nursePage.callId!, status: 'busy' });
  for (let i = 0; i < 200 && callPages(r).length < 2; i++) {
    await new Promise((ok) => setTimeout(ok, 25));
    r = await rec();
  }
  const [first, second] = callPages(r);
  expect(first!.unanswered).toBe('busy');
  expect(second).toMatchObject({ role: 'doctor', level: 1 });
  expect(Date.parse(second!.at) - pagedAt.getTime()).toBeLessThan(MINUTE); // not 10 minutes later
  expect(r.notes.some((n) => n.includes('every page call came back unanswered'))).toBe(true);
  expect(r.status).toBe('paging');
  expect(callPages(r)).toHaveLength(2); // the repeated receipt skipped nothing more
  const doctor = clinic.onCallRoster.find((p) => p.staffId === second!.staffId)!;
  expect(doctor.role).toBe('doctor');
});
