// `npm start`: the whole system on one machine — the Temporal dev server (persistent SQLite in
// data/, Web UI, our search attributes), the local Twilio simulator and FHIR R4 server (the
// providers the worker talks to by default, config/providers.ts), the worker and the API.
// Each child that crashes is restarted with a back-off while the others keep running
// (scripts/supervisor.ts); Ctrl-C (or SIGTERM) stops all of them.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { extname, join, relative, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { loadClinicConfig } from '../config/clinic-config';
import { mintDevCredentials } from '../config/dev-credentials';
import { mintDevStaffAccounts } from '../config/staff-accounts';
import { ConfigError, loadEnv } from '../config/env';
import { writeDevPayloadKeys } from '../config/payload-keys';
import { localProviderPorts, writeDevTwilioCredentials } from '../config/providers';
import { webhookBaseUrl, writeDevWebhookSecrets } from '../config/webhook-secrets';
import { createPrivately, keepPrivate } from '../config/private-files';
import {
  DEV_SERVER_SEARCH_ATTRIBUTE_ARGS,
  registerSearchAttributes,
  SEARCH_ATTRIBUTES_KNOWN_AFTER_MS,
} from '../temporal/register-search-attributes';
import { spawnSupervised } from './supervised-process';
import { describeExit, RESTART_BACKOFF, Supervisor } from './supervisor';

const startedAt = Date.now();
const env = loadEnvOrExit();
const [temporalHost, temporalPort] = splitAddress(env.TEMPORAL_ADDRESS);
const pidFile = join(env.DATA_DIR, 'system.pid');
const providers = localProviderPorts();
const local = providers.mode === 'local';
const urls = {
  simulator: `http://127.0.0.1:${providers.twilioSimulatorPort}`,
  fhir: `http://127.0.0.1:${providers.fhirPort}/fhir/R4`,
  api: `http://${env.API_HOST}:${env.API_PORT}`,
  outbox: `http://${env.API_HOST}:${env.API_PORT}/outbox`,
  ui: `http://${temporalHost}:${env.TEMPORAL_UI_PORT}`,
  // The Web UI decrypts payloads through the API's codec endpoint (api/routes/codec.ts).
  // (A browser cannot call 0.0.0.0, the API's "every interface".)
  codec: `http://${env.API_HOST === '0.0.0.0' ? '127.0.0.1' : env.API_HOST}:${env.API_PORT}/codec`,
};
let stopping = false;
const supervisor = new Supervisor({
  timers: {
    now: () => Date.now(),
    after: (ms, fn) => {
      const timer = setTimeout(fn, ms);
      return () => clearTimeout(timer);
    },
  },
  log: (line) => console.error(`[start] ${line}`),
  failedToStart: (name, exit) => {
    console.error(`[start] ${name} exited during start-up (${describeExit(exit)}); stopping everything`);
    void stopAll(1);
  },
  // The pid file names every child's current pid (operators, and the test that kills one).
  changed: () => writePidFile(),
});

function loadEnvOrExit() {
  try {
    const loaded = loadEnv();
    loadClinicConfig(loaded.CLINIC_CONFIG); // fail now, by field, rather than in a child process
    localProviderPorts(); // the provider settings too
    return loaded;
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  }
}

function splitAddress(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at), Number(address.slice(at + 1))];
}

function say(message: string): void {
  console.log(`[start] ${message}`);
}

function alreadyRunning(): { pid: number } | undefined {
  if (!existsSync(pidFile)) return undefined;
  const { pid } = JSON.parse(readFileSync(pidFile, 'utf8')) as { pid: number };
  try {
    process.kill(pid, 0);
    return { pid };
  } catch {
    return undefined; // a stale file from a run that did not stop cleanly
  }
}

function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

function writePidFile(): void {
  // Whole or not at all: a reader never sees half a file.
  writeFileSync(`${pidFile}.new`, JSON.stringify({ pid: process.pid, ...urls, children: supervisor.pids() }));
  renameSync(`${pidFile}.new`, pidFile);
}

function start(
  name: string,
  command: string,
  args: string[],
  logFile?: string,
  childEnv: NodeJS.ProcessEnv = process.env,
): void {
  supervisor.start(name, () => spawnSupervised(command, args, { logFile, env: childEnv }));
}

/**
 * One of our Node programs (e.g. 'worker/main'), run the way this script runs: compiled from
 * dist/ by `npm start`, or from source when this script was started with the TypeScript hook.
 */
function startNode(name: string, program: string, logFile?: string, childEnv?: NodeJS.ProcessEnv): void {
  const file = resolve(__dirname, '..', `${program}${extname(__filename)}`);
  start(name, process.execPath, [...process.execArgv, file], logFile, childEnv);
}

