import { DateTime } from 'luxon';
import type { Clinic } from '../../domain/clinic';
import type { AdherenceSummary, CareJourneyInput } from '../../domain/journey';
import type { Language } from '../../domain/language';
import { clinic } from '../helpers/fixtures';
import { DAY, HOUR, JourneyHarness, localTime, MINUTE, CLINIC_ZONE } from '../helpers/journey-harness';

// Issue 8 §4, on the time-skipping server: medication reminders that do not wait for each
// other, the return-visit re-confirmation at a local hour 1–2 days before, a journey
// registered days after its surgery, and the complaint acknowledgement's real target. Every SMS
// is stamped with the test server's clock (the outbox's own `at` is the worker's real clock);
// the clock is pinned to a chosen Tokyo time before each case.

const stamps = new Map<string, number>();
const stamp = async (key: string) => {
  if (!stamps.has(key)) stamps.set(key, await h.env.currentTimeMs());
};
const h: JourneyHarness = new JourneyHarness((dev) => ({
  ...dev,
  sms: { send: async (m) => (await stamp(`sms ${m.idempotencyKey}`), dev.sms.send(m)) },
}));
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

// Cases leave their workflows running: terminating a run on the time-skipping server can stop
// its clock for the rest of the file (a run terminated with a task in flight).
const track = <T extends { journeyId: string }>(j: T): T => j;

/** When (test-server clock, Tokyo) the SMS with this key went out: "Mon 13:38". */
const when = (key: string) => {
  const at = stamps.get(`sms ${key}`);
  return at === undefined ? undefined : localTime(new Date(at));
};
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const keys = (j: CareJourneyInput, prefix: string) =>
  h
    .sent(j, 'sms')
    .map((e) => e.idempotencyKey)
    .filter((k) => k.startsWith(prefix));

// ---- medication

test('medication: doses at 13:38, 13:39 and 13:40 are each reminded at their time though nobody answers', async () => {
  await h.advanceToNext(1, '10:00');
  const rx = { id: 'rx-1', name: 'Cefalexin', dose: '500 mg', times: ['13:38', '13:39', '13:40'], days: 1 };
  const j = track(await h.start({ prescriptions: [rx] }));
  const course = `${j.journeyId}:medication-rx-1:`;

  await h.advance(3 * HOUR + 41 * MINUTE); // Mon 13:41: the patient has not answered any of them
  await h.untilSent(j, () => keys(j, course).length === 3, 'three reminders');
  expect(keys(j, course).map(when)).toEqual(['Mon 13:38', 'Mon 13:39', 'Mon 13:40']);
  // The journey hears of each dose with its outcome; the medication workflow counts it at once.
  await h.untilRecord<AdherenceSummary[]>(
    `${j.journeyId}:medication`,
    (r) => r[0]!.scheduled === 3,
    'three doses reminded',
  );

  // TAKEN answers the most recent open dose (13:40); the two before stay open until their
  // windows end, then count as unconfirmed: two in a row, one task.
  await h.reply(j, 'TAKEN');
  await h.until(j, (s) => s.adherence[0]!.taken === 1, 'TAKEN counted');
  expect((await h.state(j)).adherence[0]).toMatchObject({ missed: 0, status: 'active' });
  await h.advance(3 * HOUR); // Mon 16:41
  const s = await h.until(j, (x) => x.adherence[0]!.status === 'finished', 'the course to finish');
  expect(s.adherence[0]).toMatchObject({ scheduled: 3, taken: 1, missed: 2 });
  const tasks = s.tasks.filter((t) => t.kind === 'missed-doses');
  expect(tasks).toHaveLength(1);
  expect(tasks[0]!.summary).toContain('Cefalexin');
  expect(keys(j, course)).toHaveLength(3); // nothing re-sent
});

