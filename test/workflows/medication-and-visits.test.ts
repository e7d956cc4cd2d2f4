import { temporal } from '@temporalio/proto';
import { DateTime } from 'luxon';
import type { Weekday } from '../../domain/clinic';
import type { AdherenceSummary, CareJourneyInput } from '../../domain/journey';
import type { VisitRecord } from '../../workflows/return-visit';
import { calendarOf, nextBusinessTime } from '../../domain/calendar';
import { clinic } from '../helpers/fixtures';
import { DAY, HOUR, JourneyHarness, localTime, MINUTE, CLINIC_ZONE } from '../helpers/journey-harness';

// Medication courses and return visits, the journey's child workflows ([004] 用藥提醒 SOP,
// 回診通知 SOP; DESIGN §3.1 points 4-6). The dev adapters are wrapped so that every SMS and call
// is stamped with the test server's clock (the outbox's own `at` is the worker's real clock).
// The patient reads Japanese (the fixture's language); surgeries are on a Monday at 10:00 Tokyo.

const stamps = new Map<string, number>();
const stamp = async (key: string) => {
  if (!stamps.has(key)) stamps.set(key, await h.env.currentTimeMs());
};
const h: JourneyHarness = new JourneyHarness((dev) => ({
  ...dev,
  sms: { send: async (m) => (await stamp(`sms ${m.idempotencyKey}`), dev.sms.send(m)) },
  telephony: {
    placeCall: async (c) => (await stamp(`call ${c.idempotencyKey}`), dev.telephony.placeCall(c)),
  },
}));
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

/** When (test-server clock) the SMS or call with this key went out, in Tokyo: "Mon 20:00". */
const when = (kind: 'sms' | 'call', key: string) => {
  const at = stamps.get(`${kind} ${key}`);
  return at === undefined ? undefined : localTime(new Date(at));
};
const stampOf = (kind: 'sms' | 'call', key: string) => stamps.get(`${kind} ${key}`)!;
const isQuiet = (ms: number) => {
  const hm = DateTime.fromMillis(ms, { zone: CLINIC_ZONE }).toFormat('HH:mm');
  return hm >= clinic.quietHours.start || hm < clinic.quietHours.end;
};
/** Read from the configuration directly (not domain/calendar): open hours of that weekday, no holiday. */
const isClinicOpen = (iso: string) => {
  const t = DateTime.fromISO(iso, { zone: CLINIC_ZONE });
  if (clinic.holidays.includes(t.toISODate()!)) return false;
  const hm = t.toFormat('HH:mm');
  return clinic.businessHours[t.toFormat('ccc').toLowerCase() as Weekday].some(
    (w) => w.open <= hm && hm < w.close,
  );
};
/** A date and time as the Japanese texts show it: "12月10日(木) 11:00". */
const jaWhen = (at: string | Date) => {
  const t = DateTime.fromJSDate(new Date(at), { zone: CLINIC_ZONE });
  return `${t.month}月${t.day}日(${'月火水木金土日'[t.weekday - 1]}) ${t.toFormat('HH:mm')}`;
};
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

const untilRecord = <T>(childId: string, ok: (r: T) => boolean, what: string) =>
  h.untilRecord<T>(childId, ok, what);

// ---- medication courses

const courseOf = (j: CareJourneyInput, rx: string) => `${j.journeyId}:medication-${rx}`;
/** A course's counts as its workflow has them: one workflow reminds all of a journey's courses. */
const courseRecord = async (courseId: string) => {
  const journeyId = courseId.slice(0, courseId.lastIndexOf(':medication-'));
  const all = await h.record<AdherenceSummary[]>(`${journeyId}:medication`);
  return all.find((c) => c.courseId === courseId)!;
};
const reminders = (j: CareJourneyInput, courseId: string) =>
  h.sent(j, 'sms').filter((e) => e.idempotencyKey.startsWith(`${courseId}:`));
const cefalexin = { id: 'rx-1', name: 'Cefalexin', dose: '500 mg', times: ['08:00', '20:00'], days: 2 };

