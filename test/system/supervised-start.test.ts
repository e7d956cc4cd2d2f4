import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConsoleSession } from '../helpers/console-session';
import { clinic, CLINIC_ZONE, startRequest } from '../helpers/fixtures';

// `npm start` for real (scripts/start-system.ts, from source, on free ports and a temp data
// dir): the worker is SIGKILLed, the API answers all the while, the worker comes back and a
// journey started after that gets its after-care SMS from the Twilio simulator; SIGTERM then
// stops everything, leaving no process behind.

const ROOT = resolve(__dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'supervised-start-'));
let system: ChildProcess | undefined;
let output = '';
let exited: Promise<number | null>;
const ports: Record<string, number> = {};
const seenPids = new Set<number>();

interface PidFile {
  pid: number;
  children: Record<string, number>;
}
const pidFile = (): PidFile => JSON.parse(readFileSync(join(dataDir, 'system.pid'), 'utf8')) as PidFile;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The exit code, or 'still running' after `ms` (the timer cleared either way: Jest ends at once). */
async function exitWithin(ms: number): Promise<number | null | 'still running'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still running'>((r) => (timer = setTimeout(() => r('still running'), ms)));
  try {
    return await Promise.race([exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function until<T>(what: string, seconds: number, probe: () => Promise<T | undefined> | T | undefined) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(250);
  }
  throw new Error(`timed out after ${seconds}s waiting for ${what}; output so far:\n${output.slice(-3000)}`);
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolvePort(port));
    });
  });
}

const api = (path: string) => `http://127.0.0.1:${ports.api}${path}`;

