import { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { Payload } from '@temporalio/common';
import { CODEC_COOKIE } from '../../api/routes/codec';
import { ApiHarness, TEST_UI_ORIGIN } from '../helpers/api-harness';
import { TEST_ENCRYPTION } from '../helpers/environments';
import { clinic, clinics, clinicWhereItIs } from '../helpers/fixtures';

// The Temporal Web UI's codec endpoint over real HTTP, on payloads a real worker and the API wrote
// to a real Temporal dev server: the credential's clinic's payloads decrypt, another clinic's
// and untagged ones come back still encrypted, roles are checked, CORS lets the UI's origin in
// (with credentials), and a browser signs in once to a cookie that only /codec accepts.

const other = clinicWhereItIs(12, 'other-clinic');
const h = new ApiHarness({ clinics: { clinics: [...clinics.clinics, other] } });
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const MARKER = 'MARKER-codec-7Q2Z';
type PayloadJson = { metadata: Record<string, string>; data: string };
const toJson = (p: Payload): PayloadJson => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? []).toString('base64'),
});
const fromJson = (p: PayloadJson): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data, 'base64'),
});
const metadataOf = (p: PayloadJson, key: string) => Buffer.from(p.metadata[key] ?? '', 'base64').toString();
const text = (p: PayloadJson) => Buffer.from(p.data, 'base64').toString('latin1');

const decode = (payloads: PayloadJson[], headers: Record<string, string> = h.as('operations')) =>
  h.call('POST', '/codec/decode', { payloads }, headers);

let complaintInput: PayloadJson;
beforeAll(async () => {
  const res = await h.call('POST', '/complaints', {
    clinicId: clinic.id,
    complaintId: `C-codec-${Date.now()}`,
    channel: 'front-desk',
    category: 'service-attitude',
    severity: 'low',
    customer: { ref: 'P-4001', language: 'en', timeZone: clinic.timeZone },
    description: `The receptionist was rude ${MARKER}`,
  });
  expect(res.status).toBe(201);
  // The history as the Temporal server holds it: read by a client without the codec.
  const raw = new Client({ connection: h.env.connection, namespace: h.env.namespace ?? 'default' });
  const history = await raw.workflow.getHandle(res.body.complaintId).fetchHistory();
  const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
  complaintInput = toJson(input as Payload);
});

test("the server holds ciphertext tagged with the case's clinic", () => {
  expect(metadataOf(complaintInput, 'encoding')).toBe('binary/encrypted');
  expect(metadataOf(complaintInput, 'encryption-clinic-id')).toBe(clinic.id);
  expect(text(complaintInput)).not.toContain(MARKER);
});

test("POST /codec/decode decrypts the caller's clinic's payloads for operations, management, nurses and doctors", async () => {
  for (const role of ['operations', 'management', 'nurse', 'doctor'] as const) {
    const res = await decode([complaintInput], h.as(role));
    expect(res.status).toBe(200);
    expect(res.body.payloads).toHaveLength(1);
    const value = defaultPayloadConverter.fromPayload(fromJson(res.body.payloads[0])) as {
      request: { description: string };
    };
    expect(value.request.description).toContain(MARKER);
  }
});

test("another clinic's credential gets the payload back still encrypted", async () => {
  const res = await decode([complaintInput], h.as('operations', other.id));
  expect(res.status).toBe(200);
  expect(res.body.payloads).toEqual([complaintInput]);
  expect(text(res.body.payloads[0])).not.toContain(MARKER);
});

test('untagged payloads stay encrypted for everyone; plaintext ones pass as they are', async () => {
  const [untagged] = TEST_ENCRYPTION.codec.encodeFor([defaultPayloadConverter.toPayload(MARKER)!], undefined);
  const plain = toJson(defaultPayloadConverter.toPayload({ recorded: 'before encryption' })!);
  const res = await decode([toJson(untagged!), plain, complaintInput]);
  expect(res.status).toBe(200);
  expect(res.body.payloads[0]).toEqual(toJson(untagged!));
  expect(res.body.payloads[1]).toEqual(plain);
  expect(metadataOf(res.body.payloads[2], 'encoding')).toBe('json/plain');
});

test('clinic systems and the front desk may not decode; without a credential it is a 401', async () => {
  for (const role of ['clinic-system', 'front-desk'] as const) {
    const res = await decode([complaintInput], h.as(role));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(`role "${role}" may not perform "codec:decode"`);
  }
  expect((await decode([complaintInput], { authorization: '' })).status).toBe(401);
});

