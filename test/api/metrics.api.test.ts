import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import pino from 'pino';
import { createApp } from '../../api/app';
import { mintDevCredentials } from '../../config/dev-credentials';
import { SAVED_VIEWS } from '../../temporal/saved-views';
import { localEnvironment, TEST_ENCRYPTION, TEST_PAYLOAD_KEYS_FILE } from '../helpers/environments';
import type { ClinicCatalogue } from '../../domain/clinic';
import {
  clinic,
  clinics as fixtureClinics,
  startRequest,
  tempOutboxFile,
  CLINIC_ZONE,
} from '../helpers/fixtures';
import { postTwilio, TEST_CONTACT_KEY_SECRET, TEST_WEBHOOKS } from '../helpers/webhooks';

// What operations scrape, over real HTTP: the worker process as `npm start` runs it (its own
// Prometheus endpoint: the SDK's metrics and the care metrics its workflows emit) and the API's
// GET /metrics, after a journey whose patient texts a red flag and whose nurse is paged.

const ROOT = resolve(__dirname, '..', '..');
const METRICS_TOKEN = 'test-metrics-token-0123456789abcdef';
const PHONE = '+817012340001';

/** The fixture clinics, where a low complaint's first contact is due within 1 calendar minute: a breach to count. */
const clinics: ClinicCatalogue = structuredClone(fixtureClinics);
const atClinic = clinics.clinics.find((c) => c.id === clinic.id)!;
atClinic.complaintSla.bySeverity.low = { firstContact: { minutes: 1, mode: 'calendar' } };
let complaintStarted: Promise<{ status: number; body: { complaintId?: string } }>;

let env: TestWorkflowEnvironment;
let worker: ChildProcess;
let workerLog = '';
let workerMetrics = '';
let server: Server;
let base = '';
let tokens: Map<string, string>;

/** A port free right now on 127.0.0.1 (the worker's exporter binds it a moment later). */
async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

/** Polls (real time) up to `seconds`, unlike `eventually`'s 10 s: the worker bundles its workflows at start. */
async function within<T>(seconds: number, probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}\n--- worker log ---\n${workerLog.slice(-3000)}`);
}

async function scrape(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** The value of the sample whose name and labels match (labels in any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

const api = async (method: string, path: string, body?: unknown, role = 'clinic-system') => {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(role)}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
  return { status: res.status, body: (await res.json()) as any };
};

beforeAll(async () => {
  env = await localEnvironment();
  const taskQueue = `metrics-${Math.random().toString(36).slice(2)}`;
  const dir = mkdtempSync(join(tmpdir(), 'care-metrics-'));
  const clinicFile = join(dir, 'clinics.json');
  writeFileSync(clinicFile, JSON.stringify(clinics));
  const metricsAddress = `127.0.0.1:${await freePort()}`;
  workerMetrics = `http://${metricsAddress}/metrics`;
  worker = spawn(process.execPath, ['--require', '@swc-node/register', 'worker/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      CLINIC_CONFIG: clinicFile,
      DATA_DIR: dir,
      OUTBOX_FILE: tempOutboxFile(),
      PROVIDERS: 'outbox',
      PAYLOAD_KEYS_FILE: TEST_PAYLOAD_KEYS_FILE,
      WORKER_METRICS_ADDRESS: metricsAddress,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  worker.stdout!.on('data', (d) => (workerLog += d));
  worker.stderr!.on('data', (d) => (workerLog += d));

  const minted = mintDevCredentials(clinics);
  tokens = new Map(minted.tokens.filter((t) => t.clinicId === clinic.id).map((t) => [t.role, t.token]));
  const app = createApp({
    client: env.client,
    taskQueue,
    clinics,
    credentials: minted.credentials,
    logger: pino({ level: 'silent' }),
    rateLimit: { perMinute: 1_000_000, burst: 1_000_000 },
    webhooks: TEST_WEBHOOKS,
    contactKeySecret: TEST_CONTACT_KEY_SECRET,
    codec: { encryption: TEST_ENCRYPTION.codec, allowedOrigins: [] },
    metricsToken: METRICS_TOKEN,
  });
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The worker's exporter answers once its Runtime is installed; it polls a moment later.
  await within(
    90,
    async () => ((await scrape(workerMetrics)).status === 200 ? true : undefined),
    'worker metrics',
  );
  // Its clock runs while the journey's test does: it breaches a minute from now.
  complaintStarted = api('POST', '/complaints', {
    clinicId: clinic.id,
    complaintId: `C-metrics-${Date.now()}`,
    channel: 'front-desk',
    category: 'waiting-time',
    severity: 'low',
    customer: { ref: 'P-2002', language: 'en', timeZone: CLINIC_ZONE },
    description: 'Waited an hour past the appointment time.',
  });
}, 120_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  if (worker && worker.exitCode === null) {
    const exited = once(worker, 'exit');
    worker.kill('SIGTERM');
    const timer = setTimeout(() => worker.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
  await env?.teardown();
}, 60_000);

test("the README's saved views are queries the server accepts", async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const view of SAVED_VIEWS) {
    expect(readme).toContain(view.query);
    await expect(env.client.workflow.count(view.query)).resolves.toBeDefined();
  }
});