test('medication: reminders at the dose times; TAKEN counts, silence is a miss, two misses open a task', async () => {
  await h.advanceToNext(1, '10:00');
  const j = await h.start({ prescriptions: [cefalexin] });
  const course = courseOf(j, 'rx-1');
  expect((await h.state(j)).adherence).toEqual([
    expect.objectContaining({ courseId: course, medication: 'Cefalexin', status: 'active' }),
  ]);

  await h.advance(10 * HOUR + MINUTE); // Mon 20:01 (the Mon 08:00 dose was before surgery)
  await h.untilSent(j, () => reminders(j, course).length === 1, 'the Mon 20:00 reminder');
  await untilRecord<AdherenceSummary[]>(
    `${j.journeyId}:medication`,
    (r) => r[0]!.scheduled === 1,
    'the course to wait for a reply',
  );
  await h.reply(j, 'TAKEN');
  let s = await h.until(j, (x) => x.adherence[0]!.taken === 1, 'TAKEN counted');
  expect(s.adherence[0]).toMatchObject({ scheduled: 1, taken: 1, missed: 0 }); // the reminder came with it
  expect(s.lastTriage).toBeNull(); // a dose reply is not a symptom report

  await h.advance(16 * HOUR); // Tue 12:01: the 08:00 dose went unanswered (3 h window)
  s = await h.until(j, (x) => x.adherence[0]!.missed === 1, 'first miss');
  expect(s.tasks.filter((t) => t.kind === 'missed-doses')).toEqual([]); // one miss is no task yet

  await h.advance(11 * HOUR); // Tue 23:01: the 20:00 dose went unanswered too
  s = await h.until(j, (x) => x.adherence[0]!.status === 'finished', 'course finished');
  expect(s.adherence).toEqual([
    { courseId: course, medication: 'Cefalexin', scheduled: 3, taken: 1, missed: 2, status: 'finished' },
  ]);
  const tasks = s.tasks.filter((t) => t.kind === 'missed-doses');
  expect(tasks).toHaveLength(1);
  expect(tasks[0]).toMatchObject({ role: 'nurse', status: 'open' });
  expect(tasks[0]!.summary).toContain('Cefalexin');

  const sent = reminders(j, course);
  expect(sent.map((e) => when('sms', e.idempotencyKey))).toEqual(['Mon 20:00', 'Tue 08:00', 'Tue 20:00']);
  sent.forEach((e, i) => {
    expect(e.body).toContain('Cefalexin');
    expect(e.body).toContain('500 mg');
    expect(e.body).toContain(['20:00', '08:00', '20:00'][i]);
  });
});

test('medication: a 22:30 dose is reminded at 20:45, 15 minutes before quiet hours', async () => {
  await h.advanceToNext(1, '10:00');
  const j = await h.start({ prescriptions: [{ ...cefalexin, times: ['22:30'], days: 1 }] });
  const course = courseOf(j, 'rx-1');
  await h.advance(11 * HOUR); // Mon 21:00
  await h.untilSent(j, () => reminders(j, course).length === 1, 'the reminder');
  const [reminder] = reminders(j, course);
  expect(when('sms', reminder!.idempotencyKey)).toBe('Mon 20:45');
  expect(reminder!.body).toContain('Cefalexin 500 mg');
  expect(reminder!.body).toContain('22:30');
});

test('medication: a course that starts during quiet hours sends nothing at night', async () => {
  await h.advanceToNext(1, '21:30'); // a late surgery; tonight's 22:30 dose is still ahead
  const j = await h.start({ prescriptions: [{ ...cefalexin, times: ['22:30'], days: 1 }] });
  const course = courseOf(j, 'rx-1');
  await h.advance(11 * HOUR); // Tue 08:30
  await h.until(j, (x) => x.adherence[0]!.status === 'finished', 'course finished');
  const atNight = reminders(j, course)
    .filter((e) => isQuiet(stampOf('sms', e.idempotencyKey)))
    .map((e) => `${e.idempotencyKey} at ${when('sms', e.idempotencyKey)}`);
  expect(atNight).toEqual([]);
});

test('medication: without prescriptions in the request, the protocol default reminders run', async () => {
  await h.advanceToNext(1, '10:00');
  const j = await h.start({ prescriptions: undefined });
  const s = await h.state(j);
  expect(s.protocolId).toBe('rhinoplasty@2');
  expect(s.adherence.map((a) => [a.courseId, a.medication, a.status])).toEqual([
    [courseOf(j, 'default-1'), 'Cefalexin', 'active'],
    [courseOf(j, 'default-2'), 'Acetaminophen', 'active'],
  ]);
  await h.advance(4 * HOUR + MINUTE); // Mon 14:01: Acetaminophen's 14:00 dose
  const course = courseOf(j, 'default-2');
  await h.untilSent(j, () => reminders(j, course).length === 1, 'the Acetaminophen reminder');
  const [reminder] = reminders(j, course);
  expect(when('sms', reminder!.idempotencyKey)).toBe('Mon 14:00');
  expect(reminder!.body).toContain('Acetaminophen 500 mg');
  expect(reminder!.body).toContain('14:00');
  expect(reminders(j, courseOf(j, 'default-1'))).toEqual([]); // Cefalexin's next dose is at 20:00
  expect(await courseRecord(course)).toMatchObject({ scheduled: 1, status: 'active' });
});