async function waitFor<T>(what: string, seconds: number, probe: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  let lastError: unknown;
  while (Date.now() < deadline && !stopping) {
    try {
      return await probe();
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(
    `${what} did not become ready in ${seconds}s: ${(lastError as Error)?.message ?? 'stopped'}`,
  );
}

async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('stopping API and worker, then the providers, then Temporal');
  await supervisor.stop([
    { names: ['api', 'worker'], graceMs: 15_000 },
    { names: ['twilio-simulator', 'fhir'], graceMs: 5_000 },
    { names: ['temporal'], graceMs: 10_000 },
  ]);
  rmSync(pidFile, { force: true });
  say('stopped');
  process.exit(code);
}

async function main(): Promise<void> {
  // Temporal's database, logs, outbox and secrets (and the children's files) are 0600.
  createPrivately();
  mkdirSync(env.DATA_DIR, { recursive: true });
  keepPrivate(env.DATA_DIR);
  const running = alreadyRunning();
  if (running) {
    console.error(
      `[start] the system is already running (pid ${running.pid}): API ${urls.api}, Web UI ${urls.ui}. ` +
        `Stop it with Ctrl-C in its terminal (or kill ${running.pid}) before starting again.`,
    );
    process.exit(1);
  }
  const ports: [string, number, string][] = [
    ['Temporal', temporalPort, temporalHost],
    ['Temporal Web UI', env.TEMPORAL_UI_PORT, temporalHost],
    ['API', env.API_PORT, env.API_HOST],
    ...(local
      ? ([
          ['Twilio simulator (TWILIO_SIMULATOR_PORT)', providers.twilioSimulatorPort, '127.0.0.1'],
          ['FHIR server (FHIR_PORT)', providers.fhirPort, '127.0.0.1'],
        ] as [string, number, string][])
      : []),
  ];
  for (const [what, port, host] of ports) {
    if (!(await portFree(port, host))) {
      console.error(
        `[start] port ${port} (${what}) is already in use by another program; free it or set another port`,
      );
      process.exit(1);
    }
  }
  writePidFile();
  // Should this script die without stopping them, take the children down with it.
  process.once('exit', () => supervisor.killAll());
  // Handled while stopping too (a second signal would otherwise end this script before its
  // children): the stop itself kills any child that does not end within its grace.
  // (npm may pass on the terminal's Ctrl-C, so one Ctrl-C can arrive twice.)
  const stopSignal = () => (stopping ? say('already stopping') : void stopAll(0));
  process.on('SIGINT', stopSignal);
  process.on('SIGTERM', stopSignal);

  const dbFile = join(env.DATA_DIR, 'temporal.db');
  const serverLog = join(env.DATA_DIR, 'temporal-server.log');
  say(
    `starting Temporal dev server (state in ${relative(process.cwd(), dbFile)}, log in ${relative(process.cwd(), serverLog)})`,
  );
  start(
    'temporal',
    join(env.ROOT, 'tools', 'temporal'),
    [
      'server',
      'start-dev',
      '--db-filename',
      dbFile,
      '--ip',
      temporalHost,
      '--port',
      String(temporalPort),
      '--ui-port',
      String(env.TEMPORAL_UI_PORT),
      '--namespace',
      env.TEMPORAL_NAMESPACE,
      '--log-level',
      'warn',
      '--ui-disable-news-fetch',
      '--ui-codec-endpoint',
      urls.codec,
      ...DEV_SERVER_SEARCH_ATTRIBUTE_ARGS,
    ],
    serverLog,
  );
  const connection = await waitFor('Temporal', 60, async () => {
    const c = await Connection.connect({ address: env.TEMPORAL_ADDRESS, connectTimeout: 1000 });
    await c.workflowService.describeNamespace({ namespace: env.TEMPORAL_NAMESPACE });
    return c;
  });
  const added = await registerSearchAttributes(connection, env.TEMPORAL_NAMESPACE);
  say(
    added.length
      ? `registered search attributes: ${added.join(', ')}`
      : 'search attributes already registered',
  );
  // The worker may upsert them as soon as it starts.
  if (added.length) await new Promise((r) => setTimeout(r, SEARCH_ATTRIBUTES_KNOWN_AFTER_MS));

  const devTokens = env.DEV_CREDENTIALS ? writeDevCredentials() : [];
  const devStaff = env.DEV_STAFF_ACCOUNTS ? writeDevStaffAccounts() : [];
  const twilioTokens = writeDevWebhookSecrets(env, loadClinicConfig(env.CLINIC_CONFIG));
  // The key ring that encrypts every payload: made once and kept (0600), unless PAYLOAD_KEYS_FILE is set.
  writeDevPayloadKeys(env);
  if (local) await startLocalProviders(twilioTokens);
  startNode('worker', 'worker/main');
  startNode('api', 'api/main');
  await waitFor('API', 60, async () => {
    const res = await fetch(`${urls.api}/readyz`);
    if (!res.ok) throw new Error(`readyz ${res.status}`);
  });
  // The worker is ready once it polls its task queue (it bundles the workflows first).
  await waitFor('worker', 60, async () => {
    const { pollers } = await connection.workflowService.describeTaskQueue({
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: { name: env.TEMPORAL_TASK_QUEUE },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    if (!pollers?.length) throw new Error('not polling yet');
  });
  await connection.close();
  // From now on a child that stops is restarted (start-up problems above stop everything).
  supervisor.supervise();
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);

  console.log(
    [
      '',
      `Care journeys is running (ready in ${seconds}s):`,
      `  API           ${urls.api}`,
      ...(local
        ? [
            `  Phones        ${urls.simulator}/_sim (the Twilio simulator: what each number got; reply, press 1, make it fail)`,
            `  FHIR R4       ${urls.fhir} (the local EHR, seeded with the demo clinic)`,
          ]
        : [`  Providers     ${providers.mode}`]),
      `  Outbox        ${urls.outbox} (staff tasks and back office)`,
      `  Temporal UI   ${urls.ui} (payloads encrypted; to read your clinic's, sign in at ${urls.codec}/sign-in)`,
      `  Temporal      ${env.TEMPORAL_ADDRESS} (namespace ${env.TEMPORAL_NAMESPACE})`,
      ...(devTokens.length
        ? [
            '',
            'Development credentials (new at every start; send as "Authorization: Bearer <token>"):',
            ...devTokens.map((t) => `  ${t.clinicId.padEnd(20)} ${t.role.padEnd(14)} ${t.token}`),
          ]
        : [`  Credentials   ${env.CREDENTIALS_FILE}`]),
      ...(devStaff.length
        ? [
            '',
            `Staff console ${urls.api}/console (development accounts, passwords new at every start):`,
            ...devStaff.map(
              (a) => `  ${a.clinicId.padEnd(20)} ${a.staffId.padEnd(14)} ${a.role.padEnd(11)} ${a.password}`,
            ),
          ]
        : [`  Staff console ${urls.api}/console (accounts: ${env.STAFF_ACCOUNTS_FILE})`]),
      ...(twilioTokens.length
        ? [
            '',
            `Twilio webhooks (${urls.api}/webhooks/twilio/<clinicId>/sms and /voice); development auth tokens, new at every start:`,
            ...twilioTokens.map((t) => `  ${t.clinicId.padEnd(20)} ${t.token}`),
          ]
        : []),
      '',
      `A child that crashes is restarted (after ${RESTART_BACKOFF.firstMs / 1000} s, doubling to ${RESTART_BACKOFF.maxMs / 1000} s); the others keep running.`,
      'Press Ctrl-C to stop everything; data stays in data/ for the next start.',
      '',
    ].join('\n'),
  );
}

/**
 * The local providers: the Twilio simulator (with development accounts whose auth tokens are the
 * webhook tokens the API checks) and the FHIR server, seeded; both from the build in dist/.
 */
async function startLocalProviders(twilioTokens: { clinicId: string; token: string }[]): Promise<void> {
  const credentialsFile = process.env.TWILIO_CREDENTIALS_FILE ?? writeDevTwilioCredentials(env, twilioTokens);
  say(`starting the Twilio simulator (${urls.simulator}) and the FHIR server (${urls.fhir})`);
  const simulatorEnv = {
    ...process.env,
    TWILIO_CREDENTIALS_FILE: credentialsFile,
    WEBHOOK_BASE_URL: webhookBaseUrl(env), // what the API checks signatures against
    TWILIO_SIMULATOR_PORT: String(providers.twilioSimulatorPort),
  };
  startNode('twilio-simulator', 'simulator/main', join(env.DATA_DIR, 'twilio-simulator.log'), simulatorEnv);
  startNode('fhir', 'fhir-server/main', join(env.DATA_DIR, 'fhir-server.log'), {
    ...process.env,
    FHIR_PORT: String(providers.fhirPort),
  });
  await waitFor('Twilio simulator', 30, async () => {
    const res = await fetch(`${urls.simulator}/_sim`);
    if (!res.ok) throw new Error(`status ${res.status}`);
  });
  await waitFor('FHIR server', 60, async () => {
    const res = await fetch(`${urls.fhir}/metadata`);
    if (!res.ok) throw new Error(`status ${res.status}`);
  });
}

/** Mints the development credentials and writes their hashes where the API reads them. */
function writeDevCredentials() {
  const { tokens, credentials } = mintDevCredentials(loadClinicConfig(env.CLINIC_CONFIG));
  writeFileSync(env.CREDENTIALS_FILE, `${JSON.stringify({ credentials }, null, 2)}\n`, { mode: 0o600 });
  return tokens;
}

/** Mints the development staff accounts and writes their hashes where the API reads them. */
function writeDevStaffAccounts() {
  const { passwords, accounts } = mintDevStaffAccounts(loadClinicConfig(env.CLINIC_CONFIG));
  writeFileSync(env.STAFF_ACCOUNTS_FILE, `${JSON.stringify({ accounts }, null, 2)}\n`, { mode: 0o600 });
  return passwords;
}

main().catch((err) => {
  // Stopping already (Ctrl-C during start-up, or a child that failed to start) says why itself.
  if (!stopping) console.error(`[start] ${(err as Error).message}`);
  void stopAll(1);
});
