import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadEnv } from '../../config/env';
import { loadWebhookSecrets, writeDevWebhookSecrets } from '../../config/webhook-secrets';
import { clinic, clinics } from '../helpers/fixtures';

// Webhook configuration: the public base URL, the per-clinic Twilio tokens file and the
// ContactKey secret, with the development defaults `npm start` writes into DATA_DIR.

const dataDir = () => mkdtempSync(join(tmpdir(), 'care-webhooks-'));
const SECRET = 'x'.repeat(40);

test('defaults: the API address, no tokens (every webhook refused), the secret from the environment', () => {
  const env = loadEnv({ DATA_DIR: dataDir(), CONTACT_KEY_SECRET: SECRET });
  const { webhooks, contactKeySecret } = loadWebhookSecrets(env, clinics);
  expect(webhooks.baseUrl).toBe('http://127.0.0.1:3000');
  expect(webhooks.twilioAuthTokens.size).toBe(0);
  expect(contactKeySecret).toBe(SECRET);
});

test('without a secret the API does not start, naming CONTACT_KEY_SECRET', () => {
  const env = loadEnv({ DATA_DIR: dataDir() });
  expect(() => loadWebhookSecrets(env, clinics)).toThrow(/CONTACT_KEY_SECRET: must be set/);
  expect(() => loadEnv({ CONTACT_KEY_SECRET: 'short' })).toThrow(/CONTACT_KEY_SECRET: must be at least 32/);
  expect(() => loadEnv({ WEBHOOK_BASE_URL: 'ftp://x' })).toThrow(
    /WEBHOOK_BASE_URL: must be an http\(s\) URL/,
  );
});

test('npm start: a development secret kept across starts, fresh Twilio tokens each start', () => {
  const env = loadEnv({ DATA_DIR: dataDir(), WEBHOOK_BASE_URL: 'https://care.example.test/' });
  const first = writeDevWebhookSecrets(env, clinics);
  const secret = loadWebhookSecrets(env, clinics).contactKeySecret;
  const second = writeDevWebhookSecrets(env, clinics);
  const loaded = loadWebhookSecrets(env, clinics);
  expect(loaded.contactKeySecret).toBe(secret);
  expect(secret.length).toBeGreaterThanOrEqual(32);
  expect(first[0]!.token).not.toBe(second[0]!.token);
  expect(loaded.webhooks.twilioAuthTokens.get(clinic.id)).toBe(second[0]!.token);
  expect(loaded.webhooks.baseUrl).toBe('https://care.example.test');
});

test('a tokens file: read per clinic; a missing file or an unknown clinic stops start-up by name', () => {
  const dir = dataDir();
  const file = join(dir, 'twilio.json');
  const env = loadEnv({ DATA_DIR: dir, CONTACT_KEY_SECRET: SECRET, TWILIO_AUTH_TOKENS_FILE: file });
  expect(() => loadWebhookSecrets(env, clinics)).toThrow(ConfigError);
  writeFileSync(
    file,
    JSON.stringify({ twilioAuthTokens: { [clinic.id]: 'a'.repeat(32), nowhere: 'b'.repeat(32) } }),
  );
  expect(() => loadWebhookSecrets(env, clinics)).toThrow(/twilioAuthTokens.nowhere: unknown clinic/);
  writeFileSync(file, JSON.stringify({ twilioAuthTokens: { [clinic.id]: 'a'.repeat(32) } }));
  expect(loadWebhookSecrets(env, clinics).webhooks.twilioAuthTokens.get(clinic.id)).toBe('a'.repeat(32));
  expect(writeDevWebhookSecrets(env, clinics)).toEqual([]); // a configured file is never overwritten
  expect(JSON.parse(readFileSync(file, 'utf8')).twilioAuthTokens[clinic.id]).toBe('a'.repeat(32));
  expect(existsSync(join(dir, 'dev-contact-key-secret'))).toBe(false); // the secret came from the environment
});

test('a real Twilio account: without a tokens file the webhooks check the credentials’ auth tokens (one secrets file)', () => {
  const dir = dataDir();
  const credentials = join(dir, 'twilio-credentials.json');
  const token = 'c'.repeat(32);
  writeFileSync(
    credentials,
    JSON.stringify({
      clinics: { [clinic.id]: { accountSid: 'AC' + 'd'.repeat(32), authToken: token, from: '+81312345678' } },
    }),
  );
  const env = loadEnv({ DATA_DIR: dir, CONTACT_KEY_SECRET: SECRET });
  const source = { TWILIO_CREDENTIALS_FILE: credentials };
  expect(loadWebhookSecrets(env, clinics, source).webhooks.twilioAuthTokens.get(clinic.id)).toBe(token);
  // A malformed credentials file stops start-up naming the field, never the value.
  writeFileSync(
    credentials,
    JSON.stringify({ clinics: { [clinic.id]: { accountSid: 'AC1', authToken: 'x' } } }),
  );
  expect(() => loadWebhookSecrets(env, clinics, source)).toThrow(/authToken: must be 32 hex digits/);
  expect(() => loadWebhookSecrets(env, clinics, source)).not.toThrow(/"x"/);
  // An explicit tokens file still wins.
  const tokens = join(dir, 'tokens.json');
  writeFileSync(tokens, JSON.stringify({ twilioAuthTokens: { [clinic.id]: 'e'.repeat(32) } }));
  const withFile = loadEnv({ DATA_DIR: dir, CONTACT_KEY_SECRET: SECRET, TWILIO_AUTH_TOKENS_FILE: tokens });
  expect(loadWebhookSecrets(withFile, clinics, source).webhooks.twilioAuthTokens.get(clinic.id)).toBe(
    'e'.repeat(32),
  );
});
