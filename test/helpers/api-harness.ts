import type { Server } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import pino from 'pino';
import type { Adapters } from '../../adapters';
import { createDevAdapters } from '../../adapters/dev';
import { Outbox } from '../../adapters/dev/outbox';
import type { AppDeps } from '../../api/app';
import { createApp } from '../../api/app';
import type { ClinicCatalogue } from '../../domain/clinic';
import { newCredential } from '../../config/credentials';
import { mintDevCredentials } from '../../config/dev-credentials';
import type { Action, Role } from '../../domain/access';
import { PARTICIPANTS_OF_ROLE, rolesFor } from '../../domain/access';
import { createWorker } from '../../worker/create-worker';
import { FileQualityStore } from '../../adapters/quality-store/file-store';
import type { QualityStore } from '../../adapters/quality-store/store';
import { localEnvironment, TEST_DATA_CONVERTER, TEST_ENCRYPTION, workflowBundle } from './environments';
import { clinic, clinics, tempOutboxFile } from './fixtures';
import { TEST_CONTACT_KEY_SECRET, TEST_WEBHOOKS } from './webhooks';

/** The Web UI origin the test API allows on its codec endpoint. */
export const TEST_UI_ORIGIN = 'http://127.0.0.1:8233';

/**
 * The API as deployed: a real Temporal dev server (the CLI `npm start` runs), a real worker
 * with the dev adapters, the Express app on a real port, spoken to over HTTP.
 */
export class ApiHarness {
  env!: TestWorkflowEnvironment;
  outbox!: Outbox;
  base = '';
  private worker?: Worker;
  private running?: Promise<void>;
  taskQueue = '';
  private ownBase = '';
  private outboxFile = '';
  private server!: Server;
  private tokens = new Map<string, string>();
  /** The console's kept reports and audits: a file of the test's own unless the test brings a store. */
  qualityStore!: QualityStore;

  /**
   * `options` reach createApp as they are (e.g. a small `rateLimit`). Without a rate limit (or a
   * failed-authentication limit) the harness sets one no test reaches, so tests may poll freely. Webhooks and the ContactKey
   * secret default to test values (test/helpers/webhooks.ts).
   */
  constructor(
    private readonly options: Partial<
      Pick<
        AppDeps,
        | 'rateLimit'
        | 'failureLimit'
        | 'shutdown'
        | 'webhooks'
        | 'contactKeySecret'
        | 'clinics'
        | 'logger'
        | 'staffAccounts'
        | 'staffFailureLimit'
        | 'consoleClock'
        | 'temporalTimeoutMs'
        | 'qualityStore'
        | 'importPacing'
      >
    > = {},
    /** Credentials issued to members of staff of the fixture clinic (they carry a staffId). */
    private readonly staff: { role: Role; staffId: string }[] = [],
    /** The dev server's options: a database file, the Web UI (default: in memory, headless). */
    private readonly devServer: Parameters<typeof localEnvironment>[0] = {},
    /**
     * `worker: false`: no worker polls the task queue until the test calls startWorker().
     * `providers`: real providers instead of the dev outbox (e.g. Twilio's SDK against the
     * simulator, FHIR): the API listens on a port chosen first, so the adapters' callback URLs
     * and the webhooks' signed URL are its real address.
     */
    private readonly setup: {
      worker?: boolean;
      providers?: {
        adapters(outboxFile: string, webhookBaseUrl: string): Adapters;
        twilioAuthTokens: ReadonlyMap<string, string>;
      };
    } = {},
  ) {}

  /** The clinics the worker, the credentials and the API know: the fixture's unless the test brings its own. */
  get clinics(): ClinicCatalogue {
    return this.options.clinics ?? clinics;
  }

