import { DateTime } from 'luxon';
import type { ComplaintInput } from '../../domain/complaint';
import type { ClockView } from '../../domain/sla-clock';
import { BreachedClocks } from '../../temporal/search-attributes';
import type { ComplaintState } from '../../workflows/complaint-definitions';
import { clinic } from '../helpers/fixtures';
import { DAY, HOUR, JourneyHarness, MINUTE, CLINIC_ZONE } from '../helpers/journey-harness';

// Complaint SLA clocks on a time-skipping server ([001] 二(四), DESIGN.md §3.5 and §4): warning
// at 75%, breach, escalation to management and then the director; pausing while the case waits
// on the customer; business-hours clocks across a weekend and a holiday; a critical complaint's
// calendar-time first contact at night. Clinic: Asia/Tokyo, Mon-Fri 09:30-18:30, Sat 10:00-17:00.
// The tests run in order on one server whose clock only moves forward.

const h = new JourneyHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const view = (s: ComplaintState, id: string): ClockView => s.clockViews!.find((v) => v.id === id)!;
const clock = (s: ComplaintState, id: string) => s.clocks.find((c) => c.id === id)!;
/** "yyyy-MM-dd HH:mm" in Tokyo, to the nearest minute (a workflow wakes a few ms after its timer). */
const tokyo = (at: string | Date) =>
  DateTime.fromMillis(Math.round(new Date(at).getTime() / MINUTE) * MINUTE, { zone: CLINIC_ZONE }).toFormat(
    'yyyy-MM-dd HH:mm',
  );
/**
 * The exact instant `local` (Tokyo) shifted by the few ms the workflow started after `start`: a
 * clock started inside business hours keeps that offset in every deadline it computes.
 */
const exact = (s: ComplaintState, start: Date, local: string) =>
  new Date(
    DateTime.fromISO(local, { zone: CLINIC_ZONE }).toMillis() +
      Date.parse(clock(s, 'first-contact').startedAt) -
      start.getTime(),
  ).toISOString();
const day = (start: Date, plusDays: number) =>
  DateTime.fromJSDate(start, { zone: CLINIC_ZONE }).plus({ days: plusDays }).toFormat('yyyy-MM-dd');
const events = (s: ComplaintState, event: string) => s.timeline.filter((e) => e.event === event);
const tasksTo = (c: ComplaintInput, role: string, about: RegExp) =>
  h.sent(c.caseId, 'task').filter((t) => t.to === role && about.test(t.body ?? ''));
/** Move the server clock to a local Tokyo instant (only forward). */
async function advanceTo(local: string): Promise<Date> {
  const target = DateTime.fromISO(local, { zone: CLINIC_ZONE }).toMillis();
  const now = (await h.now()).getTime();
  if (target <= now) throw new Error(`cannot move the clock back to ${local}`);
  await h.advance(target - now);
  return new Date(target);
}

