import type { JourneyState } from '../../domain/journey';
import { budgetMs, Faults } from '../helpers/faults';
import type { FaultKind } from '../helpers/faults';
import { CLINIC_ZONE, JourneyHarness, localTime } from '../helpers/journey-harness';

// The journey's own side effects under provider faults (issue 8 §1): replies are triaged and
// escalated while the patient's SMS are failing, before any outage ends; a patient SMS that
// cannot be delivered within its retry budget is on the timeline and a human phones the patient
// (urgent words: a phone call at once, else a nurse now). The clock is pinned to Tuesday 14:00
// at the clinic (outside quiet hours, the day nurse on call) whatever the machine's date or hour.

const faults = new Faults();
const h = new JourneyHarness(faults.adapt);
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());
afterEach(() => faults.clear());

const SLACK = 30_000;
const events = (s: JourneyState, event: string) => s.timeline.filter((e) => e.event === event);

async function tuesdayJourney() {
  const at = await h.advanceToNext(2, '14:00');
  expect(localTime(at)).toBe('Tue 14:00');
  return h.start({
    patient: { ref: 'P-1001', phone: '+819012345678', language: 'en', timeZone: CLINIC_ZONE },
  });
}

test('an SMS outage from the start: "pain 9, it is getting worse" is triaged urgent and paged at once, not after the outage', async () => {
  faults.set('patient-sms', 'transient', (to) => to === '+819012345678');
  const j = await tuesdayJourney();
  // The after-care SMS is still retrying; the reply does not wait for it.
  await h.reply(j, 'pain 9, it is getting worse');
  const s = await h.until(j, (x) => x.escalations.length === 1, 'the escalation');
  expect(s.lastTriage?.severity).toBe('urgent');
  expect(s.escalations[0]!.status).toBe('paging');
  expect(events(s, 'sms-sent')).toEqual([]); // nothing reached the patient yet
  await h.untilSent(j, (e) => e.some((m) => m.kind === 'call' && m.data?.incidentId !== undefined), 'a page');
});

describe.each(['transient', 'permanent'] as const)(
  'the patient SMS provider fails (%s)',
  (kind: FaultKind) => {
    test('a routine SMS that cannot go: on the timeline, and a nurse task to phone the patient', async () => {
      const j = await tuesdayJourney();
      await h.until(j, (x) => events(x, 'sms-sent').length > 0, 'after-care sent');
      faults.set('patient-sms', kind, (to) => to === j.patient.phone);
      await h.reply(j, "I'm fine, thanks");
      await h.advance(budgetMs('patient-sms') + SLACK);
      const s = await h.until(
        j,
        (x) => x.tasks.some((t) => t.kind === 'nurse-call' && t.summary.includes('phone the patient')),
        'the nurse task',
      );
      const failed = events(s, kind === 'permanent' ? 'sms-undeliverable' : 'sms-failed');
      expect(failed).toHaveLength(1);
      expect(failed[0]!.detail).toContain(
        kind === 'permanent' ? 'refused by the provider' : 'provider unavailable past the retry budget',
      );
      expect(failed[0]!.detail).not.toContain(j.patient.phone);
      const task = s.tasks.find((t) => t.kind === 'nurse-call')!;
      expect(task.status).toBe('open');
      if (kind === 'permanent') expect(s.tasks.some((t) => t.kind === 'front-desk')).toBe(true);
    });

    test('urgent words that cannot go by SMS: the patient is phoned with them at once', async () => {
      const j = await tuesdayJourney();
      await h.until(j, (x) => events(x, 'sms-sent').length > 0, 'after-care sent');
      faults.set('patient-sms', kind, (to) => to === j.patient.phone);
      await h.reply(j, 'pain 9, it is getting worse');
      await h.advance(budgetMs('patient-urgent') + SLACK);
      const s = await h.until(j, (x) => events(x, 'patient-called').length > 0, 'the call');
      expect(events(s, 'patient-called')[0]!.detail).toContain('doctor is being reached');
      const calls = h.sent(j, 'call').filter((c) => c.to === j.patient.phone);
      expect(calls).toHaveLength(1);
      expect(s.escalations[0]!.status).toBe('paging'); // the staff were paged all along
    });

    test('urgent words that can go neither by SMS nor by call: a nurse task due now says so', async () => {
      const j = await tuesdayJourney();
      await h.until(j, (x) => events(x, 'sms-sent').length > 0, 'after-care sent');
      faults.set('patient-sms', kind, (to) => to === j.patient.phone);
      faults.set('patient-call', kind, (to) => to === j.patient.phone);
      const repliedAt = await h.now();
      await h.reply(j, 'pain 9, it is getting worse');
      await h.advance(2 * budgetMs('patient-urgent') + SLACK);
      const s = await h.until(
        j,
        (x) => x.tasks.some((t) => t.kind === 'nurse-call' && t.summary.startsWith('URGENT')),
        'the urgent nurse task',
      );
      const task = s.tasks.find((t) => t.summary.startsWith('URGENT'))!;
      expect(task.role).toBe('nurse');
      // Due at once: when the failure was known, within both budgets of the reply.
      expect(Date.parse(task.dueAt) - repliedAt.getTime()).toBeLessThanOrEqual(
        2 * budgetMs('patient-urgent') + SLACK,
      );
      expect(events(s, 'call-failed')).toHaveLength(1);
    });
  },
);

describe.each(['transient', 'permanent'] as const)(
  'a complaint whose customer SMS fails (%s)',
  (kind: FaultKind) => {
    test('the case goes on: the failure is on its timeline and the owner is asked to phone', async () => {
      const at = await h.advanceToNext(2, '14:00');
      expect(localTime(at)).toBe('Tue 14:00');
      const phone = '+819055556677';
      faults.set('patient-sms', kind, (to) => to === phone);
      const c = await h.startComplaint({
        customer: { ref: 'P-2001', phone, language: 'en', timeZone: CLINIC_ZONE },
      });
      await h.advance(budgetMs('patient-sms') + SLACK);
      const s = await h.untilComplaint(
        c,
        (x) => x.timeline.some((e) => e.event === 'side-effect-failed'),
        'the failure on the timeline',
      );
      const failed = s.timeline.find((e) => e.event === 'side-effect-failed')!;
      expect(failed.detail).toMatch(
        kind === 'permanent' ? /^sms: permanent/ : /^sms: retry budget exhausted$/,
      );
      expect(failed.detail).not.toContain(phone);
      await h.untilSent(
        c.caseId,
        (e) => e.some((t) => t.kind === 'task' && (t.body ?? '').includes('phone them')),
        "the owner's task",
      );
      expect(await h.env.client.workflow.getHandle(c.caseId).describe()).toMatchObject({
        status: { name: 'RUNNING' },
      });
    });
  },
);
