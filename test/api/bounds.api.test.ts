import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { createApp } from '../../api/app';
import { contactKey } from '../../api/contact-key';
import { mintDevCredentials } from '../../config/dev-credentials';
import { ApiHarness, eventually } from '../helpers/api-harness';
import { TEST_ENCRYPTION } from '../helpers/environments';
import { clinic, clinics, startRequest } from '../helpers/fixtures';
import { postTwilio, TEST_CONTACT_KEY_SECRET } from '../helpers/webhooks';

// The API answers within bounds when the worker or Temporal is away (api/temporal-bounds.ts): a
// real dev server with no worker polling the task queue until the test starts one, and an API
// whose Temporal address is a closed port.

const DEADLINE_MS = 1_500;
// The deadline, the second the API takes to tell "worker away" from "Temporal away" (both run
// late by some 0.3 s each while the client still tries to connect), and slack for a busy 2-core
// machine. Measured here: 1.6 s (no worker) and 3.0-3.7 s (Temporal unreachable).
const BOUND_MS = DEADLINE_MS + 1_000 + 2_500;

const h = new ApiHarness({ temporalTimeoutMs: DEADLINE_MS }, [], {}, { worker: false });
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const path = (id: string, rest = '') => `/journeys/${encodeURIComponent(id)}${rest}`;

async function timed<T>(call: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await call();
  return { result, ms: performance.now() - started };
}

describe('no worker polls the task queue', () => {
  let journeyId = '';
  const phone = '+819055501234';
  const addCheckIn = {
    at: new Date(Date.now() + 3 * 24 * 3600_000).toISOString(),
    channel: 'sms',
    staffId: 'nurse-day',
    reason: 'swelling to review',
  };
  let key = '';

  test('a journey still starts (a start needs no worker)', async () => {
    const res = await h.call(
      'POST',
      '/journeys',
      startRequest({ patient: { ref: 'P-2001', phone, language: 'en', timeZone: clinic.timeZone } }),
    );
    expect(res.status).toBe(201);
    journeyId = res.body.journeyId;
  });

  test('GET /journeys/:id answers 503 worker-unavailable with Retry-After within the deadline', async () => {
    const { result: res, ms } = await timed(() => h.call('GET', path(journeyId)));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/);
    expect(res.body.error).toMatchObject({ code: 'worker-unavailable', requestId: expect.any(String) });
    expect(ms).toBeLessThan(BOUND_MS);
  });

  test('a patient reply is still accepted (a signal needs no worker)', async () => {
    const res = await h.call('POST', path(journeyId, '/replies'), {
      providerMessageId: 'SM-bounds-1',
      text: 'I am fine',
    });
    expect(res.status).toBe(202);
  });

  test('an SMS webhook reply still reaches the journey', async () => {
    // Visibility lists the journey by its ContactKey without any worker.
    const query = `WorkflowId = '${journeyId}' AND ContactKey = '${contactKey(TEST_CONTACT_KEY_SECRET, clinic.id, phone)}'`;
    await eventually(
      async () => ((await h.env.client.workflow.count(query)).count > 0 ? true : undefined),
      'the journey in visibility',
    );
    const res = await postTwilio(h.base, `/webhooks/twilio/${clinic.id}/sms`, {
      MessageSid: 'SMbounds0000000000000000000000002',
      AccountSid: 'AC0123456789abcdef0123456789abcdef',
      From: phone,
      To: '+81312345678',
      Body: 'A little sore',
      NumMedia: '0',
    });
    expect(res.status).toBe(200);
  });

  test('a decision answers 202 pending within the deadline, with the key that learns its outcome', async () => {
    const { result: res, ms } = await timed(() =>
      h.call('POST', path(journeyId, '/decisions/add-check-in'), addCheckIn),
    );
    expect(ms).toBeLessThan(BOUND_MS);
    expect(res.status).toBe(202);
    expect(res.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/);
    expect(res.body).toMatchObject({
      status: 'pending',
      decision: 'add-check-in',
      stage: 'waiting-for-worker',
      idempotencyKey: expect.stringMatching(/^[A-Za-z0-9_.:-]{1,100}$/),
    });
    key = res.body.idempotencyKey;
    expect(res.headers.get('idempotency-key')).toBe(key);

    // Sent again with its key while the worker is still away: pending again, not a second decision.
    const again = await h.call('POST', path(journeyId, '/decisions/add-check-in'), addCheckIn, {
      ...h.as('nurse'),
      'idempotency-key': key,
    });
    expect(again.status).toBe(202);
    expect(again.body.idempotencyKey).toBe(key);
  });

  test('once a worker runs, the decision is applied exactly once and its key answers with the outcome', async () => {
    await h.startWorker();
    const outcome = await eventually(async () => {
      const res = await h.call('POST', path(journeyId, '/decisions/add-check-in'), addCheckIn, {
        ...h.as('nurse'),
        'idempotency-key': key,
      });
      return res.status === 202 ? undefined : res;
    }, 'the decision applied');
    expect(outcome.status).toBe(200);
    expect(outcome.body).toMatchObject({ journeyId, decision: 'add-check-in', accepted: true });

    const state = await h.call('GET', path(journeyId));
    expect(state.status).toBe(200);
    const added = state.body.timeline.filter((e: { event: string }) => e.event === 'check-in-added');
    expect(added).toHaveLength(1);
    expect(state.body.checkIns.filter((c: { addedBy?: string }) => c.addedBy === 'nurse-day')).toHaveLength(
      1,
    );

    // The same key once more: the first outcome again, still one check-in added.
    const third = await h.call('POST', path(journeyId, '/decisions/add-check-in'), addCheckIn, {
      ...h.as('nurse'),
      'idempotency-key': key,
    });
    expect(third.status).toBe(200);
    expect(third.body).toEqual(outcome.body);
    const after = await h.call('GET', path(journeyId));
    expect(after.body.timeline.filter((e: { event: string }) => e.event === 'check-in-added')).toHaveLength(
      1,
    );
  });
});