test('medication: a reply after every window has ended confirms nothing', async () => {
  await h.advanceToNext(1, '10:00');
  const rx = { id: 'rx-1', name: 'Cefalexin', dose: '500 mg', times: ['12:00', '18:00'], days: 1 };
  const j = track(await h.start({ prescriptions: [rx] }));
  await h.advance(5 * HOUR + MINUTE); // Mon 15:01: the 12:00 dose's window ended at 15:00
  await h.until(j, (s) => s.adherence[0]!.missed === 1, 'the 12:00 dose unconfirmed');
  await h.reply(j, 'TAKEN'); // answers no open dose; it is not a symptom report either
  await wait(500);
  expect((await h.state(j)).adherence[0]).toMatchObject({ scheduled: 1, taken: 0, missed: 1 });
  await h.advance(3 * HOUR); // Mon 18:01: the 18:00 dose is reminded as usual
  await h.untilSent(j, () => keys(j, `${j.journeyId}:medication-rx-1:`).length === 2, 'the 18:00 reminder');
  await h.reply(j, 'TAKEN');
  await h.until(j, (s) => s.adherence[0]!.taken === 1, 'the 18:00 dose taken');
});

// ---- return visits

const details = {
  place: 'Aoyama Aesthetic Clinic, 3F',
  department: '形成外科',
  doctor: '佐藤医師',
  bring: [],
};
/** A clear stretch of days (no clinic holiday) from the next `weekday` at `time`. */
async function clearDay(weekday: number, time: string): Promise<Date> {
  for (;;) {
    const day = await h.advanceToNext(weekday, time);
    const start = DateTime.fromJSDate(day, { zone: CLINIC_ZONE });
    const days = Array.from({ length: 16 }, (_, i) => start.plus({ days: i }).toISODate()!);
    if (!days.some((d) => clinic.holidays.includes(d))) return day;
  }
}
async function startWithVisit(from: Date, days: number, time: string) {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const at = DateTime.fromJSDate(from, { zone: CLINIC_ZONE }).plus({ days }).set({ hour, minute }).toJSDate();
  const j = track(await h.start({ returnVisits: [{ id: 'v-1', at: at.toISOString(), ...details }] }));
  return { j, at, key: (step: string) => `${j.journeyId}:visit:v-1:0:${step}` };
}

test('return visit: a 16:00 visit is re-confirmed at 10:00 the day before, not at 16:00', async () => {
  const monday = await clearDay(1, '10:00');
  const v = await startWithVisit(monday, 10, '16:00'); // Thursday of next week, 16:00
  await h.advance(9 * DAY + HOUR); // Wed 11:00
  await h.untilSent(
    v.j,
    (e) => e.some((x) => x.idempotencyKey === v.key('reconfirm')),
    'the re-confirmation',
  );
  expect(when(v.key('notice'))).toBe('Thu 16:00'); // a week before (the notice is unchanged)
  expect(when(v.key('reconfirm'))).toBe('Wed 10:00');
  await h.until(v.j, (s) => s.returnVisits[0]!.status === 'awaiting-confirmation', 'awaiting confirmation');
});

test('return visit: an 08:30 visit is not re-confirmed at 08:30 the day before but at 10:00', async () => {
  const monday = await clearDay(1, '10:00');
  const v = await startWithVisit(monday, 10, '08:30');
  await h.advance(9 * DAY + HOUR); // Wed 11:00
  await h.untilSent(
    v.j,
    (e) => e.some((x) => x.idempotencyKey === v.key('reconfirm')),
    'the re-confirmation',
  );
  expect(when(v.key('reconfirm'))).toBe('Wed 10:00');
});

test('return visit: booked for tomorrow 16:00 (less than a day ahead of 10:00 the day before) → re-confirmed at once, no notice', async () => {
  const monday = await clearDay(1, '11:00');
  const v = await startWithVisit(monday, 1, '16:00'); // Tue 16:00, booked Mon 11:00
  await h.untilSent(
    v.j,
    (e) => e.some((x) => x.idempotencyKey === v.key('reconfirm')),
    'the re-confirmation',
  );
  expect(when(v.key('reconfirm'))).toBe('Mon 11:00');
  expect(keys(v.j, v.key('notice'))).toEqual([]);
});

test('return visit: booked at night for the next afternoon → re-confirmed when quiet hours end', async () => {
  const monday = await clearDay(1, '22:00');
  const v = await startWithVisit(monday, 1, '14:00'); // Tue 14:00, booked Mon 22:00
  await h.advance(10 * HOUR + MINUTE); // Tue 08:01
  await h.untilSent(
    v.j,
    (e) => e.some((x) => x.idempotencyKey === v.key('reconfirm')),
    'the re-confirmation',
  );
  expect(when(v.key('reconfirm'))).toBe(`Tue ${clinic.quietHours.end}`);
});

