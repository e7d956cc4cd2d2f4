import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isTwilioSignatureValid } from '../../api/webhooks/twilio-signature';
import { createCallbackReceiver } from '../../simulator/receiver';
import type { CallbackReceiver } from '../../simulator/receiver';
import { callResource, messageResource } from '../../simulator/resources';
import { createSimulator } from '../../simulator/simulator';
import type { Simulator } from '../../simulator/simulator';
import { CALL_PARAMS, CALL_REQUIRED, MESSAGE_PARAMS, MESSAGE_REQUIRED } from '../../simulator/validation';

// The simulator itself, over HTTP without the SDK: it refuses what Twilio refuses (codes, body
// shape), its resources and accepted parameters match Twilio's OpenAPI description, inbound SMS
// are posted signed to the clinic's webhook, and the trainer's control (JSON and HTML) works and
// escapes what it shows.

const SID = 'AC' + '5a5a5a5a'.repeat(4);
const TOKEN = 'c0ffee00'.repeat(4);
const CLINIC_NUMBER = '+81355550000';
const PATIENT = '+819033334444';
const FIXED = new Date('2026-03-01T00:00:00Z');
const AUTH = `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`;

let sim: Simulator;
let receiver: CallbackReceiver;

beforeAll(async () => {
  receiver = await createCallbackReceiver(new Map([['aoyama', TOKEN]]));
  sim = await createSimulator({
    accounts: [{ accountSid: SID, authToken: TOKEN }],
    numbers: [{ number: CLINIC_NUMBER, accountSid: SID, clinicId: 'aoyama', webhookBaseUrl: receiver.url }],
    now: () => FIXED,
  });
});

afterAll(async () => {
  await sim.stop();
  await receiver.stop();
});

beforeEach(() => {
  sim.engine.reset();
  receiver.received.length = 0;
  receiver.answers.clear();
});