test('medication: STOP between doses ends the reminders and marks the course opted out at once', async () => {
  await h.advanceToNext(1, '10:00');
  const j = await h.start({ prescriptions: [cefalexin] });
  const course = courseOf(j, 'rx-1');
  await h.advance(26 * HOUR); // Tue 12:00: Mon 20:00 and Tue 08:00 reminded; next reminder Tue 20:00
  await h.untilSent(j, () => reminders(j, course).length === 2, 'two reminders');
  await h.until(j, (x) => x.adherence[0]!.missed === 2, 'both unanswered');
  await h.reply(j, 'STOP');
  await h.until(j, (x) => x.optedOut, 'opt-out');
  await h.advance(MINUTE);
  await wait(500);
  const soon = {
    course: (await courseRecord(course)).status,
    journey: (await h.state(j)).adherence[0]!.status,
  };

  await h.advance(12 * HOUR); // Wed 00:01: past the course's last dose (Tue 20:00)
  await h.until(j, (x) => x.adherence[0]!.status !== 'active', 'the course to end');
  expect(reminders(j, course).map((e) => when('sms', e.idempotencyKey))).toEqual(['Mon 20:00', 'Tue 08:00']);
  expect((await h.state(j)).adherence[0]!.status).toBe('opted-out');
  expect((await courseRecord(course)).status).toBe('opted-out');
  // "Opt-out is honoured at once" (DESIGN §3.1.7): the live state says so a minute after STOP.
  expect(soon).toEqual({ course: 'opted-out', journey: 'opted-out' });
});

test('medication: two courses in one workflow; one TAKEN answers both open doses, misses are counted per course', async () => {
  await h.advanceToNext(1, '10:00');
  const loxoprofen = { id: 'rx-2', name: 'Loxoprofen', dose: '60 mg', times: ['20:00'], days: 1 };
  const j = await h.start({ prescriptions: [cefalexin, loxoprofen] });
  const [cef, lox] = [courseOf(j, 'rx-1'), courseOf(j, 'rx-2')];
  await h.advance(10 * HOUR + MINUTE); // Mon 20:01: both courses remind their 20:00 dose
  await h.untilSent(
    j,
    () => reminders(j, cef).length === 1 && reminders(j, lox).length === 1,
    'both 20:00 reminders',
  );
  await untilRecord<AdherenceSummary[]>(
    `${j.journeyId}:medication`,
    (r) => r.every((c) => c.scheduled === 1),
    'both courses to wait for a reply',
  );
  await h.reply(j, 'TAKEN');
  let s = await h.until(j, (x) => x.adherence.every((a) => a.taken === 1), 'TAKEN counted for both');

  // Tue 08:00 (Cefalexin only) goes unanswered; Loxoprofen's one dose was its last.
  await h.advance(16 * HOUR);
  s = await h.until(
    j,
    (x) => x.adherence[0]!.missed === 1 && x.adherence[1]!.status === 'finished',
    'a miss for Cefalexin; Loxoprofen finished',
  );
  expect(s.adherence).toEqual([
    { courseId: cef, medication: 'Cefalexin', scheduled: 2, taken: 1, missed: 1, status: 'active' },
    { courseId: lox, medication: 'Loxoprofen', scheduled: 1, taken: 1, missed: 0, status: 'finished' },
  ]);
  expect(reminders(j, lox).map((e) => when('sms', e.idempotencyKey))).toEqual(['Mon 20:00']);
  expect((await courseRecord(cef)).status).toBe('active');
  expect(s.tasks.filter((t) => t.kind === 'missed-doses')).toEqual([]);
});