  async setUp(): Promise<void> {
    this.env = await localEnvironment(this.devServer);
    this.outboxFile = tempOutboxFile();
    this.outbox = new Outbox(this.outboxFile);
    this.qualityStore = this.options.qualityStore ?? new FileQualityStore(`${this.outboxFile}.quality.jsonl`);
    const taskQueue = `api-${Math.random().toString(36).slice(2)}`;
    this.taskQueue = taskQueue;
    const port = this.setup.providers ? await freePort() : 0;
    this.ownBase = `http://127.0.0.1:${port}`;
    if (this.setup.worker ?? true) await this.startWorker();
    const minted = mintDevCredentials(this.clinics);
    for (const t of minted.tokens) this.tokens.set(`${t.clinicId}/${t.role}`, t.token);
    for (const { role, staffId } of this.staff) {
      const { token, credential } = newCredential(`staff-${staffId}`, clinic.id, role, 'test', staffId);
      this.tokens.set(`staff/${staffId}`, token);
      minted.credentials.push(credential);
    }
    const app = createApp({
      clinics: this.clinics,
      client: this.env.client,
      taskQueue,
      credentials: minted.credentials,
      logger: pino({ level: 'silent' }),
      outbox: this.outbox,
      rateLimit: { perMinute: 1_000_000, burst: 1_000_000 },
      failureLimit: { perCredential: 1_000_000, perAddress: 1_000_000, windowMinutes: 1 },
      webhooks: this.setup.providers
        ? { baseUrl: this.ownBase, twilioAuthTokens: this.setup.providers.twilioAuthTokens }
        : TEST_WEBHOOKS,
      contactKeySecret: TEST_CONTACT_KEY_SECRET,
      codec: { encryption: TEST_ENCRYPTION.codec, allowedOrigins: [TEST_UI_ORIGIN] },
      qualityStore: this.qualityStore,
      ...this.options,
    });
    this.server = app.listen(port, '127.0.0.1');
    await new Promise((resolve) => this.server.once('listening', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A worker with the dev adapters polls the API's task queue. */
  async startWorker(): Promise<void> {
    this.worker = await createWorker({
      connection: this.env.nativeConnection,
      namespace: this.env.namespace ?? 'default',
      taskQueue: this.taskQueue,
      adapters:
        this.setup.providers?.adapters(this.outboxFile, this.ownBase) ??
        createDevAdapters(this.outboxFile, this.clinics),
      dataConverter: TEST_DATA_CONVERTER,
      workflowBundle: await workflowBundle(),
      quality: { client: this.env.client, clinics: this.clinics, store: this.qualityStore },
    });
    this.running = this.worker.run();
  }

  async tearDown(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
    if (this.worker) {
      this.worker.shutdown();
      await this.running;
    }
    await this.env?.teardown();
  }

  /** The Authorization header of `role` at `clinicId` (the fixture clinic by default). */
  as(role: Role, clinicId: string = clinic.id): { authorization: string } {
    const token = this.tokens.get(`${clinicId}/${role}`);
    if (!token) throw new Error(`no credential for ${role} at ${clinicId}`);
    return { authorization: `Bearer ${token}` };
  }

  /** The Authorization header of the credential issued to `staffId` (see the constructor). */
  asStaff(staffId: string): { authorization: string } {
    const token = this.tokens.get(`staff/${staffId}`);
    if (!token) throw new Error(`no credential issued to ${staffId}`);
    return { authorization: `Bearer ${token}` };
  }

  /**
   * Calls the API. Without an Authorization header it acts as a role of the fixture clinic that
   * may make the call (tests of roles and clinics pass their own header, or `authorization: ''`
   * for none).
   */
  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const auth = 'authorization' in headers ? {} : this.as(defaultRole(method, path, body));
    const sent = Object.fromEntries(
      Object.entries({ 'content-type': 'application/json', ...auth, ...headers }).filter(([, v]) => v !== ''),
    );
    const res = await fetch(this.base + path, {
      method,
      headers: sent,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as any };
  }

  async workflowExists(id: string): Promise<boolean> {
    try {
      await this.env.client.workflow.getHandle(id).describe();
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }
}

/** A port nothing listens on right now (asked of the system, then released). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Poll (real time) until `probe` gives a value. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A role that may make this call, for tests that are not about roles. */
function defaultRole(method: string, path: string, body: unknown): Role {
  const decision = /^\/(journeys|complaints)\/[^/]+\/decisions\/([a-z-]+)/.exec(path);
  if (decision) {
    const kind = decision[1] === 'journeys' ? 'journey' : 'complaint';
    if (kind === 'complaint' && decision[2] === 'submit-assessment') {
      const wanted = (body as { role?: string } | undefined)?.role;
      const role = Object.entries(PARTICIPANTS_OF_ROLE).find(([, p]) => p.some((x) => x === wanted))?.[0];
      if (role) return role as Role;
    }
    const roles = rolesFor(`${kind}:${decision[2]}` as Action) as readonly Role[] | undefined;
    return roles?.[0] ?? 'clinic-system';
  }
  if (/^\/escalations\/[^/]+\/acknowledgements/.test(path)) return 'nurse';
  if (path.startsWith('/complaints-report')) return 'management';
  if (method === 'GET') return 'operations';
  return 'clinic-system';
}