test('after a red flag and a page: pages, red flag to page and SDK metrics on the worker; requests, webhook replies and the open escalation on the API', async () => {
  const request = startRequest({
    patient: { ref: 'P-1001', phone: PHONE, language: 'en', timeZone: CLINIC_ZONE },
  });
  const started = await api('POST', '/journeys', request);
  expect(started.status).toBe(201);
  const journeyId = started.body.journeyId as string;
  const path = `/journeys/${encodeURIComponent(journeyId)}`;
  await within(
    90,
    async () => ((await api('GET', path)).body.stage === 'monitoring' ? true : undefined),
    'monitoring',
  );
  // The webhook finds the journey through visibility: wait until it is listed.
  await within(
    20,
    async () =>
      (await env.client.workflow.count(`WorkflowId = '${journeyId}'`)).count > 0 ? true : undefined,
    'the journey in visibility',
  );
  const sms = {
    MessageSid: 'SM0123456789abcdef0123456789abcdef',
    From: PHONE,
    To: '+81312345678',
    Body: 'pain 9, unbearable',
  };
  expect((await postTwilio(base, `/webhooks/twilio/${clinic.id}/sms`, sms)).status).toBe(200);
  const incidentId = await within(
    30,
    async () => (await api('GET', path)).body.openEscalations?.[0]?.incidentId as string | undefined,
    'the escalation',
  );
  await within(
    30,
    async () => {
      const r = await api('GET', `/escalations/${encodeURIComponent(incidentId)}`, undefined, 'nurse');
      return r.body.pages?.length >= 2 ? true : undefined; // the nurse's call and SMS
    },
    'the first page',
  );

  // ---- the worker's endpoint: care metrics from the workflows, the SDK's own
  const at = { clinic: clinic.id };
  const w = await within(
    30,
    async () => {
      const m = await scrape(workerMetrics);
      return sample(m.text, 'care_red_flag_to_page_seconds_count', at) ? m : undefined;
    },
    'care metrics on the worker',
  );
  expect(w.type).toMatch(/^text\/plain/);
  if (process.env.SHOW_METRICS) console.log(w.text);
  expect(sample(w.text, 'care_red_flags_total', { ...at, severity: 'urgent' })).toBe(1);
  expect(sample(w.text, 'care_pages_placed_total', { ...at, channel: 'call' })).toBe(1);
  expect(sample(w.text, 'care_pages_placed_total', { ...at, channel: 'sms' })).toBe(1);
  expect(sample(w.text, 'care_red_flag_to_page_seconds_count', { ...at, severity: 'urgent' })).toBe(1);
  const toPage = sample(w.text, 'care_red_flag_to_page_seconds_sum', { ...at, severity: 'urgent' })!;
  expect(toPage).toBeGreaterThanOrEqual(0);
  expect(toPage).toBeLessThan(30);
  expect(sample(w.text, 'care_red_flag_to_page_seconds_bucket', { ...at, le: '30' })).toBe(1);
  // The SDK's: workflow tasks and activities this worker ran (the page activities among them).
  expect(sample(w.text, 'temporal_workflow_task_execution_latency_count', {})).toBeGreaterThan(0);
  expect(sample(w.text, 'temporal_activity_execution_latency_count', { activity_type: 'pageByCall' })).toBe(
    1,
  );

  // ---- the API's endpoint (with its token)
  expect((await scrape(`${base}/metrics`)).status).toBe(401);
  expect((await scrape(`${base}/metrics`, { authorization: 'Bearer not-the-token' })).status).toBe(401);
  const a = await within(
    30,
    async () => {
      const m = await scrape(`${base}/metrics`, { authorization: `Bearer ${METRICS_TOKEN}` });
      return sample(m.text, 'care_escalations_open', at) === 1 ? m : undefined;
    },
    'the open escalation on the API',
  );
  expect(a.status).toBe(200);
  expect(sample(a.text, 'http_requests_total', { method: 'POST', route: '/journeys', status: '201' })).toBe(
    1,
  );
  expect(
    sample(a.text, 'http_requests_total', { method: 'GET', route: '/journeys/{journeyId}', status: '200' }),
  ).toBeGreaterThan(0);
  expect(
    sample(a.text, 'http_request_duration_seconds_count', {
      method: 'POST',
      route: '/journeys',
      status: '201',
    }),
  ).toBe(1);
  expect(
    sample(a.text, 'http_request_duration_seconds_bucket', {
      method: 'POST',
      route: '/journeys',
      status: '201',
      le: '+Inf',
    }),
  ).toBe(1);
  expect(sample(a.text, 'http_requests_total', { method: 'GET', route: '/metrics', status: '401' })).toBe(2);
  expect(
    sample(a.text, 'care_webhook_replies_received_total', { ...at, channel: 'sms', status: '200' }),
  ).toBe(1);
  expect(sample(a.text, 'care_complaints_sla_breached_open', { ...at, clock: 'first-contact' })).toBe(0);

  const open = SAVED_VIEWS.find((v) => v.name === 'Open escalations')!.query;
  expect((await env.client.workflow.count(`${open} AND WorkflowId = '${journeyId}'`)).count).toBe(1);

  // No ids, numbers or references in either: only route patterns, categories and clinic ids.
  for (const text of [w.text, a.text]) {
    expect(text).not.toContain(journeyId);
    expect(text).not.toContain(request.surgeryId);
    expect(text).not.toContain(incidentId);
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain('P-1001');
    expect(text).not.toContain('P-2002');
  }
});

test("a complaint's breached first-contact clock: counted on the worker, open on the API", async () => {
  const started = await complaintStarted;
  expect(started.status).toBe(201);
  const at = { clinic: clinic.id, clock: 'first-contact' };
  await within(
    100,
    async () => {
      const m = await scrape(workerMetrics);
      return sample(m.text, 'care_sla_clocks_breached_total', { ...at, severity: 'low' }) === 1
        ? true
        : undefined;
    },
    'the breach on the worker',
  );
  await within(
    30,
    async () => {
      const m = await scrape(`${base}/metrics`, { authorization: `Bearer ${METRICS_TOKEN}` });
      return sample(m.text, 'care_complaints_sla_breached_open', at) === 1 ? true : undefined;
    },
    'the breached complaint on the API',
  );
  const view = SAVED_VIEWS.find((v) => v.name === 'Complaints with a breached clock')!.query;
  expect(
    (await env.client.workflow.count(`${view} AND WorkflowId = '${started.body.complaintId}'`)).count,
  ).toBe(1);
}, 150_000);
