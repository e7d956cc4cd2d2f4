import { contactKey } from '../../api/contact-key';
import { incidentRef } from '../../domain/case-ids';
import { ContactKey } from '../../temporal/search-attributes';
import { ApiHarness, eventually } from '../helpers/api-harness';
import { CLINIC_ZONE, clinic, startRequest } from '../helpers/fixtures';
import { twilioSignature } from '../../api/webhooks/twilio-signature';
import {
  postTwilio,
  TEST_CONTACT_KEY_SECRET,
  TEST_TWILIO_TOKEN,
  TEST_WEBHOOK_BASE_URL,
} from '../helpers/webhooks';

// Twilio's webhooks against a real Temporal dev server: signed inbound SMS reach the sender's
// running case (found by the pseudonymous ContactKey), redeliveries are one reply, anything
// unsigned, tampered or for another clinic is refused with nothing signalled; unknown numbers
// get a generic answer and a front-desk task; staff acknowledge pages by SMS and by keypad.

const h = new ApiHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const SMS = `/webhooks/twilio/${clinic.id}/sms`;
const path = (id: string, rest = '') => `/journeys/${encodeURIComponent(id)}${rest}`;
const state = async (id: string) => (await h.call('GET', path(id))).body;
const replies = async (id: string) =>
  (await state(id)).timeline.filter((e: { event: string }) => e.event === 'patient-replied').length;

let n = 0;
const newPhone = () => `+8170${String(Date.now() % 1e7).padStart(7, '0')}${++n % 10}`;
const sid = (prefix = 'SM') => `${prefix}${Date.now().toString(16)}${(++n).toString(16).padStart(6, '0')}`;
const sms = (from: string, body: string, messageSid = sid()) => ({
  MessageSid: messageSid,
  AccountSid: 'AC0123456789abcdef0123456789abcdef',
  From: from,
  To: '+81312345678',
  Body: body,
  NumMedia: '0',
});

/** A journey for `phone`, running and findable by its ContactKey. */
async function journeyFor(phone: string) {
  const request = startRequest({
    patient: { ref: 'P-1001', phone, language: 'en', timeZone: CLINIC_ZONE },
  });
  const res = await h.call('POST', '/journeys', request);
  expect(res.status).toBe(201);
  const id = res.body.journeyId as string;
  await eventually(async () => ((await state(id)).stage === 'monitoring' ? true : undefined), 'monitoring');
  await visible(id, phone);
  return id;
}

/** Visibility is eventually consistent: wait until the webhook's lookup lists the case. */
async function visible(id: string, phone: string) {
  const key = contactKey(TEST_CONTACT_KEY_SECRET, clinic.id, phone);
  const query = `WorkflowId = '${id}' AND ClinicId = '${clinic.id}' AND ContactKey = '${key}' AND ExecutionStatus = 'Running'`;
  await eventually(async () => {
    const found = await h.env.client.workflow.count(query);
    return found.count > 0 ? true : undefined;
  }, `${id} visible`);
}

async function urgentIncident(phone = newPhone()) {
  const id = await journeyFor(phone);
  const res = await postTwilio(h.base, SMS, sms(phone, 'pain 9, unbearable'));
  expect(res.status).toBe(200);
  const s = await eventually(async () => {
    const x = await state(id);
    return x.openEscalations.length ? x : undefined;
  }, 'escalation');
  return { journeyId: id, incidentId: s.openEscalations[0].incidentId as string };
}

