import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadEnv } from '../../config/env';
import { loadProviders, writeDevTwilioCredentials } from '../../config/providers';

// Which adapter serves each port is configuration (config/providers.ts): a mistake stops start-up
// naming the variable, file or field, never a secret's value.

const dir = mkdtempSync(join(tmpdir(), 'providers-'));
const env = loadEnv({ DATA_DIR: dir });
const TOKEN = '0123456789abcdef0123456789abcdef';
const account = { accountSid: `AC${'a'.repeat(32)}`, authToken: TOKEN, from: '+815000010000' };
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const problems = (f: () => unknown): string[] => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('no ConfigError');
};

test('local (the default): the simulator and the local FHIR server, with the accounts npm start mints', () => {
  writeDevTwilioCredentials(env, [{ clinicId: 'aoyama-aesthetic', token: TOKEN }]);
  const providers = loadProviders(env, {});
  expect(providers).toMatchObject({
    mode: 'local',
    twilio: { apiBaseUrl: 'http://127.0.0.1:3010', sentStoreFile: join(dir, 'twilio-sent.jsonl') },
    fhir: { baseUrl: 'http://127.0.0.1:8103/' },
  });
  if (providers.mode === 'outbox') throw new Error('unexpected');
  expect(providers.twilio.credentials.get('aoyama-aesthetic').authToken).toBe(TOKEN);
  expect(loadProviders(env, { TWILIO_SIMULATOR_PORT: '4010', FHIR_PORT: '9103' })).toMatchObject({
    twilio: { apiBaseUrl: 'http://127.0.0.1:4010' },
    fhir: { baseUrl: 'http://127.0.0.1:9103/' },
  });
});

test('production: Twilio itself and the clinic FHIR server; both must be named', () => {
  const credentials = file('twilio.json', { clinics: { 'aoyama-aesthetic': account } });
  expect(
    loadProviders(env, {
      PROVIDERS: 'production',
      TWILIO_CREDENTIALS_FILE: credentials,
      FHIR_BASE_URL: 'https://fhir.clinic.example/',
      FHIR_BEARER_TOKEN: 'secret-token',
    }),
  ).toMatchObject({
    mode: 'production',
    twilio: { apiBaseUrl: 'https://api.twilio.com' },
    fhir: { baseUrl: 'https://fhir.clinic.example/', bearerToken: 'secret-token' },
  });
  expect(problems(() => loadProviders(env, { PROVIDERS: 'production' }))).toEqual([
    'TWILIO_CREDENTIALS_FILE: must be set (or TWILIO_CREDENTIALS) when PROVIDERS=production',
    'FHIR_BASE_URL: must be set when PROVIDERS=production',
  ]);
});

test('a malformed account names the clinic and field, never the token', () => {
  const bad = file('bad.json', {
    clinics: { 'aoyama-aesthetic': { ...account, authToken: 'not-hex-secret-value' } },
  });
  const found = problems(() =>
    loadProviders(env, {
      PROVIDERS: 'production',
      TWILIO_CREDENTIALS_FILE: bad,
      FHIR_BASE_URL: 'https://f.example/',
    }),
  );
  expect(found.join('\n')).toMatch(/clinic "aoyama-aesthetic": .*authToken/);
  expect(found.join('\n')).not.toContain('not-hex-secret-value');
});

test('bad values are refused naming the variable', () => {
  expect(problems(() => loadProviders(env, { PROVIDERS: 'twilio' })).join()).toMatch(/^PROVIDERS: /);
  expect(problems(() => loadProviders(env, { FHIR_BASE_URL: 'ftp://x' })).join()).toMatch(/^FHIR_BASE_URL: /);
  expect(problems(() => loadProviders(env, { TWILIO_SIMULATOR_PORT: '' })).join()).toMatch(
    /^TWILIO_SIMULATOR_PORT: /,
  );
});

test('outbound webhooks: a signing secret and http(s) URLs, checked by field', () => {
  writeDevTwilioCredentials(env, [{ clinicId: 'aoyama-aesthetic', token: TOKEN }]);
  const good = file('hooks.json', {
    secret: 's'.repeat(32),
    urls: { billing: 'https://billing.example/hook' },
  });
  expect(loadProviders(env, { OUTBOUND_WEBHOOKS_FILE: good })).toMatchObject({
    outboundWebhooks: { urls: { billing: 'https://billing.example/hook' } },
  });
  const bad = file('bad-hooks.json', {
    secret: 'short',
    urls: { billing: 'mailto:x', payroll: 'https://p' },
  });
  expect(problems(() => loadProviders(env, { OUTBOUND_WEBHOOKS_FILE: bad })).sort()).toEqual([
    'secret: must be at least 32 characters',
    'urls.billing: must be an http(s) URL',
    expect.stringMatching(/^urls: .*payroll/),
  ]);
});

test('outbox: every outbound action to the development outbox, nothing else read', () => {
  expect(loadProviders(env, { PROVIDERS: 'outbox' })).toEqual({ mode: 'outbox' });
});
