import { callbackDueAt } from '../../domain/after-hours';
import { calendarOf } from '../../domain/calendar';
import { incidentRef } from '../../domain/case-ids';
import { contactKey } from '../../api/contact-key';
import { ApiHarness, eventually } from '../helpers/api-harness';
import { DateTime } from 'luxon';
import { CLINIC_ZONE, clinic, clinics, clinicWhereItIs, startRequest } from '../helpers/fixtures';
import { TEST_CONTACT_KEY_SECRET } from '../helpers/webhooks';

// POST /after-hours-contacts against a real Temporal dev server: urgent contacts page the on-call
// staff now, the rest get a polite answer and a callback the next business morning; a patient
// with a running journey has the contact signalled into it; the contact id is the business key;
// every bad field is a 400 naming it and starts nothing.

// Whether the clinic is open "now" is pinned, not left to the hour CI runs at: the dev server's
// clock is real, so these clinics' zones are chosen to put the real instant at 03:00 (closed,
// opens 09:00) and at 12:00 (open) local time.
const closedNow = clinicWhereItIs(3, 'night-clinic');
const openNow = clinicWhereItIs(12, 'noon-clinic');
const h = new ApiHarness({ clinics: { clinics: [...clinics.clinics, closedNow, openNow] } });
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

let n = 0;
const newPhone = () => `+8180${String(Date.now() % 1e7).padStart(7, '0')}${++n % 10}`;
const contactId = () => `CC-${Date.now()}-${++n}`;
const contact = (overrides: Record<string, unknown> = {}) => ({
  contactId: contactId(),
  channel: 'phone',
  phone: newPhone(),
  language: 'en',
  text: 'The tape on my nose came off',
  ...overrides,
});
const caseOf = (id: string) => `contact:${clinic.id}:${id}`;
const journeyState = async (id: string) => (await h.call('GET', `/journeys/${encodeURIComponent(id)}`)).body;

test('urgent, no journey: 201, the patient told at once, the on-call staff paged; the incident is acknowledged through the API', async () => {
  const body = contact({ text: 'pain 9, it is getting worse', channel: 'voicemail' });
  const res = await h.call('POST', '/after-hours-contacts', body);
  expect(res.status).toBe(201);
  expect(res.body).toEqual({
    contactId: body.contactId,
    handledBy: 'contact',
    caseId: caseOf(body.contactId),
    urgency: 'urgent',
  });
  const incidentId = `${caseOf(body.contactId)}:incident-1`;
  const page = await eventually(async () => {
    const calls = h.outbox.list({ caseId: caseOf(body.contactId), kind: 'call' });
    return calls.find((c) => c.data?.incidentId === incidentId);
  }, 'the page');
  // In the clinic's staff language (ja), naming the incident by its spoken 4-digit reference.
  expect(page.body).toContain(`案件番号 ${incidentRef(incidentId).split('').join(' ')}`);
  expect(page.body).not.toContain(caseOf(body.contactId));
  expect(page.body).not.toContain(body.phone);
  const told = h.outbox
    .list({ caseId: caseOf(body.contactId), kind: 'sms' })
    .filter((m) => m.to === body.phone);
  expect(told[0]!.body).toContain('on-call doctor');
  const ack = await h.call('POST', `/escalations/${encodeURIComponent(incidentId)}/acknowledgements`, {
    staffId: 'nurse-night',
    via: 'api',
  });
  expect(ack.status).toBe(200);
  const record = await eventually(async () => {
    const r = await h.call('GET', `/escalations/${encodeURIComponent(incidentId)}`);
    return r.body.acknowledgements?.length ? r.body : undefined;
  }, 'acknowledged');
  expect(record.acknowledgements[0]).toMatchObject({ staffId: 'nurse-night', via: 'api' });
});

test('emergency words: told to call emergency services now', async () => {
  const body = contact({ text: "I can't breathe and my lips are swelling" });
  const res = await h.call('POST', '/after-hours-contacts', body);
  expect(res.status).toBe(201);
  expect(res.body.urgency).toBe('emergency');
  const sms = await eventually(
    async () => h.outbox.list({ caseId: caseOf(body.contactId), kind: 'sms' })[0],
    'sms',
  );
  expect(sms.body).toContain('call emergency services (119) now');
});

describe.each([
  ['closed: due when it opens at 09:00 local', closedNow, '09:00'],
  ['open: due at once', openNow, undefined],
])('non-urgent, the clinic %s', (_what, where, opensAt) => {
  test('a polite answer and a callback task', async () => {
    const asFrontDesk = h.as('clinic-system', where.id);
    const body = contact({ text: "I'd like to change tomorrow's booking" });
    const before = new Date();
    const res = await h.call('POST', '/after-hours-contacts', body, asFrontDesk);
    const after = new Date();
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ handledBy: 'contact', urgency: 'non-urgent' });
    const caseId = `contact:${where.id}:${body.contactId}`;
    const task = await eventually(
      async () => h.outbox.list({ caseId, kind: 'task' })[0],
      'the callback task',
    );
    expect(task).toMatchObject({
      to: 'front-desk',
      data: { kind: 'contact-callback', callbackPhone: body.phone },
    });
    const due = new Date(task.data!.dueAt as string);
    if (opensAt) {
      // The next opening of the clinic's day: same for any instant of the request.
      expect(due.toISOString()).toBe(callbackDueAt(calendarOf(where), before).toISOString());
      expect(DateTime.fromJSDate(due, { zone: where.timeZone }).toFormat('HH:mm')).toBe(opensAt);
      expect(due.getTime()).toBeGreaterThan(after.getTime());
    } else {
      // Open: the callback is due when the contact was received.
      expect(due.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
      expect(due.getTime()).toBeLessThanOrEqual(after.getTime() + 1000);
    }
    const [answer] = h.outbox.list({ caseId, kind: 'sms' });
    expect(answer).toMatchObject({ to: body.phone });
    expect(answer!.body).toContain('will call you back by');
  });
});

