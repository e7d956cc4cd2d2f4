import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client as PgClient } from 'pg';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { loadClinicConfig } from '../../config/clinic-config';
import { mintDevCredentials } from '../../config/dev-credentials';
import { newPayloadKeyRing } from '../../config/payload-keys';
import type { Role } from '../../domain/access';
import type { Postgres } from './postgres';
import { startPostgres } from './postgres';
import { Child, freePort, waitFor } from './processes';
import { freeTemporalPorts, setUpTemporalSchemas, TemporalServer } from './temporal-server';

// The production shape of docker-compose.yml, run natively on this machine: PostgreSQL, the
// Temporal server on it (schemas, namespace and our search attributes made the way compose
// makes them), two worker processes and two API replicas on their own ports, sharing the
// outbox file (the dev adapters) and the rate-limit counts (PostgreSQL). Everything lives in one
// directory, a temporary one unless given.

const ROOT = resolve(__dirname, '..', '..');
export const NAMESPACE = 'default';
const TASK_QUEUE = 'care-journeys';
/** The API's own database beside Temporal's two (rate-limit counts). */
const APP_DATABASE = 'care_journeys';

export interface ShapeOptions {
  /** Where everything is kept; default: a new temporary directory that `stop` removes. */
  dir?: string;
  /** The clinics (default config/clinics.json). */
  clinicConfig?: string;
  workers?: number;
  apis?: number;
  /** Added to every worker's and API's environment (e.g. API_RATE_LIMIT_PER_MINUTE). */
  env?: Record<string, string>;
  /** Progress lines. */
  say?: (message: string) => void;
  /** PostgreSQL and the Temporal server only, no workers or API (benchmarks bring their own). */
  temporalOnly?: boolean;
}

export interface Api {
  process: Child;
  url: string;
}

export class ProductionShape {
  postgres!: Postgres;
  temporal!: TemporalServer;
  workers: Child[] = [];
  /** Each worker's Prometheus endpoint (SDK and care metrics), by worker name. */
  workerMetrics = new Map<string, string>();
  apis: Api[] = [];
  /** Development credentials of every role and clinic, minted for this run (only hashes on disk). */
  tokens: { clinicId: string; role: Role; token: string }[] = [];
  /** Seconds each step of the start took. */
  readonly timings: Record<string, number> = {};
  readonly dir: string;
  private readonly temporaryDir: boolean;
  private readonly say: (message: string) => void;

  private constructor(private readonly options: ShapeOptions) {
    this.temporaryDir = !options.dir;
    this.dir = options.dir ?? mkdtempSync(join(tmpdir(), 'production-shape-'));
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.say = options.say ?? (() => undefined);
  }

  /** Starts everything; on failure stops what did start and rethrows. */
  static async start(options: ShapeOptions = {}): Promise<ProductionShape> {
    const shape = new ProductionShape(options);
    try {
      await shape.startAll();
      return shape;
    } catch (err) {
      await shape.stop({ keepDir: true });
      const logs = shape.logTails();
      if (shape.temporaryDir) rmSync(shape.dir, { recursive: true, force: true });
      throw new Error(`${(err as Error).message}\n${logs}`);
    }
  }

  get temporalAddress(): string {
    return this.temporal.address;
  }

  get outboxFile(): string {
    return join(this.dir, 'data', 'outbox.jsonl');
  }

  token(role: Role, clinicId?: string): string {
    const found = this.tokens.find((t) => t.role === role && (!clinicId || t.clinicId === clinicId));
    if (!found) throw new Error(`no credential for ${role}${clinicId ? ` at ${clinicId}` : ''}`);
    return found.token;
  }

  private async step<T>(name: string, what: string, action: () => Promise<T>): Promise<T> {
    this.say(what);
    const started = Date.now();
    const result = await action();
    this.timings[name] = Math.round((Date.now() - started) / 100) / 10;
    return result;
  }

  private async startAll(): Promise<void> {
    this.postgres = await this.step('postgres', 'PostgreSQL: a new cluster', () => startPostgres(this.dir));
    await this.step('schemas', 'Temporal schemas (temporal-sql-tool)', async () => {
      await setUpTemporalSchemas(this.postgres);
      const client = new PgClient({ connectionString: this.postgres.url('postgres') });
      await client.connect();
      await client.query(`CREATE DATABASE ${APP_DATABASE}`);
      await client.end();
    });
    this.temporal = new TemporalServer(this.dir, this.postgres, await freeTemporalPorts());
    await this.step('temporal', 'Temporal server', () => this.temporal.start());
    await this.step('namespace', `namespace "${NAMESPACE}" and search attributes`, () =>
      this.temporal.registerNamespace(NAMESPACE),
    );
    if (!this.options.temporalOnly) await this.step('app', 'workers and API replicas', () => this.startApp());
  }