test('no first contact: warning at 75% to the owner, breach at 120 business minutes to management, 120 business minutes later the director', async () => {
  const start = await h.advanceToNext(2, '15:00'); // Tuesday 15:00
  const today = day(start, 0);
  const c = await h.startComplaint({ category: 'side-effect', severity: 'medium' });
  let s = await h.complaintState(c);
  expect(view(s, 'first-contact')).toMatchObject({
    mode: 'business',
    targetMinutes: 120,
    remainingMinutes: 120,
    state: 'running',
  });
  expect(tokyo(view(s, 'first-contact').dueAt!)).toBe(`${today} 17:00`);

  // 89 minutes: nothing yet.
  await h.advance(89 * MINUTE);
  s = await h.complaintState(c);
  expect(events(s, 'clock-warning')).toEqual([]);
  expect(tasksTo(c, 'doctor', /First contact/)).toEqual([]);

  // 90 business minutes (75%): a warning task for the owner (the doctor, for a side effect).
  await h.advance(2 * MINUTE);
  s = await h.untilComplaint(c, (x) => events(x, 'clock-warning').length === 1, 'the warning');
  expect(tokyo(clock(s, 'first-contact').warnedAt!)).toBe(`${today} 16:30`);
  expect(tokyo(events(s, 'clock-warning')[0]!.at)).toBe(`${today} 16:30`);
  await h.untilSent(c.caseId, () => tasksTo(c, 'doctor', /First contact.*75%/).length === 1, 'warn task');
  expect(s.breachedClocks).toEqual([]);

  // 120 business minutes: breached, management takes over.
  await h.advance(30 * MINUTE); // 17:01
  s = await h.untilComplaint(c, (x) => x.escalations.length === 1, 'the breach');
  expect(s.breachedClocks).toEqual(['first-contact']);
  expect(clock(s, 'first-contact').breachedAt).toBe(exact(s, start, `${today}T17:00`));
  expect(s.escalations[0]).toMatchObject({ clockId: 'first-contact', level: 1 });
  expect(tokyo(s.escalations[0]!.at)).toBe(`${today} 17:00`);
  expect(view(s, 'first-contact')).toMatchObject({ breached: true, met: false });
  expect(s.stage).toBe('awaiting-first-contact');
  await h.untilSent(c.caseId, () => tasksTo(c, 'management', /First contact.*breached/).length === 1, 'task');
  const attributes = (await h.env.client.workflow.getHandle(c.caseId).describe()).typedSearchAttributes;
  expect(attributes.get(BreachedClocks)).toEqual(['first-contact']);

  // 120 more business minutes: 17:00-18:30 (90), then Wednesday 09:30-10:00 (30). Not at 19:00.
  await advanceTo(`${day(start, 1)}T09:59`);
  s = await h.complaintState(c);
  expect(s.escalations).toHaveLength(1);
  expect(tasksTo(c, 'director', /First contact/)).toEqual([]);
  await h.advance(2 * MINUTE);
  s = await h.untilComplaint(c, (x) => x.escalations.length === 2, 'the director escalation');
  expect(s.escalations.map((e) => [e.clockId, e.level])).toEqual([
    ['first-contact', 1],
    ['first-contact', 2],
  ]);
  expect(tokyo(s.escalations[1]!.at)).toBe(`${day(start, 1)} 10:00`);
  await h.untilSent(c.caseId, () => tasksTo(c, 'director', /First contact.*breached/).length === 1, 'task');

  // First contact late: the clock stops as breached and stays listed.
  await h.decideComplaint(c, 'record-first-contact', { staffId: 'front-desk-1', note: 'called back' });
  s = await h.complaintState(c);
  expect(view(s, 'first-contact')).toMatchObject({ state: 'stopped', met: false, breached: true });
  expect(s.breachedClocks).toEqual(['first-contact']);
});

test('the state query shows the clocks as of the query, not as of the last workflow task', async () => {
  const start = await h.advanceToNext(4, '10:00'); // Thursday 10:00
  const c = await h.startComplaint({ category: 'waiting-time', severity: 'low' });
  await h.advance(50 * MINUTE + 30_000); // 10:50:30, no event in between (the warning is at 11:30)
  const s = await h.complaintState(c);
  expect(view(s, 'first-contact')).toMatchObject({ elapsedMinutes: 50, remainingMinutes: 70 });
  expect(view(s, 'root-cause')).toMatchObject({ elapsedMinutes: 50, remainingMinutes: 24 * 60 - 50 });
  expect(view(s, 'first-contact').dueAt).toBe(exact(s, start, `${day(start, 0)}T12:00`));
});