test('medication: when an operator cancels the reminders workflow, every running course is stopped and a nurse gets a task for each medicine', async () => {
  await h.advanceToNext(1, '10:00');
  const loxoprofen = { id: 'rx-2', name: 'Loxoprofen', dose: '60 mg', times: ['20:00'], days: 3 };
  const j = await h.start({ prescriptions: [cefalexin, loxoprofen] });
  await h.until(j, (x) => x.adherence.length === 2, 'the courses');
  await untilRecord<AdherenceSummary[]>(`${j.journeyId}:medication`, (r) => r.length === 2, 'the workflow');
  // (Cancelled: the time-skipping test server does not tell a parent of a terminated child.)
  await h.env.client.workflow.getHandle(`${j.journeyId}:medication`).cancel();
  const s = await h.until(
    j,
    (x) => x.adherence.every((a) => a.status === 'cancelled'),
    'both courses reported stopped',
  );
  const tasks = s.tasks.filter((t) => t.kind === 'missed-doses').map((t) => t.summary);
  expect(tasks).toHaveLength(2);
  expect(tasks.some((t) => t.includes('Cefalexin') && t.includes('stopped'))).toBe(true);
  expect(tasks.some((t) => t.includes('Loxoprofen') && t.includes('stopped'))).toBe(true);
  expect(s.stage).not.toMatch(/closed|cancelled|completed/);
});

// ---- return visits

/** The next Monday 10:00 with no clinic holiday in the 16 days from it. */
async function clearMonday(): Promise<Date> {
  for (;;) {
    const monday = await h.advanceToNext(1, '10:00');
    const start = DateTime.fromJSDate(monday, { zone: CLINIC_ZONE });
    const days = Array.from({ length: 16 }, (_, i) => start.plus({ days: i }).toISODate()!);
    if (!days.some((d) => clinic.holidays.includes(d))) return monday;
  }
}
const details = {
  place: 'Aoyama Aesthetic Clinic, 3F',
  department: '形成外科',
  doctor: '佐藤医師',
  bring: ['保険証', 'お薬手帳'],
};
/** Surgery now (a clear Monday 10:00); one return visit `days` later at `time` Tokyo. */
async function startWithVisit(days: number, time: string) {
  const monday = await clearMonday();
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const at = DateTime.fromJSDate(monday, { zone: CLINIC_ZONE })
    .plus({ days })
    .set({ hour, minute })
    .toJSDate();
  const j = await h.start({ returnVisits: [{ id: 'v-1', at: at.toISOString(), ...details }] });
  return {
    j,
    at,
    child: `${j.journeyId}:visit-v-1`,
    key: (step: string, reschedules = 0) => `${j.journeyId}:visit:v-1:${reschedules}:${step}`,
    visit: async () => (await h.state(j)).returnVisits[0]!,
    untilVisit: (status: string) =>
      h
        .until(j, (x) => x.returnVisits[0]!.status === status, `visit ${status}`)
        .then((x) => x.returnVisits[0]!),
  };
}
const smsBody = (j: CareJourneyInput, key: string) =>
  h.sent(j, 'sms').find((e) => e.idempotencyKey === key)?.body;

test('return visit: notice a week before with all details, re-confirmation the day before, YES, attended', async () => {
  const v = await startWithVisit(10, '11:00'); // Thursday of next week
  await h.advance(3 * DAY + HOUR + MINUTE); // Thu 11:01, a week before
  await h.untilSent(v.j, () => smsBody(v.j, v.key('notice')) !== undefined, 'the notice');
  const notice = smsBody(v.j, v.key('notice'))!;
  for (const part of [jaWhen(v.at), details.place, details.department, details.doctor, ...details.bring])
    expect(notice).toContain(part);
  expect(when('sms', v.key('notice'))).toBe('Thu 11:00');
  const daysBefore = DateTime.fromJSDate(v.at, { zone: CLINIC_ZONE })
    .startOf('day')
    .diff(
      DateTime.fromMillis(stampOf('sms', v.key('notice')), { zone: CLINIC_ZONE }).startOf('day'),
      'days',
    ).days;
  expect(daysBefore).toBeGreaterThanOrEqual(7);
  expect(isQuiet(stampOf('sms', v.key('notice')))).toBe(false);
  await v.untilVisit('notified');

  await h.advance(6 * DAY); // Wed 11:01, the day before
  await h.untilSent(v.j, () => smsBody(v.j, v.key('reconfirm')) !== undefined, 'the re-confirmation');
  expect(when('sms', v.key('reconfirm'))).toBe('Wed 10:00'); // at 10:00 local the day before
  expect(smsBody(v.j, v.key('reconfirm'))).toContain(jaWhen(v.at));
  await v.untilVisit('awaiting-confirmation');
  await h.reply(v.j, 'YES');
  await v.untilVisit('confirmed');

  await h.advance(DAY - MINUTE); // Thu 11:00: the patient comes
  await h.decide(v.j, 'record-visit-attendance', { visitId: 'v-1', attended: true, staffId: 'front-desk-1' });
  expect(await v.untilVisit('attended')).toMatchObject({ at: v.at.toISOString() });
  expect(await h.record<VisitRecord>(v.child)).toMatchObject({ status: 'attended', reschedules: 0 });
  await h.advance(3 * HOUR);
  await wait(300);
  expect(smsBody(v.j, v.key('no-show'))).toBeUndefined();
  expect((await h.state(v.j)).tasks.filter((t) => t.kind === 'front-desk')).toEqual([]);
  expect((await h.state(v.j)).lastTriage).toBeNull(); // YES was not read as a symptom report
});