  /** The secrets and configuration files the workers and APIs read, then the processes. */
  private async startApp(): Promise<void> {
    const dataDir = join(this.dir, 'data');
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const clinicConfig = this.options.clinicConfig ?? join(ROOT, 'config', 'clinics.json');
    const minted = mintDevCredentials(loadClinicConfig(clinicConfig));
    this.tokens = minted.tokens;
    const credentialsFile = join(this.dir, 'credentials.json');
    writeFileSync(credentialsFile, `${JSON.stringify({ credentials: minted.credentials }, null, 2)}\n`, {
      mode: 0o600,
    });
    const payloadKeysFile = join(this.dir, 'payload-keys.json');
    writeFileSync(payloadKeysFile, `${JSON.stringify(newPayloadKeyRing('shape-1'))}\n`, { mode: 0o600 });
    const common: NodeJS.ProcessEnv = {
      ...process.env,
      TEMPORAL_ADDRESS: this.temporal.address,
      TEMPORAL_NAMESPACE: NAMESPACE,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      CLINIC_CONFIG: clinicConfig,
      DATA_DIR: dataDir,
      OUTBOX_FILE: this.outboxFile,
      PROVIDERS: 'outbox',
      PAYLOAD_KEYS_FILE: payloadKeysFile,
      CREDENTIALS_FILE: credentialsFile,
      CONTACT_KEY_SECRET: randomBytes(32).toString('base64url'),
      LOG_LEVEL: 'info',
      ...this.options.env,
    };
    // From source, as the tests run it (no build step).
    const node = (file: string): [string, string[]] => [
      process.execPath,
      ['--require', '@swc-node/register', file],
    ];
    for (let i = 1; i <= (this.options.workers ?? 2); i++) {
      const metrics = `127.0.0.1:${await freePort()}`;
      this.workerMetrics.set(`worker-${i}`, `http://${metrics}/metrics`);
      this.workers.push(
        new Child(`worker-${i}`, ...node('worker/main.ts'), {
          cwd: ROOT,
          // Each worker its own metrics endpoint (a shared port would leave the second without one).
          // The quality reports are kept where the APIs read them.
          env: { ...common, WORKER_METRICS_ADDRESS: metrics, DATABASE_URL: this.postgres.url(APP_DATABASE) },
          logFile: join(this.dir, `worker-${i}.log`),
        }),
      );
    }
    for (let i = 1; i <= (this.options.apis ?? 2); i++) {
      const port = await freePort();
      const child = new Child(`api-${i}`, ...node('api/main.ts'), {
        cwd: ROOT,
        env: {
          ...common,
          API_HOST: '127.0.0.1',
          API_PORT: String(port),
          DATABASE_URL: this.postgres.url(APP_DATABASE),
        },
        logFile: join(this.dir, `api-${i}.log`),
      });
      this.apis.push({ process: child, url: `http://127.0.0.1:${port}` });
    }
    for (const api of this.apis) {
      await waitFor(
        api.process.name,
        90,
        async () => {
          const res = await fetch(`${api.url}/readyz`);
          if (!res.ok) throw new Error(`readyz ${res.status}`);
        },
        api.process,
      );
    }
    for (const worker of this.workers) await this.untilPolling(worker);
  }

  /** Waits until `worker` polls the task queue (it bundles the workflows first). */
  async untilPolling(worker: Child, seconds = 120): Promise<void> {
    const connection = await Connection.connect({ address: this.temporal.address });
    try {
      await waitFor(
        `${worker.name} polling`,
        seconds,
        async () => {
          const identities = await this.pollers(connection);
          if (!identities.includes(workerIdentity(worker))) throw new Error('not polling yet');
        },
        worker,
      );
    } finally {
      await connection.close();
    }
  }

  private async pollers(connection: Connection): Promise<string[]> {
    const { pollers } = await connection.workflowService.describeTaskQueue({
      namespace: NAMESPACE,
      taskQueue: { name: TASK_QUEUE },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    return (pollers ?? []).map((p) => p.identity ?? '');
  }

  /** The worker of an identity recorded in a history ("<pid>@<host>", the SDK's default). */
  workerOf(identity: string): Child | undefined {
    return this.workers.find((w) => workerIdentity(w) === identity);
  }

  /** The last lines of every log, to say why a start failed. */
  logTails(lines = 15): string {
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.log'))
      .map((f) => {
        const tail = readFileSync(join(this.dir, f), 'utf8').trimEnd().split('\n').slice(-lines);
        return `--- ${f}\n${tail.join('\n')}`;
      })
      .join('\n');
  }

  /** Stops the APIs and workers, then Temporal, then PostgreSQL; removes a temporary directory. */
  async stop(options: { keepDir?: boolean } = {}): Promise<void> {
    await Promise.all([...this.apis.map((a) => a.process), ...this.workers].map((c) => c.stop(15_000)));
    await this.temporal?.stop();
    await this.postgres?.stop();
    if (this.temporaryDir && !options.keepDir) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The identity the SDK gives a worker by default. */
export function workerIdentity(worker: Child): string {
  return `${worker.pid}@${hostname()}`;
}