test("POST /codec/encode encrypts under the current key for the caller's clinic; decode reverses it", async () => {
  const plain = toJson(defaultPayloadConverter.toPayload({ signal: MARKER })!);
  const encoded = await h.call('POST', '/codec/encode', { payloads: [plain] }, h.as('doctor'));
  expect(encoded.status).toBe(200);
  const [encrypted] = encoded.body.payloads as PayloadJson[];
  expect(metadataOf(encrypted!, 'encoding')).toBe('binary/encrypted');
  expect(metadataOf(encrypted!, 'encryption-key-id')).toBe('test-1');
  expect(metadataOf(encrypted!, 'encryption-clinic-id')).toBe(clinic.id);
  expect(text(encrypted!)).not.toContain(MARKER);
  expect((await decode([encrypted!])).body.payloads).toEqual([plain]);
  expect((await decode([encrypted!], h.as('operations', other.id))).body.payloads).toEqual([encrypted]);
});

test("a malformed body, or the clinic's payload altered, is a 400 naming it", async () => {
  const bad = await decode([{ metadata: { encoding: 'not base64!' }, data: '' }]);
  expect(bad.status).toBe(400);
  expect(bad.body.error.field).toBe('body.payloads[0].metadata.encoding');
  const data = Buffer.from(complaintInput.data, 'base64');
  data[20] = data[20]! ^ 1;
  const altered = await decode([complaintInput, { ...complaintInput, data: data.toString('base64') }]);
  expect(altered.status).toBe(400);
  expect(altered.body.error.field).toBe('body.payloads[1]');
});

describe('CORS: the Web UI origin may call, with credentials', () => {
  const preflight = (origin: string) =>
    fetch(`${h.base}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-namespace',
      },
    });

  test('a preflight from the UI origin is allowed; from any other origin it is not', async () => {
    const ok = await preflight(TEST_UI_ORIGIN);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(TEST_UI_ORIGIN);
    expect(ok.headers.get('access-control-allow-credentials')).toBe('true');
    expect(ok.headers.get('access-control-allow-methods')).toBe('POST');
    expect(ok.headers.get('access-control-allow-headers')).toContain('x-namespace');
    const evil = await preflight('https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(evil.headers.get('access-control-allow-credentials')).toBeNull();
  });

  test('the decode answer carries the CORS headers for the UI origin (and only there)', async () => {
    const res = await decode([complaintInput], {
      ...h.as('operations'),
      origin: TEST_UI_ORIGIN,
      'x-namespace': 'default',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(TEST_UI_ORIGIN);
    const journeys = await fetch(`${h.base}/protocols`, {
      headers: { ...h.as('operations'), origin: TEST_UI_ORIGIN },
    });
    expect(journeys.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('a browser signs in once: a cookie for /codec only', () => {
  const token = (headers: { authorization: string }) => headers.authorization.replace('Bearer ', '');
  const cookieOf = (res: { headers: Headers }) => res.headers.get('set-cookie') ?? '';

  test('POST /codec/session with the bearer credential sets an HttpOnly, SameSite=Strict cookie for /codec', async () => {
    const res = await h.call('POST', '/codec/session', undefined, h.as('nurse'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ clinicId: clinic.id, role: 'nurse' });
    const cookie = cookieOf(res);
    expect(cookie).toContain(`${CODEC_COOKIE}=${token(h.as('nurse'))}`);
    expect(cookie).toMatch(/Path=\/codec; Max-Age=28800; HttpOnly; SameSite=Strict/);
  });

  test('the cookie alone decodes, as the UI sends it ("Include cross-origin credentials")', async () => {
    const cookie = `${CODEC_COOKIE}=${token(h.as('operations'))}`;
    const res = await decode([complaintInput], { authorization: '', cookie, origin: TEST_UI_ORIGIN });
    expect(res.status).toBe(200);
    expect(metadataOf(res.body.payloads[0], 'encoding')).toBe('json/plain');
    // No other route takes the cookie.
    const elsewhere = await h.call('GET', '/protocols', undefined, { authorization: '', cookie });
    expect(elsewhere.status).toBe(401);
  });

  test('the sign-in page posts the token as a form; a clinic system cannot sign in; a foreign form is refused', async () => {
    const page = await fetch(`${h.base}/codec/sign-in`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post" action="session">');
    const form = (t: string, origin?: string) =>
      fetch(`${h.base}/codec/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
        body: new URLSearchParams({ token: t }).toString(),
      });
    const signedIn = await form(token(h.as('doctor')), h.base);
    expect(signedIn.status).toBe(200);
    expect(await signedIn.text()).toContain(`Signed in as <b>doctor</b> of <b>${clinic.id}</b>`);
    expect(cookieOf(signedIn)).toContain(`${CODEC_COOKIE}=${token(h.as('doctor'))}`);
    expect((await form(token(h.as('clinic-system')))).status).toBe(403);
    expect((await form(token(h.as('doctor')), 'https://evil.example')).status).toBe(403);
    expect((await form('nobody.not-a-real-secret-at-all')).status).toBe(401);
  });

  test('POST /codec/sign-out clears the cookie', async () => {
    const res = await h.call('POST', '/codec/sign-out', undefined, { authorization: '' });
    expect(res.status).toBe(200);
    expect(cookieOf(res)).toMatch(new RegExp(`^${CODEC_COOKIE}=; Path=/codec; Max-Age=0`));
  });
});