test('pause while waiting on the customer stops every clock; resume continues from where it stopped', async () => {
  const start = await h.advanceToNext(1, '10:00'); // Monday 10:00
  const c = await h.startComplaint({ category: 'waiting-time', severity: 'low' });
  await h.advance(30 * MINUTE + 30_000); // 10:30:30
  await h.decideComplaint(c, 'pause-for-customer', {
    staffId: 'front-desk-1',
    reason: 'customer asked to be called back after her trip',
  });
  let s = await h.complaintState(c);
  expect(s.waitingOnCustomer).toBe(true);
  const paused = s.clockViews!.map((v) => [v.id, v.state, v.remainingMinutes, v.dueAt]);
  expect(paused).toEqual([
    ['first-contact', 'paused', 90, null],
    ['root-cause', 'paused', 24 * 60 - 30, null],
    ['resolution-plan', 'paused', 48 * 60 - 30, null],
  ]);

  // Three days later (past every threshold had the clocks run): nothing moved.
  await h.advance(3 * DAY);
  s = await h.complaintState(c);
  expect(s.clockViews!.map((v) => [v.id, v.state, v.remainingMinutes, v.dueAt])).toEqual(paused);
  expect(events(s, 'clock-warning')).toEqual([]);
  expect(s.breachedClocks).toEqual([]);
  expect(s.escalations).toEqual([]);
  expect(h.sent(c.caseId, 'task').map((t) => t.data!.taskId)).toEqual(['new']);

  // Resumed on Thursday 10:30:30: 89.5 business minutes left → due 12:00; root cause → Friday 10:00.
  await h.decideComplaint(c, 'resume-from-customer', { staffId: 'front-desk-1' });
  s = await h.complaintState(c);
  expect(s.waitingOnCustomer).toBe(false);
  expect(s.clockViews!.map((v) => v.state)).toEqual(['running', 'running', 'running']);
  expect(tokyo(view(s, 'first-contact').dueAt!)).toBe(`${day(start, 3)} 12:00`);
  expect(tokyo(view(s, 'root-cause').dueAt!)).toBe(`${day(start, 4)} 10:00`);
  expect(tokyo(view(s, 'resolution-plan').dueAt!)).toBe(`${day(start, 5)} 10:00`);

  await h.advance(61 * MINUTE);
  s = await h.untilComplaint(c, (x) => events(x, 'clock-warning').length === 1, 'the warning');
  expect(tokyo(clock(s, 'first-contact').warnedAt!)).toBe(`${day(start, 3)} 11:30`);
  expect(s.breachedClocks).toEqual([]);
  await h.untilSent(c.caseId, () => tasksTo(c, 'front-desk', /First contact.*75%/).length === 1, 'task');
});

test('business-hours clock across a weekend: Friday 17:30 + 120 business minutes = Saturday 11:00', async () => {
  const start = await h.advanceToNext(5, '17:30'); // Friday 17:30
  const saturday = day(start, 1);
  const c = await h.startComplaint({ category: 'billing', severity: 'medium' });
  let s = await h.complaintState(c);
  expect(view(s, 'first-contact').dueAt).toBe(exact(s, start, `${saturday}T11:00`));
  expect(tokyo(view(s, 'root-cause').dueAt!)).toBe(`${saturday} 17:30`); // calendar time
  expect(tokyo(view(s, 'resolution-plan').dueAt!)).toBe(`${day(start, 2)} 17:30`);

  await advanceTo(`${saturday}T10:59`);
  s = await h.untilComplaint(c, (x) => events(x, 'clock-warning').length === 1, 'the warning');
  expect(tokyo(clock(s, 'first-contact').warnedAt!)).toBe(`${saturday} 10:30`); // 60 on Friday + 30
  expect(clock(s, 'first-contact').breachedAt).toBeUndefined();
  expect(s.breachedClocks).toEqual([]);

  await h.advance(2 * MINUTE);
  s = await h.untilComplaint(c, (x) => x.breachedClocks.length === 1, 'the breach');
  expect(clock(s, 'first-contact').breachedAt).toBe(exact(s, start, `${saturday}T11:00`));
  expect(tokyo(s.escalations[0]!.at)).toBe(`${saturday} 11:00`);
  // The director: 120 more business minutes, Saturday 13:00.
  await advanceTo(`${saturday}T13:01`);
  s = await h.untilComplaint(c, (x) => x.escalations.length === 2, 'the director escalation');
  expect(tokyo(s.escalations[1]!.at)).toBe(`${saturday} 13:00`);
});

