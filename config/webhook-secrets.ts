import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import {
  loadTwilioCredentials,
  TWILIO_CREDENTIALS_ENV,
  TWILIO_CREDENTIALS_FILE_ENV,
  TwilioCredentialsError,
} from '../adapters/twilio/credentials';
import type { ClinicCatalogue } from '../domain/clinic';
import { describeIssues, opaqueId } from '../domain/validation';
import type { Env } from './env';
import { ConfigError, readJsonFile } from './env';

// The provider webhooks' configuration: the public URL the provider calls, each clinic's Twilio
// auth token (a secrets file, never in the image or the repository) and the server secret that
// keys the ContactKey search attribute. For the embedded default, `npm start` mints development
// tokens and keeps a development secret in DATA_DIR, the way it mints development credentials.

const DEV_TOKENS_FILE = 'dev-twilio-auth-tokens.json';
const DEV_CONTACT_KEY_FILE = 'dev-contact-key-secret';

/** `{ "twilioAuthTokens": { "<clinicId>": "<auth token>" } }` */
const tokensFileSchema = z
  .object({ twilioAuthTokens: z.record(opaqueId, z.string().min(16, 'must be an auth token')) })
  .strict();

export interface WebhookSecrets {
  webhooks: { baseUrl: string; twilioAuthTokens: ReadonlyMap<string, string> };
  contactKeySecret: string;
}

/** The public URL the provider calls (and signs), without a trailing slash: the API's own by default. */
export function webhookBaseUrl(env: Env): string {
  return (env.WEBHOOK_BASE_URL ?? `http://${env.API_HOST}:${env.API_PORT}`).replace(/\/+$/, '');
}

/** Reads the webhook configuration; a mistake stops start-up naming the variable or field. */
export function loadWebhookSecrets(
  env: Env,
  clinics: ClinicCatalogue,
  source: NodeJS.ProcessEnv = process.env,
): WebhookSecrets {
  return {
    webhooks: {
      baseUrl: webhookBaseUrl(env),
      twilioAuthTokens: loadTwilioAuthTokens(env, clinics, source),
    },
    contactKeySecret: loadContactKeySecret(env),
  };
}

function loadTwilioAuthTokens(
  env: Env,
  clinics: ClinicCatalogue,
  source: NodeJS.ProcessEnv,
): Map<string, string> {
  // A real Twilio account: the webhooks are signed with the auth tokens of the credentials the
  // adapters send with, so one secrets file serves both (a tokens file, if given, wins).
  if (!env.TWILIO_AUTH_TOKENS_FILE && (source[TWILIO_CREDENTIALS_FILE_ENV] || source[TWILIO_CREDENTIALS_ENV]))
    return tokensOfCredentials(source, clinics);
  const file = env.TWILIO_AUTH_TOKENS_FILE ?? resolve(env.DATA_DIR, DEV_TOKENS_FILE);
  // Without tokens every webhook is refused (403): safe, and the API still serves everything else.
  if (!env.TWILIO_AUTH_TOKENS_FILE && !existsSync(file)) return new Map();
  const raw = readJsonFile(file);
  const parsed = tokensFileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(file, describeIssues(parsed.error));
  const known = new Set(clinics.clinics.map((c) => c.id));
  const unknown = Object.keys(parsed.data.twilioAuthTokens).filter((id) => !known.has(id));
  if (unknown.length) {
    throw new ConfigError(
      file,
      unknown.map((id) => `twilioAuthTokens.${id}: unknown clinic "${id}"`),
    );
  }
  return new Map(Object.entries(parsed.data.twilioAuthTokens));
}

function tokensOfCredentials(source: NodeJS.ProcessEnv, clinics: ClinicCatalogue): Map<string, string> {
  let credentials;
  try {
    credentials = loadTwilioCredentials({ env: source });
  } catch (err) {
    if (err instanceof TwilioCredentialsError) throw new ConfigError(err.source, err.problems);
    throw err;
  }
  const known = new Set(clinics.clinics.map((c) => c.id));
  return new Map(
    credentials
      .clinicIds()
      .filter((id) => known.has(id))
      .map((id) => [id, credentials.get(id).authToken]),
  );
}

function loadContactKeySecret(env: Env): string {
  if (env.CONTACT_KEY_SECRET) return env.CONTACT_KEY_SECRET;
  const file = resolve(env.DATA_DIR, DEV_CONTACT_KEY_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  throw new ConfigError('environment variables', [
    `CONTACT_KEY_SECRET: must be set (at least 32 characters); npm start keeps a development one in ${file}`,
  ]);
}

/**
 * The embedded default's secrets. The contact-key secret is made once and kept: running cases
 * are found by keys made with it. Twilio tokens are minted afresh at every start, like the
 * development credentials, and returned to be printed.
 */
export function writeDevWebhookSecrets(
  env: Env,
  clinics: ClinicCatalogue,
): { clinicId: string; token: string }[] {
  const secretFile = resolve(env.DATA_DIR, DEV_CONTACT_KEY_FILE);
  if (!env.CONTACT_KEY_SECRET && !existsSync(secretFile)) {
    writeFileSync(secretFile, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  }
  if (env.TWILIO_AUTH_TOKENS_FILE) return [];
  const tokens = clinics.clinics.map((c) => ({ clinicId: c.id, token: randomBytes(16).toString('hex') }));
  const twilioAuthTokens = Object.fromEntries(tokens.map((t) => [t.clinicId, t.token]));
  writeFileSync(
    resolve(env.DATA_DIR, DEV_TOKENS_FILE),
    `${JSON.stringify({ twilioAuthTokens }, null, 2)}\n`,
    {
      mode: 0o600,
    },
  );
  return tokens;
}
