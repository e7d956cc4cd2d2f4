import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { TwilioCredentials } from '../adapters/twilio/credentials';
import { loadTwilioCredentials, TwilioCredentialsError } from '../adapters/twilio/credentials';
import { describeIssues } from '../domain/validation';
import type { Env } from './env';
import { ConfigError, readJsonFile } from './env';

// Which implementation serves each port. Only base URLs differ between a laptop, the tests and a
// clinic:
//   local (default)  Twilio SDK → the local Twilio simulator, FHIR → the local FHIR R4 server;
//                    development Twilio accounts minted by `npm start` in DATA_DIR
//   production       Twilio SDK → Twilio, FHIR → the clinic's server; TWILIO_CREDENTIALS_FILE
//                    (or TWILIO_CREDENTIALS) and FHIR_BASE_URL required
//   outbox           every outbound action written to the development outbox file (no provider)
// Billing, supplier notices and staff tasks go to signed outbound webhooks when
// OUTBOUND_WEBHOOKS_FILE is set, else to the outbox (nothing better exists for them yet).

const DEV_TWILIO_CREDENTIALS_FILE = 'dev-twilio-credentials.json';

const port = z
  .string()
  .regex(/^[0-9]+$/, 'must be a port number')
  .transform(Number)
  .pipe(z.number().int().min(0).max(65535));
const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

const providersEnvSchema = z.object({
  PROVIDERS: z.enum(['local', 'production', 'outbox']).default('local'),
  TWILIO_SIMULATOR_PORT: port.default(3010),
  TWILIO_API_BASE_URL: httpUrl.optional(),
  FHIR_PORT: port.default(8103),
  FHIR_BASE_URL: httpUrl.optional(),
  FHIR_BEARER_TOKEN: z.string().min(1).optional(),
  OUTBOUND_WEBHOOKS_FILE: z.string().min(1).optional(),
  TWILIO_SENT_STORE_FILE: z.string().min(1).optional(),
});

/** `{ "secret": "...", "urls": { "billing": "https://...", "suppliers": ..., "staffTasks": ... } }` */
const outboundWebhooksFileSchema = z
  .object({
    secret: z.string().min(32, 'must be at least 32 characters'),
    urls: z
      .object({ billing: httpUrl.optional(), suppliers: httpUrl.optional(), staffTasks: httpUrl.optional() })
      .strict(),
  })
  .strict();

export type OutboundWebhooksConfig = z.infer<typeof outboundWebhooksFileSchema>;

export type Providers =
  | { mode: 'outbox' }
  | {
      mode: 'local' | 'production';
      twilio: { apiBaseUrl: string; credentials: TwilioCredentials; sentStoreFile: string };
      fhir: { baseUrl: string; bearerToken?: string };
      outboundWebhooks?: OutboundWebhooksConfig;
    };

/** Where the local simulator and FHIR server listen (what `npm start` runs). */
export function localProviderPorts(source: NodeJS.ProcessEnv = process.env) {
  const parsed = parseProvidersEnv(source);
  return {
    twilioSimulatorPort: parsed.TWILIO_SIMULATOR_PORT,
    fhirPort: parsed.FHIR_PORT,
    mode: parsed.PROVIDERS,
  };
}

function parseProvidersEnv(source: NodeJS.ProcessEnv) {
  const parsed = providersEnvSchema.safeParse(source);
  if (!parsed.success) throw new ConfigError('environment variables', describeIssues(parsed.error));
  return parsed.data;
}

/** Reads and checks the provider configuration; a mistake stops start-up naming it (never a secret). */
export function loadProviders(env: Env, source: NodeJS.ProcessEnv = process.env): Providers {
  const p = parseProvidersEnv(source);
  if (p.PROVIDERS === 'outbox') return { mode: 'outbox' };
  const local = p.PROVIDERS === 'local';
  const missing = [
    ...(!local && !source.TWILIO_CREDENTIALS_FILE && !source.TWILIO_CREDENTIALS
      ? ['TWILIO_CREDENTIALS_FILE: must be set (or TWILIO_CREDENTIALS) when PROVIDERS=production']
      : []),
    ...(!local && !p.FHIR_BASE_URL ? ['FHIR_BASE_URL: must be set when PROVIDERS=production'] : []),
  ];
  if (missing.length) throw new ConfigError('environment variables', missing);
  let credentials: TwilioCredentials;
  try {
    credentials = loadTwilioCredentials({
      file:
        source.TWILIO_CREDENTIALS_FILE ??
        (local ? resolve(env.DATA_DIR, DEV_TWILIO_CREDENTIALS_FILE) : undefined),
      env: source,
    });
  } catch (err) {
    if (err instanceof TwilioCredentialsError) throw new ConfigError(err.source, err.problems);
    throw err;
  }
  return {
    mode: p.PROVIDERS,
    twilio: {
      apiBaseUrl:
        p.TWILIO_API_BASE_URL ??
        (local ? `http://127.0.0.1:${p.TWILIO_SIMULATOR_PORT}` : 'https://api.twilio.com'),
      credentials,
      sentStoreFile: p.TWILIO_SENT_STORE_FILE ?? resolve(env.DATA_DIR, 'twilio-sent.jsonl'),
    },
    fhir: {
      baseUrl: p.FHIR_BASE_URL ?? `http://127.0.0.1:${p.FHIR_PORT}/`,
      ...(p.FHIR_BEARER_TOKEN ? { bearerToken: p.FHIR_BEARER_TOKEN } : {}),
    },
    ...(p.OUTBOUND_WEBHOOKS_FILE ? { outboundWebhooks: loadOutboundWebhooks(p.OUTBOUND_WEBHOOKS_FILE) } : {}),
  };
}

function loadOutboundWebhooks(file: string): OutboundWebhooksConfig {
  const parsed = outboundWebhooksFileSchema.safeParse(readJsonFile(file));
  if (!parsed.success) throw new ConfigError(file, describeIssues(parsed.error));
  return parsed.data;
}

/**
 * The embedded default's Twilio accounts, one per clinic, for the simulator and the adapters:
 * made-up account SIDs, the clinic's development webhook auth token (so the API checks what the
 * simulator signs), and a made-up sender number. Written at every start, like the tokens.
 */
export function writeDevTwilioCredentials(env: Env, tokens: { clinicId: string; token: string }[]): string {
  const file = resolve(env.DATA_DIR, DEV_TWILIO_CREDENTIALS_FILE);
  const clinics = Object.fromEntries(
    tokens.map((t, i) => [
      t.clinicId,
      {
        accountSid: `AC${randomBytes(16).toString('hex')}`,
        authToken: t.token,
        from: `+8150000${String(10000 + i).slice(-5)}`,
      },
    ]),
  );
  writeFileSync(file, `${JSON.stringify({ clinics }, null, 2)}\n`, { mode: 0o600 });
  return file;
}