test('return visit: a notice already due goes out in the visit\'s first task, no timer set for "now"', async () => {
  const v = await startWithVisit(6, '11:00'); // less than a week ahead: the notice is due at once
  await h.untilSent(v.j, () => smsBody(v.j, v.key('notice')) !== undefined, 'the notice');
  await v.untilVisit('notified');
  const events = (await h.env.client.workflow.getHandle(v.child).fetchHistory()).events ?? [];
  const kinds = events.map((e) => temporal.api.enums.v1.EventType[e.eventType!]);
  const firstTask = kinds.indexOf('EVENT_TYPE_WORKFLOW_TASK_COMPLETED');
  // The notice's activity is scheduled by the first task; the only timer waits for the re-confirmation.
  const firstTaskDid = kinds.slice(
    firstTask + 1,
    kinds.indexOf('EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', firstTask),
  );
  expect(firstTaskDid).toContain('EVENT_TYPE_ACTIVITY_TASK_SCHEDULED');
  expect(firstTaskDid).not.toContain('EVENT_TYPE_TIMER_STARTED');
  expect(kinds.filter((k) => k === 'EVENT_TYPE_TIMER_STARTED')).toHaveLength(1);
});

test('return visit: CHANGE offers three real free slots from the same time the next day; "2" books the second', async () => {
  const v = await startWithVisit(10, '11:00'); // Thursday of next week
  await h.advance(9 * DAY + HOUR + MINUTE); // Wed 11:01, re-confirmation sent
  await v.untilVisit('awaiting-confirmation');
  await h.reply(v.j, 'CHANGE');
  await v.untilVisit('choosing-slot');

  const friday = v.at.getTime() + DAY; // Fri 11:00
  const slots = [0, 30, 60].map((m) => new Date(friday + m * MINUTE).toISOString());
  expect((await h.record<VisitRecord>(v.child)).offeredSlots).toEqual(slots);
  for (const slot of slots) expect(isClinicOpen(slot)).toBe(true);
  await h.untilSent(v.j, () => smsBody(v.j, v.key('offer')) !== undefined, 'the offer');
  const offer = smsBody(v.j, v.key('offer'))!;
  slots.forEach((slot, i) => expect(offer).toContain(`${i + 1}) ${jaWhen(slot)}`));

  await h.reply(v.j, '2');
  const visit = await h.until(
    v.j,
    (x) => x.returnVisits[0]!.status === 'confirmed',
    'the new slot to be confirmed',
  );
  expect(visit.returnVisits[0]).toEqual({ visitId: 'v-1', at: slots[1], status: 'confirmed' });
  const bookings = h.sent(v.j, 'booking');
  expect(bookings.map((b) => [b.data?.visitId, (b.data?.slot as { at: string }).at])).toEqual([
    ['v-1', slots[1]],
  ]);
  await h.untilSent(v.j, () => smsBody(v.j, v.key('booked', 1)) !== undefined, 'the booking confirmation');
  expect(smsBody(v.j, v.key('booked', 1))).toContain(jaWhen(slots[1]!));
  expect(smsBody(v.j, v.key('booked', 1))).toContain(details.place);
  expect(visit.lastTriage).toBeNull(); // "2" chose a slot; it was not read as pain 2
});