test('a critical complaint at night: first contact within 60 calendar minutes, warned and escalated on time', async () => {
  const start = await h.advanceToNext(2, '23:00'); // Tuesday 23:00, clinic closed, customer's quiet hours
  const c = await h.startComplaint({ category: 'side-effect', severity: 'critical' });
  let s = await h.complaintState(c);
  expect(s.participants.map((p) => p.role)).toContain('management');
  expect(view(s, 'first-contact')).toMatchObject({ mode: 'calendar', targetMinutes: 60 });
  expect(view(s, 'first-contact').dueAt).toBe(exact(s, start, `${day(start, 1)}T00:00`));
  const wednesday = day(start, 1);

  // 45 minutes (75%): warned at 23:45, not at the end of the quiet hours.
  await h.advance(46 * MINUTE);
  s = await h.untilComplaint(c, (x) => events(x, 'clock-warning').length === 1, 'the warning at 23:45');
  expect(tokyo(events(s, 'clock-warning')[0]!.at)).toBe(`${day(start, 0)} 23:45`);
  // Breach at midnight → management; the director two hours later.
  await h.advance(15 * MINUTE);
  s = await h.untilComplaint(c, (x) => x.escalations.length === 1, 'the breach at 00:00');
  expect(clock(s, 'first-contact').breachedAt).toBe(exact(s, start, `${wednesday}T00:00`));
  expect(tokyo(s.escalations[0]!.at)).toBe(`${wednesday} 00:00`);
  await h.advance(2 * HOUR);
  s = await h.untilComplaint(c, (x) => x.escalations.length === 2, 'the director at 02:00');
  expect(tokyo(s.escalations[1]!.at)).toBe(`${wednesday} 02:00`);
  await h.untilSent(c.caseId, () => tasksTo(c, 'director', /First contact/).length === 1, 'director task');
  // The acknowledgement SMS itself waits for the end of the quiet hours (08:00).
  expect(h.sent(c.caseId, 'sms')).toEqual([]);
  await advanceTo(`${wednesday}T08:01`);
  s = await h.untilComplaint(c, (x) => events(x, 'sms-sent').length === 1, 'acknowledgement');
  expect(tokyo(events(s, 'sms-sent')[0]!.at)).toBe(`${wednesday} 08:00`);
});

test('business-hours clock across a holiday week: Monday 17:00 + 120 business minutes = the next Monday 10:00', async () => {
  const start = await h.advanceToNext(1, '17:00'); // a Monday
  const nextMonday = day(start, 7);
  // Closed Tuesday to Saturday (Sunday is closed anyway), like the clinic's new-year week.
  const holidays = [1, 2, 3, 4, 5, 6].map((n) => day(start, n));
  const c = await h.startComplaint({ category: 'waiting-time', severity: 'medium' }, { ...clinic, holidays });
  let s = await h.complaintState(c);
  // 17:00-18:30 counts 90 minutes; the remaining 30 from the next Monday 09:30.
  expect(view(s, 'first-contact').dueAt).toBe(exact(s, start, `${nextMonday}T10:00`));

  // Mid-week, on a holiday: nothing counted since Monday 18:30, nothing breached.
  await advanceTo(`${day(start, 3)}T12:00`);
  s = await h.complaintState(c);
  expect(clock(s, 'first-contact').breachedAt).toBeUndefined();
  expect(s.breachedClocks).not.toContain('first-contact'); // the calendar-time clocks have breached
  // 90 minutes less the few ms the case started after 17:00.
  expect(90 - view(s, 'first-contact').elapsedMinutes).toBeLessThanOrEqual(1);
  expect(view(s, 'first-contact').dueAt).toBe(exact(s, start, `${nextMonday}T10:00`));

  await advanceTo(`${nextMonday}T09:59`);
  s = await h.complaintState(c);
  expect(clock(s, 'first-contact').breachedAt).toBeUndefined();
  await advanceTo(`${nextMonday}T10:01`);
  s = await h.untilComplaint(c, (x) => x.breachedClocks.includes('first-contact'), 'the breach');
  expect(clock(s, 'first-contact').breachedAt).toBe(exact(s, start, `${nextMonday}T10:00`));
  expect(tokyo(s.escalations.find((e) => e.clockId === 'first-contact')!.at)).toBe(`${nextMonday} 10:00`);
  // The warning (90 minutes) falls exactly on Monday's closing, 18:30, when the case starts on
  // the dot; the harness starts it a few ms after 17:00, which leaves those ms for 09:30.
  const started = Date.parse(clock(s, 'first-contact').startedAt);
  expect(clock(s, 'first-contact').warnedAt).toBe(
    started === start.getTime()
      ? exact(s, start, `${day(start, 0)}T18:30`)
      : exact(s, start, `${nextMonday}T09:30`),
  );
});