/** Starts a journey through the API and waits for its after-care SMS at the simulator. */
async function journeyGetsItsAfterCareSms(): Promise<void> {
  const token = new RegExp(`^ +${clinic.id} +clinic-system +(\\S+)$`, 'm').exec(output)?.[1];
  expect(token).toBeDefined();
  const phone = `+8170${String(Date.now() % 1e8).padStart(8, '0')}`;
  const request = startRequest({ patient: { ref: 'P-1001', phone, language: 'en', timeZone: CLINIC_ZONE } });
  const started = await fetch(api('/journeys'), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  expect(started.status).toBe(201);
  const messages = await until('the after-care SMS', 120, async () => {
    const res = await fetch(
      `http://127.0.0.1:${ports.simulator}/_sim/api/numbers/${encodeURIComponent(phone)}`,
    );
    const view = (await res.json()) as { messages: { to: string; body: string }[] };
    return view.messages.length ? view.messages : undefined;
  });
  expect(messages).toEqual([
    expect.objectContaining({ to: phone, body: expect.stringContaining(clinic.emergencyLine) }),
  ]);
}

/** Kills a child and waits for the supervisor to start it again; returns the new pid. */
async function killAndAwaitRestart(name: string): Promise<number> {
  const killed = pidFile().children[name]!;
  process.kill(killed, 'SIGKILL');
  const restarted = await until(`${name} to be restarted`, 30, () => {
    const pid = pidFile().children[name];
    return pid !== undefined && pid !== killed ? pid : undefined;
  });
  seenPids.add(restarted);
  expect(output).toMatch(
    new RegExp(
      `\\[start\\] ${name} \\(pid ${killed}\\) exited unexpectedly \\(signal SIGKILL\\) after [0-9.]+ s; restarting in 1 s \\(attempt 1\\)`,
    ),
  );
  expect(output).toContain(`[start] ${name} restarted (pid ${restarted}, attempt 1)`);
  return restarted;
}

beforeAll(async () => {
  for (const name of ['temporal', 'ui', 'api', 'simulator', 'fhir', 'metrics'])
    ports[name] = await freePort();
  // Only what the system needs: none of this machine's other settings.
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
    TEMPORAL_UI_PORT: String(ports.ui),
    API_PORT: String(ports.api),
    TWILIO_SIMULATOR_PORT: String(ports.simulator),
    FHIR_PORT: String(ports.fhir),
    WORKER_METRICS_ADDRESS: `127.0.0.1:${ports.metrics}`,
    PROVIDERS: 'local',
    LOG_LEVEL: 'warn',
  };
  system = spawn(process.execPath, ['--require', '@swc-node/register', 'scripts/start-system.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  system.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  system.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  exited = new Promise((r) => system!.once('exit', (code) => r(code)));
  await until('the system to be ready', 240, () =>
    output.includes('Care journeys is running') ? true : undefined,
  );
}, 250_000);

afterAll(async () => {
  // Only if a test failed half-way: nothing may outlive the test.
  if (system && system.exitCode === null && system.signalCode === null) {
    system.kill('SIGTERM');
    await exitWithin(40_000);
  }
  for (const pid of seenPids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

test('the development staff accounts it prints sign in to the console; only their hashes are kept', async () => {
  const line = new RegExp(`^  ${clinic.id} +nurse-night +nurse +(\\S+)$`, 'm').exec(output);
  expect(line).not.toBeNull();
  const password = line![1]!;
  const file = join(dataDir, 'dev-staff-accounts.json');
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(readFileSync(file, 'utf8')).not.toContain(password);
  const session = await ConsoleSession.signIn(api(''), clinic.id, 'nurse-night', password);
  const incidents = await session.json('GET', '/console/api/incidents');
  expect(incidents.status).toBe(200);
  expect(incidents.body.incidents).toEqual([]);
});

test('a SIGKILLed worker is restarted while the API keeps answering; a journey started then gets its after-care SMS', async () => {
  const before = pidFile();
  expect(Object.keys(before.children).sort()).toEqual([
    'api',
    'fhir',
    'temporal',
    'twilio-simulator',
    'worker',
  ]);
  for (const pid of [before.pid, ...Object.values(before.children)]) {
    expect(alive(pid)).toBe(true);
    seenPids.add(pid);
  }
  const killed = before.children.worker!;
  process.kill(killed, 'SIGKILL');

  // The API answers meanwhile, and nobody else was touched.
  const restarted = await until('the worker to be restarted', 30, async () => {
    const health = await fetch(api('/healthz'));
    expect(health.status).toBe(200);
    const worker = pidFile().children.worker;
    return worker !== undefined && worker !== killed ? worker : undefined;
  });
  seenPids.add(restarted);
  expect(alive(restarted)).toBe(true);
  const after = pidFile();
  expect({ ...after.children, worker: 0 }).toEqual({ ...before.children, worker: 0 });
  expect(output).toMatch(
    new RegExp(
      `\\[start\\] worker \\(pid ${killed}\\) exited unexpectedly \\(signal SIGKILL\\) after [0-9.]+ s; restarting in 1 s \\(attempt 1\\)`,
    ),
  );
  expect(output).toContain(`[start] worker restarted (pid ${restarted}, attempt 1)`);
  expect(output.match(/exited unexpectedly/g)).toHaveLength(1);

  // The restarted worker does the work: there is no other.
  await journeyGetsItsAfterCareSms();
  expect(pidFile().children.worker).toBe(restarted); // it did not crash again
}, 200_000);

test('the API and Temporal itself, killed, come back too, and journeys go on', async () => {
  await killAndAwaitRestart('api');
  await until('the restarted API', 30, async () => {
    const res = await fetch(api('/readyz')).catch(() => undefined);
    return res?.status === 200 ? true : undefined;
  });
  // Temporal's state is on disk (DATA_DIR/temporal.db): the worker and API reconnect to it.
  await killAndAwaitRestart('temporal');
  await until('the API to reach the restarted Temporal', 60, async () => {
    const res = await fetch(api('/readyz'));
    return res.status === 200 ? true : undefined;
  });
  await journeyGetsItsAfterCareSms();
  expect(output.match(/exited unexpectedly/g)).toHaveLength(3); // the worker, the API, Temporal
}, 240_000);

test('SIGTERM stops every process and removes the pid file', async () => {
  const last = pidFile();
  for (const pid of [last.pid, ...Object.values(last.children)]) seenPids.add(pid);
  system!.kill('SIGTERM');
  expect(await exitWithin(60_000)).toBe(0);
  const stopping = output.indexOf('[start] stopping API and worker, then the providers, then Temporal');
  expect(stopping).toBeGreaterThan(0);
  expect(output.indexOf('[start] stopped')).toBeGreaterThan(stopping);
  expect([...seenPids].filter(alive)).toEqual([]);
  expect(existsSync(join(dataDir, 'system.pid'))).toBe(false);
}, 90_000);