describe('inbound SMS', () => {
  test('a signed reply reaches the journey of that phone; the search attribute holds a key, never the number', async () => {
    const phone = newPhone();
    const id = await journeyFor(phone);
    const attributes = (await h.env.client.workflow.getHandle(id).describe()).typedSearchAttributes;
    expect(attributes.get(ContactKey)).toMatch(/^[0-9a-f]{32}$/);
    expect(attributes.get(ContactKey)).not.toContain(phone.slice(3));

    const res = await postTwilio(h.base, SMS, sms(phone, 'pain 3, a bit swollen'));
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/xml/);
    expect(res.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    const s = await eventually(async () => {
      const x = await state(id);
      return x.lastTriage ? x : undefined;
    }, 'triage');
    expect(s.timeline.filter((e: { event: string }) => e.event === 'patient-replied')).toHaveLength(1);
  });

  test('Twilio redelivering the same MessageSid is one reply', async () => {
    const phone = newPhone();
    const id = await journeyFor(phone);
    const message = sms(phone, 'pain 2');
    expect((await postTwilio(h.base, SMS, message)).status).toBe(200);
    expect((await postTwilio(h.base, SMS, message)).status).toBe(200);
    await eventually(async () => ((await replies(id)) === 1 ? true : undefined), 'the reply');
    await new Promise((r) => setTimeout(r, 500));
    expect(await replies(id)).toBe(1);
  });

  test('tampered body, tampered URL, no signature, another clinic, a replayed signature: 403 and nothing signalled', async () => {
    const phone = newPhone();
    const id = await journeyFor(phone);
    const before = (await state(id)).timeline;
    const genuine = sms(phone, 'pain 1');
    const tries = {
      'tampered body': await postTwilio(
        h.base,
        SMS,
        { ...genuine, Body: 'pain 10' },
        { signedParams: genuine },
      ),
      'tampered URL': await postTwilio(h.base, SMS, genuine, { signedPath: `${SMS}?via=proxy` }),
      'signed for the API port, not the public URL': await postTwilio(h.base, SMS, genuine, {
        signedUrl: h.base + SMS,
      }),
      'missing signature': await postTwilio(h.base, SMS, genuine, { signature: null }),
      "another clinic's token": await postTwilio(h.base, SMS, genuine, {
        token: 'another-clinics-auth-token-0000',
      }),
      'a clinic without webhooks': await postTwilio(h.base, '/webhooks/twilio/other-clinic/sms', genuine),
      'a replayed signature with another body': await postTwilio(
        h.base,
        SMS,
        { ...genuine, Body: 'STOP' },
        { signature: twilioSignature(TEST_TWILIO_TOKEN, TEST_WEBHOOK_BASE_URL + SMS, genuine) },
      ),
    };
    for (const [what, res] of Object.entries(tries)) {
      expect([what, res.status]).toEqual([what, 403]);
      expect([what, JSON.parse(res.text).error.code]).toEqual([what, 'invalid-signature']);
    }
    await new Promise((r) => setTimeout(r, 500));
    expect((await state(id)).timeline).toEqual(before);
    expect(await h.workflowExists(`contact:${clinic.id}:${genuine.MessageSid}`)).toBe(false);
  });

  test('a signed but malformed message is a 400 naming the field, and nothing starts', async () => {
    const message = sms('090-1234-5678', 'hello');
    const res = await postTwilio(h.base, SMS, message);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error.field).toBe('body.From');
    expect(await h.workflowExists(`contact:${clinic.id}:${message.MessageSid}`)).toBe(false);
  });

  test('an unknown number: a generic answer (no case details) and a task for the front desk, once', async () => {
    const phone = newPhone();
    const message = sms(phone, 'Hello, is my appointment tomorrow?');
    expect((await postTwilio(h.base, SMS, message)).status).toBe(200);
    expect((await postTwilio(h.base, SMS, message)).status).toBe(200); // redelivered
    const caseId = `contact:${clinic.id}:${message.MessageSid}`;
    const answers = await eventually(async () => {
      const sent = h.outbox.list({ caseId, kind: 'sms' });
      return sent.length ? sent : undefined;
    }, 'the answer');
    await eventually(async () => (h.outbox.list({ caseId, kind: 'task' }).length ? true : undefined), 'task');
    await new Promise((r) => setTimeout(r, 300));
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ to: phone });
    expect(answers[0]!.body).toContain('該当する記録が見つからなかった'); // the clinic's language (ja)
    expect(answers[0]!.body).toContain(clinic.emergencyLine);
    expect(answers[0]!.body).not.toMatch(/journey|incident|S-/);
    const tasks = h.outbox.list({ caseId, kind: 'task' });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      to: 'front-desk',
      data: { kind: 'unmatched-sms', callbackPhone: phone },
    });
  });

  test('a customer with a running complaint and no journey: the complaint gets the message', async () => {
    const phone = newPhone();
    const res = await h.call('POST', '/complaints', {
      clinicId: clinic.id,
      complaintId: `C-${Date.now()}`,
      channel: 'phone',
      category: 'waiting-time',
      severity: 'low',
      customer: { ref: 'P-2001', phone, language: 'en', timeZone: CLINIC_ZONE },
      description: 'Waited an hour past the appointment time.',
    });
    expect(res.status).toBe(201);
    const id = res.body.complaintId as string;
    await visible(id, phone);
    expect((await postTwilio(h.base, SMS, sms(phone, 'Any news on my complaint?'))).status).toBe(200);
    await eventually(async () => {
      const c = (await h.call('GET', `/complaints/${encodeURIComponent(id)}`)).body;
      return c.timeline.some((e: { event: string }) => e.event === 'customer-message') ? true : undefined;
    }, 'customer message on the complaint');
  });
});

