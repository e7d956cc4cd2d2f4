import { DateTime } from 'luxon';
import { BreachedClocks, ComplaintStage } from '../../temporal/search-attributes';
import { DAY, JourneyHarness, MINUTE, TOKYO } from '../helpers/journey-harness';

// The three cases of [003], end to end on a time-skipping server.

const h = new JourneyHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

test('case 1, post-laser redness: front desk, beautician and doctor assess; a free hydrating treatment is booked; closed', async () => {
  await h.advanceToNext(2, '10:00'); // Tuesday morning
  const c = await h.startComplaint({
    category: 'side-effect',
    severity: 'medium',
    description: 'Redness and swelling after laser treatment worse than expected; asks for a refund.',
  });
  let s = await h.complaintState(c);
  expect(s.owner).toBe('doctor');
  expect(s.participants.map((p) => p.role).sort()).toEqual(['beautician', 'doctor', 'front-desk']);
  await h.untilSent(c.caseId, (e) => e.some((x) => x.kind === 'sms'), 'acknowledgement');
  expect(h.sent(c.caseId, 'sms')[0]!.body).toContain('2時間以内');

  await h.advance(40 * MINUTE);
  await h.decideComplaint(c, 'record-first-contact', {
    staffId: 'front-desk-1',
    note: 'listened, recorded symptoms, apologised',
  });
  await h.decideComplaint(c, 'submit-assessment', {
    role: 'beautician',
    staffId: 'beautician-1',
    findings: 'consultation and procedure records reviewed: settings within protocol',
  });
  await h.decideComplaint(c, 'submit-assessment', {
    role: 'doctor',
    staffId: 'dr-sato',
    findings: 'post-laser erythema, stronger than usual',
    rootCause: 'sensitive skin, normal reaction',
  });
  await h.decideComplaint(c, 'submit-assessment', {
    role: 'front-desk',
    staffId: 'front-desk-1',
    findings: 'complaint recorded with treatment, time and doctor',
  });
  s = await h.complaintState(c);
  expect(s.stage).toBe('planning');
  expect(s.clockViews!.find((v) => v.id === 'first-contact')).toMatchObject({ state: 'stopped', met: true });
  expect(s.clockViews!.find((v) => v.id === 'root-cause')).toMatchObject({ state: 'stopped', met: true });

  await h.decideComplaint(c, 'propose-plan', {
    staffId: 'dr-sato',
    summary: 'Apologise and offer a free hydrating treatment to speed recovery',
    actions: [
      { kind: 'apology', detail: 'apology from the doctor' },
      {
        kind: 'free-treatment',
        detail: 'one free hydrating (moisture infusion) treatment',
        department: 'Dermatology',
      },
    ],
  });
  await h.decideComplaint(c, 'approve-plan', { staffId: 'manager' });
  s = await h.untilComplaint(c, (x) => x.stage === 'awaiting-customer', 'plan sent');
  await h.untilSent(c.caseId, (e) => e.filter((x) => x.kind === 'sms').length === 2, 'plan SMS');
  await h.customerReply(c, 'はい');
  s = await h.untilComplaint(c, (x) => x.stage === 'follow-up', 'executed');
  const booking = h.sent(c.caseId, 'booking');
  expect(booking).toHaveLength(1);
  const slot = DateTime.fromISO((booking[0]!.data!.slot as { at: string }).at, { zone: TOKYO });
  expect(slot.weekday).toBe(3); // the next day, Wednesday, in business hours
  expect(slot.toFormat('HH:mm') >= '09:30').toBe(true);

  await h.advance(7 * DAY + MINUTE);
  await h.untilSent(c.caseId, (e) => e.filter((x) => x.kind === 'sms').length === 3, 'follow-up SMS');
  await h.customerReply(c, 'はい');
  s = await h.untilComplaint(c, (x) => x.stage === 'closed', 'closed');
  await h.untilSent(c.caseId, (e) => e.some((x) => x.kind === 'training-case'), 'training case');
  expect(s.breachedClocks).toEqual([]);
  const attributes = (await h.env.client.workflow.getHandle(c.caseId).describe()).typedSearchAttributes;
  expect(attributes.get(ComplaintStage)).toBe('closed');
  expect(attributes.get(BreachedClocks)).toEqual([]);
});
