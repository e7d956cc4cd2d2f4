import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { PermanentDeliveryError } from '../../adapters/delivery-error';
import {
  OutboundWebhooks,
  WebhookUnavailableError,
  signCareWebhook,
  verifyCareSignature,
} from '../../adapters/outbound-webhook';

// The outbound webhook adapter against a local Express receiver over real HTTP. The receiver
// checks the signature on the raw body and keeps the idempotency keys it has seen; each test
// scripts the statuses it answers with.
const SECRET = 'test-webhook-secret';

interface Received {
  path: string;
  key: string | undefined;
  signatureOk: boolean;
  body: Record<string, unknown>;
}

let server: Server;
let base: string;
let received: Received[];
let script: number[]; // statuses to answer, in order; then 200 (or 409 for a key seen before)
const delivered = new Set<string>();

beforeAll(async () => {
  const app = express();
  app.use(express.raw({ type: 'application/json' }));
  app.post('/:port', (req, res) => {
    const raw = (req.body as Buffer).toString('utf8');
    const key = req.get('idempotency-key');
    const signatureOk = verifyCareSignature(
      SECRET,
      req.get('x-care-timestamp'),
      raw,
      req.get('x-care-signature'),
    );
    received.push({
      path: req.params.port,
      key,
      signatureOk,
      body: JSON.parse(raw) as Record<string, unknown>,
    });
    const scripted = script.shift();
    if (!signatureOk) return void res.status(401).json({ error: 'bad signature' });
    if (scripted !== undefined && scripted !== 200)
      return void res.status(scripted).json({ error: 'scripted' });
    if (key && delivered.has(key)) return void res.status(409).json({ idempotencyKey: key });
    if (key) delivered.add(key);
    res.status(200).json({ requestId: `BR-${delivered.size}` });
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});
beforeEach(() => {
  received = [];
  script = [];
});

function adapter(overrides: Partial<ConstructorParameters<typeof OutboundWebhooks>[0]> = {}) {
  return new OutboundWebhooks({
    secret: SECRET,
    urls: { billing: `${base}/billing`, suppliers: `${base}/suppliers`, staffTasks: `${base}/tasks` },
    backoffMs: 10,
    timeoutMs: 2_000,
    ...overrides,
  });
}

const refund = {
  caseId: 'complaint:aoyama-aesthetic:C-1',
  customerRef: 'P-1001',
  kind: 'refund' as const,
  amount: 30000,
  detail: 'laser session refund',
  idempotencyKey: 'complaint:aoyama-aesthetic:C-1:refund',
};

test('a billing request is POSTed signed, with its idempotency key and type, and answered with its id', async () => {
  const result = await adapter().request(refund);
  expect(result).toEqual({ requestId: 'BR-1', duplicate: false });
  expect(received).toHaveLength(1);
  expect(received[0]).toMatchObject({
    path: 'billing',
    key: refund.idempotencyKey,
    signatureOk: true,
    body: { type: 'billing.request', ...refund },
  });
});

test('500 then 200: delivered once, within the call', async () => {
  script = [500];
  const notice = {
    caseId: 'complaint:aoyama-aesthetic:C-2',
    supplierId: 'sup-1',
    product: 'HA filler',
    batch: 'B-77',
    detail: 'allergic reaction reported',
    idempotencyKey: 'complaint:aoyama-aesthetic:C-2:supplier',
  };
  expect(await adapter().notify(notice)).toEqual({ duplicate: false });
  expect(received.map((r) => r.key)).toEqual([notice.idempotencyKey, notice.idempotencyKey]);
  expect(received.every((r) => r.signatureOk)).toBe(true);
  expect([...delivered].filter((k) => k === notice.idempotencyKey)).toHaveLength(1);
});

test('400 is permanent and not retried', async () => {
  script = [400];
  const err = await adapter()
    .create({
      caseId: 'journey:aoyama-aesthetic:S-1',
      taskId: 't-1',
      role: 'nurse',
      kind: 'callback',
      dueAt: '2026-05-11T00:30:00.000Z',
      summary: 'call back about swelling',
      idempotencyKey: 'journey:aoyama-aesthetic:S-1:task:t-1',
    })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PermanentDeliveryError);
  expect((err as PermanentDeliveryError).reason).toBe('rejected');
  expect(received).toHaveLength(1);
});

test('409 for a key the receiver already has is a duplicate', async () => {
  const request = { ...refund, idempotencyKey: 'k-twice' };
  expect((await adapter().request(request)).duplicate).toBe(false);
  expect(await adapter().request(request)).toEqual({ requestId: 'k-twice', duplicate: true });
  expect(received.map((r) => r.key)).toEqual(['k-twice', 'k-twice']);
});

test('5xx every time: a retryable failure after the in-call retries', async () => {
  script = [503, 502, 500];
  const err = await adapter()
    .request({ ...refund, idempotencyKey: 'k-5xx' })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WebhookUnavailableError);
  expect(err).not.toBeInstanceOf(PermanentDeliveryError);
  expect(received).toHaveLength(3);
});

test('429 is retried, not permanent', async () => {
  script = [429];
  expect((await adapter().request({ ...refund, idempotencyKey: 'k-429' })).duplicate).toBe(false);
  expect(received).toHaveLength(2);
});

test('a receiver that is down: retryable', async () => {
  const err = await adapter({ urls: { billing: 'http://127.0.0.1:9/billing' }, retries: 1 })
    .request(refund)
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WebhookUnavailableError);
});

test('a port without a URL is refused for good', async () => {
  await expect(adapter({ urls: {} }).request(refund)).rejects.toBeInstanceOf(PermanentDeliveryError);
});

describe('verifyCareSignature', () => {
  const now = new Date('2026-05-09T00:00:00Z');
  const ts = String(now.getTime() / 1000);
  const body = '{"type":"billing.request"}';
  const header = signCareWebhook(SECRET, ts, body);

  test('accepts the signature of this timestamp and body', () => {
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyCareSignature(SECRET, ts, body, header, { now })).toBe(true);
    expect(verifyCareSignature(SECRET, ts, Buffer.from(body), header, { now })).toBe(true);
  });

  test('refuses another body, secret, timestamp or a malformed header', () => {
    expect(verifyCareSignature(SECRET, ts, `${body} `, header, { now })).toBe(false);
    expect(verifyCareSignature('other', ts, body, header, { now })).toBe(false);
    expect(verifyCareSignature(SECRET, String(Number(ts) + 1), body, header, { now })).toBe(false);
    expect(verifyCareSignature(SECRET, ts, body, header.slice(0, -1), { now })).toBe(false);
    expect(verifyCareSignature(SECRET, ts, body, undefined, { now })).toBe(false);
    expect(verifyCareSignature(SECRET, 'abc', body, header, { now })).toBe(false);
  });

  test('refuses a timestamp outside the tolerance', () => {
    const later = new Date(now.getTime() + 301_000);
    expect(verifyCareSignature(SECRET, ts, body, header, { now: later })).toBe(false);
    expect(verifyCareSignature(SECRET, ts, body, header, { now: later, toleranceSeconds: 600 })).toBe(true);
  });
});