describe('staff acknowledgements', () => {
  test('"ACK <incident>" by SMS from a phone on the roster acknowledges the page', async () => {
    const { incidentId } = await urgentIncident();
    const nightNurse = clinic.onCallRoster.find((r) => r.staffId === 'nurse-night')!;
    const res = await postTwilio(h.base, SMS, sms(nightNurse.phone, `ACK ${incidentId}`));
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<Message>Acknowledged ${incidentId}. Thank you.</Message>`);
    const record = await eventually(async () => {
      const r = await h.call('GET', `/escalations/${encodeURIComponent(incidentId)}`);
      return r.body.acknowledgements?.length ? r.body : undefined;
    }, 'acknowledgement');
    expect(record.acknowledgements[0]).toMatchObject({ staffId: 'nurse-night', via: 'sms' });
    // The journey, which refuses a second ACK, learns of the first from the escalation's report a
    // moment later (CI once sent the second ACK in between and saw it accepted).
    const journeyId = incidentId.slice(0, incidentId.lastIndexOf(':'));
    await eventually(async () => {
      const s = await state(journeyId);
      const incident = s.escalations.find((e: { incidentId: string }) => e.incidentId === incidentId);
      return incident?.status === 'acknowledged' ? true : undefined;
    }, 'the journey to see the acknowledgement');
    const again = await postTwilio(h.base, SMS, sms(nightNurse.phone, `ACK ${incidentId}`));
    expect(again.text).toContain('Not acknowledged');
  });

  test('"ACK <ref>" with the four digits the page reads out acknowledges it; the page is in the staff language', async () => {
    const { journeyId, incidentId } = await urgentIncident();
    const ref = incidentRef(incidentId);
    const rostered = new Set(clinic.onCallRoster.map((r) => r.phone));
    const page = await eventually(
      async () => h.outbox.list({ caseId: journeyId, kind: 'sms' }).find((m) => rostered.has(m.to!)),
      'the page SMS',
    );
    // The clinic's staff language (ja), the short reference, and never the long case id.
    expect(page.body).toContain(`「ACK ${ref}」`);
    expect(page.body).not.toContain(journeyId);
    const nightNurse = clinic.onCallRoster.find((r) => r.staffId === 'nurse-night')!;
    // Another reference names no running incident of this clinic.
    const other = await postTwilio(
      h.base,
      SMS,
      sms(nightNurse.phone, `ACK ${ref === '0000' ? '0001' : '0000'}`),
    );
    expect(other.text).toContain('Not acknowledged');
    // Visibility lists a new escalation a moment after it starts: the staff member may have to resend.
    const res = await eventually(async () => {
      const r = await postTwilio(h.base, SMS, sms(nightNurse.phone, `ack ${ref}`));
      return r.text.includes('<Message>Acknowledged') ? r : undefined;
    }, 'acknowledged by reference');
    expect(res.text).toContain(`<Message>Acknowledged ${incidentId}. Thank you.</Message>`);
    const record = await eventually(async () => {
      const r = await h.call('GET', `/escalations/${encodeURIComponent(incidentId)}`);
      return r.body.acknowledgements?.length ? r.body : undefined;
    }, 'acknowledgement');
    expect(record.acknowledgements[0]).toMatchObject({ staffId: 'nurse-night', via: 'sms' });
    expect(record.ref).toBe(ref);
  });

  test('keypad 1 on the page call acknowledges its incident; other keys and tampered incidents do not', async () => {
    const { journeyId, incidentId } = await urgentIncident();
    const page = await eventually(async () => {
      const calls = h.outbox.list({ caseId: journeyId, kind: 'call' }).filter((c) => c.data?.incidentId);
      return calls[0];
    }, 'the page call');
    expect(page.data).toMatchObject({ acknowledgeDigit: '1', incidentId });
    const voice = `/webhooks/twilio/${clinic.id}/voice?incidentId=${encodeURIComponent(incidentId)}`;
    const callback = (digits: string) => ({
      CallSid: sid('CA'),
      AccountSid: 'AC0123456789abcdef0123456789abcdef',
      From: clinic.emergencyLine,
      To: page.to!,
      CallStatus: 'in-progress',
      Direction: 'outbound-api',
      Digits: digits,
    });
    const other = await postTwilio(h.base, voice, callback('2'));
    expect(other.status).toBe(200);
    expect(other.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    const elsewhere = `/webhooks/twilio/${clinic.id}/voice?incidentId=${encodeURIComponent(`${journeyId}:incident-7`)}`;
    const tampered = await postTwilio(h.base, elsewhere, callback('1'), { signedPath: voice });
    expect(tampered.status).toBe(403);
    const before = (await h.call('GET', `/escalations/${encodeURIComponent(incidentId)}`)).body;
    expect(before.acknowledgements).toEqual([]);

    const res = await postTwilio(h.base, voice, callback('1'));
    expect(res.status).toBe(200);
    expect(res.text).toContain('<Say>Acknowledged. Thank you.</Say>');
    const record = await eventually(async () => {
      const r = await h.call('GET', `/escalations/${encodeURIComponent(incidentId)}`);
      return r.body.acknowledgements?.length ? r.body : undefined;
    }, 'acknowledgement');
    const paged = clinic.onCallRoster.find((r) => r.phone === page.to)!;
    expect(record.acknowledgements[0]).toMatchObject({ staffId: paged.staffId, via: 'keypad' });
  });
});

describe('delivery receipts', () => {
  const STATUS = `/webhooks/twilio/${clinic.id}/status?caseId=${encodeURIComponent(`journey:${clinic.id}:S-receipt`)}`;
  const receipt = (more: Record<string, string>) => ({
    AccountSid: 'AC0123456789abcdef0123456789abcdef',
    To: '+819012345678',
    ...more,
  });

  test('a signed SMS or call status is taken (204); unsigned, tampered or without a sid it is refused', async () => {
    const delivered = await postTwilio(
      h.base,
      STATUS,
      receipt({ MessageSid: sid(), MessageStatus: 'delivered' }),
    );
    expect(delivered.status).toBe(204);
    const busy = await postTwilio(h.base, STATUS, receipt({ CallSid: sid('CA'), CallStatus: 'busy' }));
    expect(busy.status).toBe(204);
    const unsigned = await postTwilio(
      h.base,
      STATUS,
      receipt({ MessageSid: sid(), MessageStatus: 'undelivered', ErrorCode: '30003' }),
      { signature: null },
    );
    expect(unsigned.status).toBe(403);
    const params = receipt({ MessageSid: sid(), MessageStatus: 'failed' });
    const tampered = await postTwilio(h.base, STATUS, params, {
      signedParams: { ...params, MessageStatus: 'delivered' },
    });
    expect(tampered.status).toBe(403);
    const nameless = await postTwilio(h.base, STATUS, receipt({ MessageStatus: 'sent' }));
    expect(nameless.status).toBe(400);
    expect(JSON.parse(nameless.text)).toMatchObject({ error: { field: 'body' } });
  });

  test('an after-care SMS the patient never got reaches the journey: it phones the patient once, however often the receipt comes', async () => {
    const request = startRequest({
      patient: { ref: 'P-receipt', phone: newPhone(), language: 'en', timeZone: CLINIC_ZONE },
    });
    expect((await h.call('POST', '/journeys', request)).status).toBe(201);
    const journeyId = `journey:${clinic.id}:${request.surgeryId}`;
    await eventually(
      async () => (h.outbox.list({ caseId: journeyId, kind: 'sms' }).length ? true : undefined),
      'after-care SMS',
    );
    const url = (q: Record<string, string>) =>
      `/webhooks/twilio/${clinic.id}/status?${new URLSearchParams(q)}`;
    const undelivered = receipt({ MessageSid: sid(), MessageStatus: 'undelivered', ErrorCode: '30003' });
    const query = { caseId: journeyId, key: `${journeyId}:after-care`, recipient: 'patient' };
    expect((await postTwilio(h.base, url(query), undelivered)).status).toBe(204);
    expect((await postTwilio(h.base, url(query), undelivered)).status).toBe(204); // redelivered
    await eventually(
      async () => (h.outbox.list({ caseId: journeyId, kind: 'call' }).length ? true : undefined),
      'the call to the patient',
    );
    const s = await state(journeyId);
    expect(s.timeline.filter((e: { event: string }) => e.event === 'sms-undelivered')).toHaveLength(1);
    expect(h.outbox.list({ caseId: journeyId, kind: 'call' })).toHaveLength(1);

    // Another clinic's case in a URL signed with this clinic's token: refused, nothing signalled.
    const foreign = await postTwilio(
      h.base,
      url({ ...query, caseId: 'journey:other-clinic:S-1' }),
      undelivered,
    );
    expect(foreign.status).toBe(400);
    expect(JSON.parse(foreign.text)).toMatchObject({ error: { field: 'query.caseId' } });
    // A case that has ended (or never ran): nobody waits for the receipt; taken, nothing done.
    const gone = await postTwilio(
      h.base,
      url({ ...query, caseId: `journey:${clinic.id}:S-gone` }),
      undelivered,
    );
    expect(gone.status).toBe(204);
  });
});