test('a patient with a running journey: the contact goes into the journey (202), which triages it itself', async () => {
  const phone = newPhone();
  const started = await h.call(
    'POST',
    '/journeys',
    startRequest({ patient: { ref: 'P-1001', phone, language: 'en', timeZone: CLINIC_ZONE } }),
  );
  const journeyId = started.body.journeyId as string;
  const key = contactKey(TEST_CONTACT_KEY_SECRET, clinic.id, phone);
  await eventually(async () => {
    const query = `WorkflowId = '${journeyId}' AND ClinicId = '${clinic.id}' AND ContactKey = '${key}' AND ExecutionStatus = 'Running'`;
    return (await h.env.client.workflow.count(query)).count > 0 ? true : undefined;
  }, 'journey visible');

  // Calm words, but the operator judged it urgent: the journey escalates, saying why.
  const body = contact({ phone, text: 'she sounds confused and sleepy', urgentFlag: true });
  const res = await h.call('POST', '/after-hours-contacts', body);
  expect(res.status).toBe(202);
  expect(res.body).toEqual({
    contactId: body.contactId,
    handledBy: 'journey',
    caseId: journeyId,
    urgency: 'urgent',
  });
  const s = await eventually(async () => {
    const x = await journeyState(journeyId);
    return x.lastTriage ? x : undefined;
  }, 'triaged in the journey');
  expect(s.lastTriage.severity).toBe('urgent');
  expect(s.lastTriage.reasons[0]).toContain('operator');
  expect(await h.workflowExists(caseOf(body.contactId))).toBe(false);

  // The same contact again: no second reply.
  expect((await h.call('POST', '/after-hours-contacts', body)).status).toBe(202);
  await new Promise((r) => setTimeout(r, 500));
  const replies = (await journeyState(journeyId)).timeline.filter(
    (e: { event: string }) => e.event === 'patient-replied',
  );
  expect(replies).toHaveLength(1);
});

test('the same contact id twice: the first outcome, one workflow, one answer', async () => {
  const body = contact({ text: 'the dressing is wet' });
  const first = await h.call('POST', '/after-hours-contacts', body);
  expect(first.status).toBe(201);
  const again = await h.call('POST', '/after-hours-contacts', {
    ...body,
    text: 'pain 10 now',
    urgentFlag: true,
  });
  expect(again.status).toBe(200);
  expect(again.body).toEqual(first.body);
  await eventually(
    async () => (h.outbox.list({ caseId: caseOf(body.contactId), kind: 'task' }).length ? true : undefined),
    'task',
  );
  await new Promise((r) => setTimeout(r, 300));
  expect(h.outbox.list({ caseId: caseOf(body.contactId), kind: 'sms' })).toHaveLength(1);
  expect(h.outbox.list({ caseId: caseOf(body.contactId), kind: 'call' })).toHaveLength(0);
});

describe('bad input: 400 naming the field, nothing started', () => {
  test.each([
    ['body.contactId', 'with spaces', { contactId: 'has spaces in it' }],
    ['body.contactId', 'a phone number', { contactId: '+819012345678' }],
    ['body.channel', 'not a channel', { channel: 'fax' }],
    ['body.phone', 'not E.164', { phone: '090-1234-5678' }],
    ['body.language', 'not supported', { language: 'fr' }],
    ['body.text', 'empty', { text: '' }],
    ['body.text', 'blank', { text: '   ' }],
    ['body.text', 'too long', { text: 'x'.repeat(1601) }],
    ['body.urgentFlag', 'not a boolean', { urgentFlag: 'yes' }],
    ['body', 'an unknown field', { callerName: 'Hanako' }],
  ])('%s: %s', async (field, _what, overrides) => {
    const body = contact(overrides);
    const res = await h.call('POST', '/after-hours-contacts', body);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
    if (typeof body.contactId === 'string' && /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(body.contactId))
      expect(await h.workflowExists(caseOf(body.contactId))).toBe(false);
  });

  test('a missing field, a body that is not JSON', async () => {
    const { contactId: _dropped, ...rest } = contact();
    const missing = await h.call('POST', '/after-hours-contacts', rest);
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('body.contactId');
    const garbled = await h.call('POST', '/after-hours-contacts', '{"contactId":');
    expect(garbled.status).toBe(400);
    expect(garbled.body.error.field).toBe('body');
  });

  test('a role that may not take contacts in: 403, nothing started', async () => {
    const body = contact();
    const res = await h.call('POST', '/after-hours-contacts', body, h.as('operations'));
    expect(res.status).toBe(403);
    expect(await h.workflowExists(caseOf(body.contactId))).toBe(false);
  });
});