test('return visit: CHANGE for a Saturday visit skips the closed Sunday', async () => {
  const v = await startWithVisit(12, '16:00'); // Saturday of next week
  await h.advance(11 * DAY + 6 * HOUR + MINUTE); // Fri 16:01, re-confirmation sent
  await v.untilVisit('awaiting-confirmation');
  await h.reply(v.j, 'CHANGE');
  await v.untilVisit('choosing-slot');
  // Slots from a day after the visit, in business hours: Sunday 16:00 is closed with
  // config/clinics.json, so the first is Monday 09:30.
  const opening = DateTime.fromJSDate(nextBusinessTime(calendarOf(clinic), new Date(v.at.getTime() + DAY)));
  const expected = [0, 30, 60].map((m) => opening.plus({ minutes: m }).toJSDate().toISOString());
  const offered = (await h.record<VisitRecord>(v.child)).offeredSlots;
  expect(offered).toEqual(expected);
  for (const slot of offered) expect(isClinicOpen(slot)).toBe(true);
});

test('return visit: no confirmation → an automated call (outside quiet hours) and a front-desk task', async () => {
  const v = await startWithVisit(10, '11:00'); // Thursday of next week
  await h.advance(9 * DAY + HOUR + MINUTE); // Wed 11:01, re-confirmation sent
  await v.untilVisit('awaiting-confirmation');
  await h.advance(23 * HOUR - 2 * MINUTE); // Thu 09:59: still no answer
  await h.untilSent(v.j, (e) => e.some((x) => x.kind === 'call'), 'the call');
  const calls = h.sent(v.j, 'call');
  expect(calls.map((c) => c.idempotencyKey)).toEqual([v.key('call')]);
  expect(calls[0]!.body).toContain(jaWhen(v.at));
  const s = await h.until(v.j, (x) => x.tasks.some((t) => t.kind === 'front-desk'), 'the front-desk task');
  expect(s.tasks.filter((t) => t.kind === 'front-desk')).toEqual([
    expect.objectContaining({ role: 'front-desk', status: 'open', summary: expect.stringContaining('v-1') }),
  ]);
  // Nothing non-urgent reaches the patient in quiet hours (DESIGN §3.1.6), a phone call included.
  const calledAt = stampOf('call', v.key('call'));
  expect(calledAt).toBeLessThan(v.at.getTime());
  const calledAtLocal = when('call', v.key('call'));
  expect(isQuiet(calledAt) ? `called ${calledAtLocal}, in quiet hours` : 'outside quiet hours').toBe(
    'outside quiet hours',
  );
});

test('return visit: no attendance by 2 h after the visit → no-show SMS, rebooking task, state no-show', async () => {
  const v = await startWithVisit(10, '11:00'); // Thursday of next week
  await h.advance(9 * DAY + HOUR + MINUTE); // Wed 11:01, re-confirmation sent
  await v.untilVisit('awaiting-confirmation');
  await h.reply(v.j, 'はい');
  await v.untilVisit('confirmed');
  await h.advance(DAY + HOUR + 58 * MINUTE); // Thu 12:59: not yet a no-show
  await wait(300);
  expect((await v.visit()).status).toBe('confirmed');
  await h.advance(2 * MINUTE); // Thu 13:01
  await v.untilVisit('no-show');
  await h.untilSent(v.j, () => smsBody(v.j, v.key('no-show')) !== undefined, 'the no-show SMS');
  expect(when('sms', v.key('no-show'))).toBe('Thu 13:00');
  expect(smsBody(v.j, v.key('no-show'))).toContain(jaWhen(v.at));
  const s = await h.until(v.j, (x) => x.tasks.some((t) => t.kind === 'front-desk'), 'the rebooking task');
  const task = s.tasks.find((t) => t.kind === 'front-desk')!;
  expect(task).toMatchObject({ role: 'front-desk', status: 'open' });
  expect(task.summary).toMatch(/v-1.*rebooking outreach/);
  expect(await h.record<VisitRecord>(v.child)).toMatchObject({ status: 'no-show' });
});

test('return visit: a YES that arrives after the automated call still confirms the visit', async () => {
  const v = await startWithVisit(10, '11:00'); // Thursday of next week
  await h.advance(9 * DAY + HOUR + MINUTE); // Wed 11:01, re-confirmation sent
  await v.untilVisit('awaiting-confirmation');
  await h.advance(23 * HOUR - 2 * MINUTE); // Thu 09:59: the call has gone, the front desk has a task
  await h.untilSent(v.j, (e) => e.some((x) => x.kind === 'call'), 'the call');
  await h.until(v.j, (x) => x.tasks.some((t) => t.kind === 'front-desk'), 'the front-desk task');
  await h.reply(v.j, 'はい'); // the patient answers the SMS in the morning
  await h.until(v.j, (x) => x.timeline.some((e) => e.event === 'patient-replied'), 'the reply');
  await wait(500);
  expect((await v.visit()).status).toBe('confirmed');
});