// ---- late registration

test('late registration: three days after the surgery, past check-ins are skipped-late and the next one is sent', async () => {
  const thursday = await h.advanceToNext(4, '10:00');
  const performedAt = new Date(thursday.getTime() - 3 * DAY).toISOString(); // Monday 10:00
  const j = track(
    await h.start({ surgery: { procedureCode: 'rhinoplasty', performedAt, surgeonId: 'dr-sato' } }),
  );
  let s = await h.state(j);
  expect(s.checkIns.map((c) => [c.id, c.status])).toEqual([
    ['first-night', 'skipped-late'],
    ['nurse-call-day-2', 'skipped-late'],
    ['day-7', 'scheduled'],
    ['day-14', 'scheduled'],
    ['day-21', 'scheduled'],
    ['day-30', 'scheduled'],
  ]);
  expect(s.timeline.filter((e) => e.event === 'check-in-skipped-late').map((e) => e.detail)).toEqual([
    expect.stringContaining('first-night'),
    expect.stringContaining('nurse-call-day-2'),
  ]);
  await h.advance(HOUR);
  await wait(500);
  s = await h.state(j);
  expect(keys(j, `check-in-`)).toEqual([]); // "how was the night of the surgery?" is not asked on day 3
  expect(h.sent(j, 'sms').filter((e) => e.idempotencyKey.includes('check-in'))).toEqual([]);
  expect(s.tasks.filter((t) => t.kind === 'nurse-call')).toEqual([]); // nor is the day-2 call opened

  await h.advance(4 * DAY); // the next Monday 11:00: day 7 is due (Monday 10:00)
  s = await h.until(j, (x) => x.checkIns[2]!.status === 'sent', 'the day-7 check-in');
  expect(s.checkIns.slice(0, 2).map((c) => c.status)).toEqual(['skipped-late', 'skipped-late']);
  const sent = h.sent(j, 'sms').filter((e) => e.idempotencyKey.includes('check-in'));
  expect(sent.map((e) => e.idempotencyKey)).toEqual([expect.stringContaining('check-in-day-7')]);
});

test('late registration: 23 hours after the surgery the first-night check-in is still in its window and goes at once', async () => {
  const tuesday = await h.advanceToNext(2, '09:00');
  const performedAt = new Date(tuesday.getTime() - 23 * HOUR).toISOString(); // Monday 10:00; due Tue 04:00 + 6 h
  const j = track(
    await h.start({ surgery: { procedureCode: 'rhinoplasty', performedAt, surgeonId: 'dr-sato' } }),
  );
  const s = await h.until(j, (x) => x.checkIns[0]!.status === 'sent', 'the first-night check-in');
  expect(s.checkIns.map((c) => c.status)).not.toContain('skipped-late');
  await h.untilSent(j, (e) => e.some((x) => x.idempotencyKey.includes('check-in-first-night')), 'its SMS');
});

// ---- complaint acknowledgement

const halfHourClinic: Clinic = {
  ...clinic,
  complaintSla: { ...clinic.complaintSla, firstContact: { minutes: 30, mode: 'calendar' } },
};

// Its own server: the journeys above are terminated, which can stall a shared server's clock.
describe('complaint acknowledgement', () => {
  const server = new JourneyHarness();
  beforeAll(() => server.setUp());
  afterAll(() => server.tearDown());

  test.each([
    ['en', 'within 30 minutes'],
    ['ja', '30分以内'],
    ['zh-Hant', '30分鐘內'],
  ] as [Language, string][])(
    'complaint: a 30-minute first-contact target is promised as 30 minutes in %s',
    async (language, promise) => {
      await server.advanceToNext(2, '10:00');
      const c = await server.startComplaint(
        { customer: { ref: 'P-2001', phone: '+819055556666', language, timeZone: CLINIC_ZONE } },
        halfHourClinic,
      );
      await server.untilSent(c.caseId, (e) => e.some((x) => x.kind === 'sms'), 'the acknowledgement');
      const ack = server.sent(c.caseId, 'sms')[0]!.body;
      expect(ack).toContain(promise);
      expect(ack).not.toMatch(/1 hour|1時間|1小時/);
    },
  );
});
