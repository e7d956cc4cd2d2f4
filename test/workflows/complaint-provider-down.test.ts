import type { ComplaintInput } from '../../domain/complaint';
import type { ComplaintState } from '../../workflows/complaint-definitions';
import { Faults } from '../helpers/faults';
import { JourneyHarness, MINUTE } from '../helpers/journey-harness';

// A complaint whose SMS provider is down (issue 9: side effects in lanes beside the case's loop).
// The customer's acknowledgement SMS retries for its whole budget (30 minutes); meanwhile the
// owner must still learn of the complaint at once, the case must still read the customer's
// messages and keep its SLA clocks, and when the budget runs out the owner is asked to phone.
// Before the lanes, the loop awaited the SMS: the owner's "new complaint" task went out 30
// minutes late, against a first-contact clock of 60 minutes for a critical complaint.

const faults = new Faults();
const h = new JourneyHarness(faults.adapt);
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());
afterEach(() => faults.clear());

const events = (s: ComplaintState, event: string) => s.timeline.filter((e) => e.event === event);
const tasksTo = (c: ComplaintInput, role: string, about: RegExp) =>
  h.sent(c.caseId, 'task').filter((t) => t.to === role && about.test(t.body ?? ''));

test('SMS provider down: the owner is told at once, the customer is read and the clocks run; after the budget the owner phones', async () => {
  const start = await h.advanceToNext(2, '10:00'); // Tuesday 10:00 in the clinic, not quiet hours
  faults.set('patient-sms', 'transient');
  const c = await h.startComplaint({ category: 'side-effect', severity: 'critical' });

  // The owner's task is not held behind the SMS that keeps failing.
  await h.untilSent(
    c.caseId,
    () => tasksTo(c, 'doctor', /New critical complaint/).length === 1,
    'owner task',
  );
  const told = (await h.complaintState(c)).timeline.find(
    (e) => e.event === 'task-opened' && /^doctor: New critical/.test(e.detail ?? ''),
  );
  expect(Date.parse(told!.at) - start.getTime()).toBeLessThan(MINUTE);
  expect(h.sent(c.caseId, 'sms')).toEqual([]);
  expect(faults.attempts.get('patient-sms') ?? 0).toBeGreaterThan(0);

  // A message from the customer is read while the SMS is still retrying.
  await h.advance(5 * MINUTE);
  await h.customerReply(c, 'Can someone call me this afternoon? The redness is spreading.');
  let s = await h.untilComplaint(c, (x) => events(x, 'customer-message').length === 1, 'the message read');
  expect(events(s, 'side-effect-failed')).toEqual([]);
  await h.untilSent(c.caseId, () => tasksTo(c, 'doctor', /The customer wrote/).length === 1, 'message task');

  // Past the SMS budget: on the timeline, and the owner phones the customer instead.
  await h.advance(30 * MINUTE);
  s = await h.untilComplaint(c, (x) => events(x, 'side-effect-failed').length === 1, 'the SMS given up');
  expect(events(s, 'side-effect-failed')[0]!.detail).toMatch(/^sms: /);
  await h.untilSent(
    c.caseId,
    () => tasksTo(c, 'doctor', /did not get.*phone them/).length === 1,
    'phone task',
  );
  expect(h.sent(c.caseId, 'sms')).toEqual([]);

  // The 60-minute first-contact clock warned at 45 minutes, on time.
  await h.advance(11 * MINUTE);
  s = await h.untilComplaint(c, (x) => events(x, 'clock-warning').length === 1, 'the warning');
  expect(Date.parse(events(s, 'clock-warning')[0]!.at) - start.getTime()).toBeLessThan(46 * MINUTE);
  expect(s.stage).toBe('awaiting-first-contact');
});