describe('Temporal is not reachable', () => {
  let base = '';
  let server: ReturnType<ReturnType<typeof createApp>['listen']>;
  let connection: Connection;
  const minted = mintDevCredentials(clinics);
  const token = (role: string) =>
    `Bearer ${minted.tokens.find((t) => t.clinicId === clinic.id && t.role === role)!.token}`;

  beforeAll(async () => {
    // A port nothing listens on.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    connection = Connection.lazy({ address: `127.0.0.1:${port}` });
    const app = createApp({
      client: new Client({ connection, dataConverter: TEST_ENCRYPTION.dataConverter }),
      taskQueue: 'nowhere',
      clinics,
      credentials: minted.credentials,
      logger: pino({ level: 'silent' }),
      codec: { encryption: TEST_ENCRYPTION.codec, allowedOrigins: [] },
      temporalTimeoutMs: DEADLINE_MS,
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await connection.close();
  });

  async function call(method: string, url: string, role: string, body?: unknown) {
    return timed(async () => {
      const res = await fetch(base + url, {
        method,
        headers: { authorization: token(role), 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return {
        status: res.status,
        headers: res.headers,
        body: (await res.json()) as { error: { code: string } },
      };
    });
  }

  test('a read answers 503 temporal-unavailable quickly', async () => {
    const { result: res, ms } = await call('GET', path(`journey:${clinic.id}:S-1`), 'operations');
    expect(ms).toBeLessThan(BOUND_MS);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/);
    expect(res.body.error.code).toBe('temporal-unavailable');
  });

  test('a decision answers 503 temporal-unavailable with the key to send it again', async () => {
    const { result: res, ms } = await call(
      'POST',
      path(`journey:${clinic.id}:S-1`, '/decisions/pause'),
      'nurse',
      { staffId: 'nurse-day', reason: 'admitted elsewhere' },
    );
    expect(ms).toBeLessThan(BOUND_MS);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('temporal-unavailable');
    expect(res.headers.get('idempotency-key')).toMatch(/^[A-Za-z0-9_.:-]{1,100}$/);
  });

  test('a start answers 503 temporal-unavailable quickly', async () => {
    const { result: res, ms } = await call('POST', '/journeys', 'clinic-system', startRequest());
    expect(ms).toBeLessThan(BOUND_MS);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('temporal-unavailable');
  });
});
