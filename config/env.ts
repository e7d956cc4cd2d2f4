import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { z } from 'zod';
import { describeIssues } from '../domain/validation';
import { DEFAULT_TASK_QUEUE } from '../temporal/task-queue';

// Process configuration from environment variables, validated at start-up. The defaults are the
// embedded single-machine setup that `npm start` runs.

// The repository root, whether running from source (config/) or compiled (dist/config/).
const parent = resolve(__dirname, '..');
const ROOT = basename(parent) === 'dist' ? resolve(parent, '..') : parent;

// An empty value is a mistake, not port 0.
const port = z
  .string()
  .regex(/^[0-9]+$/, 'must be a port number')
  .transform(Number)
  .pipe(z.number().int().min(0).max(65535));

const count = z
  .string()
  .regex(/^[0-9]+$/, 'must be a whole number')
  .transform(Number)
  .pipe(z.number().int().min(1));

const envSchema = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and "-"')
    .default(DEFAULT_TASK_QUEUE),
  TEMPORAL_UI_PORT: port.default(8233),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),
  CLINIC_CONFIG: z
    .string()
    .min(1)
    .default(resolve(ROOT, 'config', 'clinics.json')),
  DATA_DIR: z.string().min(1).default(resolve(ROOT, 'data')),
  OUTBOX_FILE: z.string().min(1).optional(),
  // API credentials (hashed). Unset: the development credentials `npm start` mints in DATA_DIR.
  CREDENTIALS_FILE: z.string().min(1).optional(),
  // Staff console accounts (config/staff-accounts.ts, hashed passwords). Unset: the development
  // accounts `npm start` mints in DATA_DIR.
  STAFF_ACCOUNTS_FILE: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Provider webhooks (config/webhook-secrets.ts): the public URL the provider calls (unset: the
  // API's own http://API_HOST:API_PORT) and a JSON file of each clinic's Twilio auth token (unset:
  // the development tokens `npm start` mints in DATA_DIR).
  WEBHOOK_BASE_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  TWILIO_AUTH_TOKENS_FILE: z.string().min(1).optional(),
  // The keys that encrypt every Temporal payload (config/payload-keys.ts; unset: the development
  // key ring `npm start` keeps in DATA_DIR).
  PAYLOAD_KEYS_FILE: z.string().min(1).optional(),
  // Keys the pseudonymous ContactKey search attribute (unset: the one `npm start` keeps in DATA_DIR).
  CONTACT_KEY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  // Origins of the Temporal Web UI allowed to call the codec endpoint (comma-separated, e.g.
  // "https://temporal.clinic.example"; unset: the dev server's UI, http://<Temporal host>:<UI port>).
  CODEC_ALLOWED_ORIGINS: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o !== ''),
    )
    .pipe(
      z.array(
        z.string().regex(/^https?:\/\/[^/\s]+$/, 'each must be an origin: http(s)://host[:port], no path'),
      ),
    )
    .optional(),
  // The worker's Prometheus endpoint (the SDK's metrics and the care metrics the workflows
  // emit): "host:port", or "off". Each worker process on one machine needs its own (a taken one is logged).
  WORKER_METRICS_ADDRESS: z
    .string()
    .regex(/^(off|[^\s:]+:[0-9]{1,5})$/, 'must be "host:port" (e.g. 0.0.0.0:9464) or "off"')
    .default('127.0.0.1:9464'),
  // Workflow executions the worker keeps cached (unset: sized by its heap, worker/workflow-cache.ts).
  // An evicted journey replays its history before it can answer a red flag.
  WORKER_CACHED_WORKFLOWS: count.optional(),
  // Workflow tasks the worker holds at once (unset: 6, worker/workflow-task-slots.ts); the rest
  // wait at the server, which hands out urgent ones first. At least 2.
  WORKER_WORKFLOW_TASK_SLOTS: count.pipe(z.number().min(2, 'must be at least 2')).optional(),
  // Set: GET /metrics on the API needs "Authorization: Bearer <METRICS_TOKEN>" (Prometheus'
  // `authorization.credentials_file`); unset: /metrics is open (it holds aggregates only).
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  // Requests per credential: the steady rate and the burst. Counted in each API process, or in
  // PostgreSQL across every replica when DATABASE_URL is set.
  API_RATE_LIMIT_PER_MINUTE: count.default(120),
  API_RATE_LIMIT_BURST: count.default(60),
  // Journeys started as a bulk import (bulkImport: true), per second, from each API process; one
  // over it waits its turn, up to 10 s, else 429 (api/import-pacing.ts). Live journeys are never paced.
  IMPORT_STARTS_PER_SECOND: count.default(20),
  // The deadline of the API's Temporal calls for one request (queries, decisions, starts): past
  // it the API answers 503 (worker or Temporal away) or 202 (a decision pending).
  TEMPORAL_QUERY_TIMEOUT_MS: count.default(5_000),
  // PostgreSQL shared by the API replicas (postgres://user:password@host:port/database): the rate
  // limit's counts live there. Unset: each API process counts its own.
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, message: 'must be a postgres:// URL' }).optional(),
});

export interface Env extends Omit<
  z.infer<typeof envSchema>,
  'OUTBOX_FILE' | 'CREDENTIALS_FILE' | 'STAFF_ACCOUNTS_FILE' | 'CODEC_ALLOWED_ORIGINS'
> {
  OUTBOX_FILE: string;
  CREDENTIALS_FILE: string;
  STAFF_ACCOUNTS_FILE: string;
  /** True when STAFF_ACCOUNTS_FILE was not set: the development staff accounts. */
  DEV_STAFF_ACCOUNTS: boolean;
  CODEC_ALLOWED_ORIGINS: string[];
  /** True when CREDENTIALS_FILE was not set: the embedded default's development credentials. */
  DEV_CREDENTIALS: boolean;
  ROOT: string;
}

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid configuration in ${source}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) throw new ConfigError('environment variables', describeIssues(parsed.error));
  const env = parsed.data;
  return {
    ...env,
    OUTBOX_FILE: env.OUTBOX_FILE ?? resolve(env.DATA_DIR, 'outbox.jsonl'),
    CREDENTIALS_FILE: env.CREDENTIALS_FILE ?? resolve(env.DATA_DIR, 'dev-credentials.json'),
    DEV_CREDENTIALS: env.CREDENTIALS_FILE === undefined,
    STAFF_ACCOUNTS_FILE: env.STAFF_ACCOUNTS_FILE ?? resolve(env.DATA_DIR, 'dev-staff-accounts.json'),
    DEV_STAFF_ACCOUNTS: env.STAFF_ACCOUNTS_FILE === undefined,
    CODEC_ALLOWED_ORIGINS:
      env.CODEC_ALLOWED_ORIGINS ?? devUiOrigins(env.TEMPORAL_ADDRESS, env.TEMPORAL_UI_PORT),
    ROOT,
  };
}

/** The dev server's Web UI, as `npm start` prints it (and as localhost, the same machine). */
function devUiOrigins(temporalAddress: string, uiPort: number): string[] {
  const host = temporalAddress.slice(0, temporalAddress.lastIndexOf(':'));
  const hosts = host === '127.0.0.1' || host === 'localhost' ? ['127.0.0.1', 'localhost'] : [host];
  return hosts.map((h) => `http://${h}:${uiPort}`);
}

/** A configuration file's JSON; unreadable or not JSON stops start-up naming the file. */
export function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(file, [(err as Error).message]);
  }
}