async function post(
  resource: 'Messages' | 'Calls',
  params: Record<string, string>,
  auth = AUTH,
  account = SID,
) {
  const res = await fetch(`${sim.url}/2010-04-01/Accounts/${account}/${resource}.json`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const TWIML = '<Response><Say>hello</Say></Response>';

describe('Twilio simulator: what Twilio refuses', () => {
  test.each([
    ['Messages', 'no To', 21604, {}],
    ['Messages', 'To not E.164', 21211, { To: '+81', From: CLINIC_NUMBER, Body: 'x' }],
    ['Messages', 'no From nor MessagingServiceSid', 21603, { To: PATIENT, Body: 'x' }],
    ['Messages', 'no Body nor MediaUrl', 21602, { To: PATIENT, From: CLINIC_NUMBER }],
    ['Messages', "From not the account's", 21606, { To: PATIENT, From: '+81399990000', Body: 'x' }],
    [
      'Messages',
      'Body over 1600 characters',
      21617,
      { To: PATIENT, From: CLINIC_NUMBER, Body: 'x'.repeat(1601) },
    ],
    [
      'Messages',
      'StatusCallback not a URL',
      21609,
      { To: PATIENT, From: CLINIC_NUMBER, Body: 'x', StatusCallback: 'x' },
    ],
    ['Calls', 'no To', 21201, { From: CLINIC_NUMBER, Twiml: TWIML }],
    ['Calls', 'no From', 21213, { To: PATIENT, Twiml: TWIML }],
    ['Calls', 'no Url nor Twiml', 21205, { To: PATIENT, From: CLINIC_NUMBER }],
    ['Calls', "From not the account's", 21210, { To: PATIENT, From: '+81399990000', Twiml: TWIML }],
    ['Calls', 'To not E.164', 21211, { To: 'abc', From: CLINIC_NUMBER, Twiml: TWIML }],
  ] as const)("%s, %s → 400, code %i, in Twilio's error shape", async (resource, _what, code, params) => {
    const { status, body } = await post(resource, params);
    expect(status).toBe(400);
    expect(body).toEqual({
      code,
      message: expect.any(String),
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status: 400,
    });
  });

  test('wrong or missing credentials → 401, 20003; another account in the path → 404, 20404', async () => {
    const wrong = await post(
      'Messages',
      { To: PATIENT, From: CLINIC_NUMBER, Body: 'x' },
      `Basic ${Buffer.from(`${SID}:${'0'.repeat(32)}`).toString('base64')}`,
    );
    expect(wrong).toEqual({
      status: 401,
      body: {
        code: 20003,
        message: 'Authenticate',
        more_info: 'https://www.twilio.com/docs/errors/20003',
        status: 401,
      },
    });
    expect((await post('Messages', {}, '')).status).toBe(401);
    const other = await post(
      'Messages',
      { To: PATIENT, From: CLINIC_NUMBER, Body: 'x' },
      AUTH,
      'AC' + '0'.repeat(32),
    );
    expect(other).toMatchObject({ status: 404, body: { code: 20404 } });
    const unknown = await fetch(`${sim.url}/2010-04-01/Accounts/${SID}/Messages/SM${'0'.repeat(32)}.json`, {
      headers: { authorization: AUTH },
    });
    expect(unknown.status).toBe(404);
    expect(sim.engine.messages).toHaveLength(0);
  });

  test('TwiML that is not well formed, or not a <Response>, is refused', async () => {
    for (const Twiml of [
      '<Response><Say>x</Response>',
      '<Say>x</Say>',
      '<Response><Dial>+1</Dial></Response>',
    ]) {
      expect((await post('Calls', { To: PATIENT, From: CLINIC_NUMBER, Twiml })).status).toBe(400);
    }
  });

  test('a created message answers 201 "queued" with the resource; an unknown parameter is ignored as Twilio does', async () => {
    const { status, body } = await post('Messages', {
      To: PATIENT,
      From: CLINIC_NUMBER,
      Body: 'こんにちは',
      Foo: 'bar',
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      status: 'queued',
      direction: 'outbound-api',
      to: PATIENT,
      date_created: 'Sun, 01 Mar 2026 00:00:00 +0000',
    });
    expect(String(body.sid)).toMatch(/^SM[0-9a-f]{32}$/);
    await sim.idle();
  });
});

// Twilio's OpenAPI description is kept beside the repository (shared/reference), not in it. Not
// found, the contract cannot be checked: that fails (a skipped check would pass unseen).
const OPENAPI_FOUND =
  process.env.TWILIO_OPENAPI_FILE ??
  [
    join(__dirname, '../../../shared/reference/twilio_api_v2010.json'),
    join(__dirname, '../../../../shared/reference/twilio_api_v2010.json'),
  ].find(existsSync);
test("Twilio's OpenAPI description is found (../shared/reference, or TWILIO_OPENAPI_FILE)", () => {
  expect(OPENAPI_FOUND).toBeDefined();
});
const OPENAPI = OPENAPI_FOUND ?? 'twilio_api_v2010.json (not found)';

describe(`Twilio simulator against the OpenAPI description (${OPENAPI})`, () => {
  type Schema = { properties: Record<string, { type?: string; format?: string }>; required?: string[] };
  let doc: {
    paths: Record<string, { post?: { requestBody: { content: Record<string, { schema: Schema }> } } }>;
    components: { schemas: Record<string, Schema> };
  };
  beforeAll(() => {
    doc = JSON.parse(readFileSync(OPENAPI!, 'utf8')) as typeof doc;
  });
  const form = (path: string) =>
    doc.paths[path]!.post!.requestBody.content['application/x-www-form-urlencoded']!.schema;

  test.each([
    ['/2010-04-01/Accounts/{AccountSid}/Messages.json', MESSAGE_PARAMS, MESSAGE_REQUIRED],
    ['/2010-04-01/Accounts/{AccountSid}/Calls.json', CALL_PARAMS, CALL_REQUIRED],
  ] as const)(
    '%s: every accepted parameter is documented, with its type; the documented required ones are ours',
    (path, accepted, required) => {
      const schema = form(path);
      for (const [name, kind] of Object.entries(accepted)) {
        const documented = schema.properties[name];
        expect({ name, documented: documented !== undefined }).toEqual({ name, documented: true });
        const expected =
          kind === 'string-array'
            ? 'array'
            : kind === 'integer'
              ? 'integer'
              : kind === 'boolean'
                ? 'boolean'
                : 'string';
        expect({ name, type: documented!.type }).toEqual({ name, type: expected });
        if (['phone-number', 'endpoint', 'uri', 'http-method'].includes(kind)) {
          expect({ name, format: documented!.format }).toEqual({ name, format: kind });
        }
      }
      expect([...(schema.required ?? [])].sort()).toEqual([...required].sort());
    },
  );

  test('the Message and Call resources have exactly the documented properties', async () => {
    await post('Messages', { To: PATIENT, From: CLINIC_NUMBER, Body: 'x' });
    await post('Calls', { To: PATIENT, From: CLINIC_NUMBER, Twiml: TWIML });
    await sim.idle();
    const schemas = doc.components.schemas;
    expect(Object.keys(messageResource(sim.engine.messages[0]!)).sort()).toEqual(
      Object.keys(schemas['api.v2010.account.message']!.properties).sort(),
    );
    expect(Object.keys(callResource(sim.engine.calls[0]!)).sort()).toEqual(
      Object.keys(schemas['api.v2010.account.call']!.properties).sort(),
    );
  });
});

describe('Twilio simulator: inbound SMS and the trainer control', () => {
  test("reply as a number: signed POST to that clinic's sms webhook with a new MessageSid; valid for the API's own check too", async () => {
    await post('Messages', { To: PATIENT, From: CLINIC_NUMBER, Body: 'How are you?' });
    await sim.idle();
    receiver.answers.set(
      'sms',
      () =>
        '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Thank you &amp; take care</Message></Response>',
    );
    const res = await fetch(`${sim.url}/_sim/api/numbers/${encodeURIComponent(PATIENT)}/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body: '痛み3、出血なし' }),
    });
    expect(res.status).toBe(201);
    const [inbound] = receiver.received.filter((r) => r.route === 'sms');
    expect(inbound).toMatchObject({
      clinicId: 'aoyama',
      signatureValid: true,
      params: { From: PATIENT, To: CLINIC_NUMBER, Body: '痛み3、出血なし', AccountSid: SID },
    });
    expect(inbound!.params.MessageSid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(inbound!.params.MessageSid).not.toBe(sim.engine.messages[0]!.sid);
    const record = sim.engine.callbacks.find((c) => c.about.startsWith('inbound SMS'))!;
    expect(isTwilioSignatureValid(TOKEN, record.url, record.params, record.signature)).toBe(true);
    // The webhook's TwiML <Message> goes back to the patient.
    expect(sim.engine.numberView(PATIENT).messages.map((m) => [m.direction, m.body])).toEqual([
      ['outbound-api', 'How are you?'],
      ['inbound', '痛み3、出血なし'],
      ['outbound-reply', 'Thank you & take care'],
    ]);
  });

  test('JSON control: make a number fail and clear it; inject faults; bad input is 400', async () => {
    const base = `${sim.url}/_sim/api/numbers/${encodeURIComponent(PATIENT)}/settings`;
    const put = await fetch(base, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sms: 'failed:30006', call: 'no-answer' }),
    });
    expect(await put.json()).toEqual({
      sms: { status: 'failed', errorCode: 30006 },
      call: 'no-answer',
      optedOut: false,
    });
    expect((await fetch(base, { method: 'DELETE' })).status).toBe(204);
    expect(sim.engine.settingsOf(PATIENT)).toEqual({});
    const bad = await fetch(base, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ call: 'explode' }),
    });
    expect(bad.status).toBe(400);
    const fault = await fetch(`${sim.url}/_sim/api/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 503, count: 2 }),
    });
    expect(fault.status).toBe(200);
    expect((await post('Messages', { To: PATIENT, From: CLINIC_NUMBER, Body: 'x' })).body).toMatchObject({
      status: 503,
      code: 20503,
    });
    expect((await post('Messages', { To: PATIENT, From: CLINIC_NUMBER, Body: 'x' })).status).toBe(503);
    expect((await post('Messages', { To: PATIENT, From: CLINIC_NUMBER, Body: 'x' })).status).toBe(201);
    await sim.idle();
  });

  test('the HTML page: what was sent and read out, forms for reply / press / fail / clear, everything escaped, no script', async () => {
    await post('Messages', { To: PATIENT, From: CLINIC_NUMBER, Body: '<script>alert("x")</script> & more' });
    const twiml =
      `<Response><Gather numDigits="1" action="${receiver.url}/webhooks/twilio/aoyama/voice?incidentId=i&amp;x=1">` +
      '<Say language="ja-JP">&lt;b&gt;1を押してください</Say></Gather></Response>';
    const call = await post('Calls', { To: PATIENT, From: CLINIC_NUMBER, Twiml: twiml });
    await sim.idle();
    const page = await (await fetch(`${sim.url}/_sim/numbers/${encodeURIComponent(PATIENT)}`)).text();
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(page).toContain('&lt;b&gt;1を押してください');
    expect(page).toContain(`/_sim/ui/calls/${String(call.body.sid)}/digits`);
    expect(page).toContain('/reply"');
    expect(page).toContain('/failure"');
    expect(page).toContain('/clear"');
    const index = await (await fetch(`${sim.url}/_sim`)).text();
    expect(index).toContain(encodeURIComponent(PATIENT));
    expect(index).not.toMatch(/<script|https?:\/\/cdn/i);

    // A form post (no JavaScript): press 1, redirected back to the number's page.
    const press = await fetch(`${sim.url}/_sim/ui/calls/${String(call.body.sid)}/digits`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ digits: '1', back: PATIENT }).toString(),
      redirect: 'manual',
    });
    expect(press.status).toBe(303);
    expect(press.headers.get('location')).toMatch(
      new RegExp(`^/_sim/numbers/${encodeURIComponent(PATIENT).replace(/\+/g, '\\+')}\\?notice=`),
    );
    expect(sim.engine.calls[0]!.digits).toEqual(['1']);
    expect(receiver.received.find((r) => r.route === 'voice')).toMatchObject({
      signatureValid: true,
      query: { incidentId: 'i', x: '1' },
      params: { Digits: '1' },
    });

    const fail = await fetch(`${sim.url}/_sim/ui/numbers/${encodeURIComponent(PATIENT)}/failure`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ sms: 'undelivered:30005', call: 'busy', line: '' }).toString(),
      redirect: 'manual',
    });
    expect(fail.status).toBe(303);
    expect(sim.engine.settingsOf(PATIENT)).toEqual({
      sms: { status: 'undelivered', errorCode: 30005 },
      call: 'busy',
      optedOut: false,
    });
    const notice = await (await fetch(`${sim.url}${fail.headers.get('location')!}`)).text();
    expect(notice).toContain('SMS undelivered (30005), calls busy');
  });
});
