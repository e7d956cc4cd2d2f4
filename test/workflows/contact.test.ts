import { DateTime } from 'luxon';
import { assessContact } from '../../domain/after-hours';
import { toContactInput } from '../../domain/contact';
import type { ContactInput } from '../../domain/contact';
import { contact } from '../../workflows';
import type { EscalationRecord } from '../../workflows/on-call-escalation';
import { recordQuery } from '../../workflows/child-definitions';
import type { ContactState } from '../../workflows/contact-definitions';
import { contactStateQuery } from '../../workflows/contact-definitions';
import { decisionUpdate } from '../../workflows/journey-definitions';
import { CaseKind, ClinicId } from '../../temporal/search-attributes';
import { calendarOf, nextBusinessTime } from '../../domain/calendar';
import { clinic } from '../helpers/fixtures';
import { JourneyHarness, MINUTE, CLINIC_ZONE } from '../helpers/journey-harness';

// The standalone contact workflow (DESIGN §3.2) on the time-skipping server: a polite answer and
// a callback at the next business morning, the generic answer to an unknown number, and for
// urgent words the on-call escalation as a child that answers the same decisions as a journey's.

const h = new JourneyHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

let n = 0;
async function startContact(
  text: string,
  options: Partial<Pick<ContactInput, 'source' | 'channel' | 'language'>> & { urgentFlag?: boolean } = {},
): Promise<ContactInput> {
  const language = 'language' in options ? options.language : 'en';
  const input = toContactInput(
    clinic,
    {
      contactId: `CA${++n}${Math.random().toString(36).slice(2, 8)}`,
      channel: options.channel ?? 'phone',
      source: options.source ?? 'after-hours',
      phone: '+819087654321',
      language,
      text,
    },
    assessContact({
      text,
      language: language ?? clinic.defaultLanguage ?? 'en',
      urgentFlag: options.urgentFlag,
    }),
  );
  await h.env.client.workflow.start(contact, {
    taskQueue: h.taskQueue,
    workflowId: input.caseId,
    args: [input],
  });
  return input;
}
const handle = (c: ContactInput) => h.env.client.workflow.getHandle<typeof contact>(c.caseId);
const state = (c: ContactInput) => handle(c).query(contactStateQuery);
async function until(c: ContactInput, ok: (s: ContactState) => boolean, what: string): Promise<ContactState> {
  let last: ContactState | undefined;
  for (let i = 0; i < 600; i++) {
    last = await state(c);
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}; state: ${JSON.stringify(last)}`);
}
const tokyo = (iso: string) => DateTime.fromISO(iso, { zone: CLINIC_ZONE }).toFormat('ccc HH:mm');
const pagesTo = (caseId: string) =>
  h
    .sent(caseId, 'call')
    .filter((c) => c.data?.acknowledgeDigit === '1')
    .map((c) => clinic.onCallRoster.find((r) => r.phone === c.to)!.staffId);

test('non-urgent ("the tape came off") on a Tuesday night: a polite answer and a nurse callback on Wednesday morning', async () => {
  await h.advanceToNext(2, '22:00');
  const c = await startContact('The tape on my nose came off');
  const result = await handle(c).result();
  expect(result).toMatchObject({
    status: 'closed',
    urgency: 'non-urgent',
    answer: 'contact-received',
    incident: null,
  });
  const [sms] = h.sent(c.caseId, 'sms');
  expect(sms).toMatchObject({ to: '+819087654321', idempotencyKey: `${c.caseId}:answer` });
  expect(sms!.body).toContain('call you back by Wed');
  expect(sms!.body).toContain('09:30');
  const [task] = h.sent(c.caseId, 'task');
  expect(task).toMatchObject({
    to: 'nurse',
    data: { kind: 'contact-callback', callbackPhone: '+819087654321' },
  });
  expect(tokyo(task!.data!.dueAt as string)).toBe('Wed 09:30');
  expect(task!.body).toContain('The tape on my nose came off');
  const attributes = (await handle(c).describe()).typedSearchAttributes;
  expect(attributes.get(ClinicId)).toBe(clinic.id);
  expect(attributes.get(CaseKind)).toBe('contact');
});

test("a booking change goes to the front desk; an unknown number's SMS gets the generic answer in the clinic's language", async () => {
  const saturdayEvening = await h.advanceToNext(6, '19:00');
  const booking = await startContact("I'd like to change tomorrow's booking");
  await handle(booking).result();
  const [task] = h.sent(booking.caseId, 'task');
  expect(task).toMatchObject({ to: 'front-desk' });
  // Called back when the clinic next opens: Monday 09:30 with config/clinics.json (Sunday closed).
  const opens = nextBusinessTime(calendarOf(clinic), saturdayEvening);
  expect(tokyo(task!.data!.dueAt as string)).toBe(tokyo(opens.toISOString()));
  expect(opens.getTime()).toBeGreaterThan(saturdayEvening.getTime());

  const unknown = await startContact('こんにちは、予約の件です', {
    source: 'unmatched-sms',
    channel: 'sms',
    language: undefined,
  });
  expect(unknown.language).toBe('ja'); // the clinic's default language
  const result = await handle(unknown).result();
  expect(result.answer).toBe('contact-unmatched');
  const [sms] = h.sent(unknown.caseId, 'sms');
  expect(sms!.body).toContain('該当する記録が見つからなかった');
  expect(sms!.body).toContain(clinic.emergencyLine);
  const [desk] = h.sent(unknown.caseId, 'task');
  expect(desk).toMatchObject({
    to: 'front-desk',
    data: { kind: 'unmatched-sms', callbackPhone: '+819087654321' },
  });
});

test('urgent: the patient is told at once, the night nurse is paged, acknowledged by keypad and resolved; then the contact closes', async () => {
  await h.advanceToNext(2, '23:00');
  const c = await startContact('pain 9 and it is getting worse');
  let s = await until(c, (x) => x.incident !== null, 'escalation');
  const incidentId = `${c.caseId}:incident-1`;
  expect(s.incident).toMatchObject({ incidentId, severity: 'urgent', status: 'paging' });
  await h.untilSent(c.caseId, () => pagesTo(c.caseId).length === 1, 'the page');
  expect(pagesTo(c.caseId)).toEqual(['nurse-night']);
  const [sms] = h.sent(c.caseId, 'sms').filter((m) => m.to === '+819087654321');
  expect(sms!.body).toContain('on-call doctor');
  const [callback] = h.sent(c.caseId, 'task');
  expect(callback).toMatchObject({
    to: 'nurse',
    data: { kind: 'contact-callback', callbackPhone: '+819087654321' },
  });

  await h.advance(3 * MINUTE);
  const update = decisionUpdate('acknowledge-escalation');
  await expect(
    handle(c).executeUpdate(update, {
      args: [{ incidentId: `${c.caseId}:incident-9`, staffId: 'nurse-night' }],
    }),
  ).rejects.toThrow();
  await handle(c).executeUpdate(update, { args: [{ incidentId, staffId: 'nurse-night', via: 'keypad' }] });
  s = await until(c, (x) => x.incident?.status === 'acknowledged', 'acknowledged');
  expect(s.incident?.acknowledgedBy).toBe('nurse-night');
  const record = (await h.env.client.workflow.getHandle(incidentId).query(recordQuery)) as EscalationRecord;
  expect(record.acknowledgements).toEqual([
    expect.objectContaining({ staffId: 'nurse-night', via: 'keypad' }),
  ]);
  await expect(
    handle(c).executeUpdate(update, { args: [{ incidentId, staffId: 'nurse-night' }] }),
  ).rejects.toMatchObject({ cause: { message: expect.stringContaining('not waiting') } });

  await handle(c).executeUpdate(decisionUpdate('resolve-escalation'), {
    args: [{ incidentId, staffId: 'nurse-night', note: 'called back, ice and rest' }],
  });
  const result = await handle(c).result();
  expect(result).toMatchObject({ status: 'closed', urgency: 'urgent', incident: { status: 'resolved' } });
  expect(result.tasks.map((t) => t.kind)).toEqual(['contact-callback']);
});

test("emergency words and nobody answers: told to call emergency services, the clinic's emergency policy runs out, the director gets a task", async () => {
  await h.advanceToNext(3, '02:00');
  const c = await startContact("My nose is bleeding a lot and won't stop");
  await until(c, (x) => x.incident !== null, 'escalation');
  const [first] = h.sent(c.caseId, 'sms').filter((m) => m.to === '+819087654321');
  expect(first!.body).toContain('call emergency services (119) now');
  await h.untilSent(c.caseId, () => pagesTo(c.caseId).length === 1, 'the page');
  // The "emergency" policy starts with the doctor: Tuesday's on-call doctor until 08:00.
  expect(pagesTo(c.caseId)).toEqual(['dr-oncall-b']);
  const result = await handle(c).result(); // time skips through every level and round
  expect(result.incident?.status).toBe('exhausted');
  expect(result.tasks.map((t) => [t.kind, t.role])).toEqual([
    ['contact-callback', 'doctor'],
    ['director', 'director'],
  ]);
});

test('the operator judged it urgent: escalated even though the words are calm', async () => {
  await h.advanceToNext(4, '21:00');
  const c = await startContact('she sounds confused and sleepy', { urgentFlag: true });
  const s = await until(c, (x) => x.incident !== null, 'escalation');
  expect(s.urgency).toBe('urgent');
  expect(s.reasons[0]).toContain('operator');
  await handle(c).executeUpdate(decisionUpdate('resolve-escalation'), {
    args: [{ incidentId: s.incident!.incidentId, staffId: 'nurse-night' }],
  });
  expect((await handle(c).result()).incident?.status).toBe('resolved');
});

test('the contact stays open with its callback listed until staff record it; a wrong task is refused', async () => {
  await h.advanceToNext(2, '22:00');
  const c = await startContact('The tape on my nose came off');
  const open = await until(c, (x) => x.tasks.length === 1, 'the callback task');
  expect(open.status).toBe('open');
  expect(open.tasks[0]).toMatchObject({ kind: 'contact-callback', role: 'nurse', status: 'open' });
  expect(open.tasks[0]).toMatchObject({ callbackPhone: '+819087654321' }); // whom to call back
  expect(open.tasks[0]!.summary).toContain('The tape on my nose came off');
  const complete = (taskId: string) =>
    handle(c).executeUpdate(decisionUpdate('complete-task'), {
      args: [{ taskId, staffId: 'nurse-day', note: 'Called back: new tape, fine' }],
    });
  const refusal = (taskId: string) =>
    complete(taskId).then(
      () => 'accepted',
      (err: { cause?: { message?: string } }) => err.cause?.message,
    );
  await expect(refusal('task-9')).resolves.toBe('no task "task-9" on this contact');
  await expect(complete('task-1')).resolves.toEqual({ accepted: true });
  // Its only callback recorded, the contact has closed: nothing more is accepted.
  const closed = await handle(c).result();
  await expect(complete('task-1')).rejects.toThrow();
  expect(closed.status).toBe('closed');
  expect(closed.tasks[0]).toMatchObject({
    status: 'done',
    closedBy: 'nurse-day',
    outcome: 'Called back: new tape, fine',
  });
  expect(closed.timeline.map((e) => e.event)).toEqual(expect.arrayContaining(['task-done', 'closed']));
});

test('a callback nobody records: the contact closes after 14 days saying so', async () => {
  await h.advanceToNext(3, '22:00');
  const c = await startContact('Can I book a check-up?');
  await until(c, (x) => x.tasks.length === 1, 'the callback task');
  await h.env.sleep(13 * 24 * 60 * MINUTE);
  expect((await state(c)).status).toBe('open');
  const closed = await handle(c).result();
  expect(closed.status).toBe('closed');
  expect(closed.tasks[0]!.status).toBe('open');
  expect(closed.timeline.find((e) => e.event === 'callbacks-not-recorded')?.detail).toBe('task-1');
});
