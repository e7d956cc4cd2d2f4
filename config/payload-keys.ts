import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { describeIssues } from '../domain/validation';
import type { PayloadKeys } from '../temporal/payload-encryption';
import type { Env } from './env';
import { ConfigError, readJsonFile } from './env';

// The keys that encrypt every Temporal payload (temporal/payload-encryption.ts). A JSON file
// (PAYLOAD_KEYS_FILE, a secret mounted at run time, never in the image or the repository):
//   { "current": "2027-01", "keys": { "2026-12": "<base64, 32 bytes>", "2027-01": "<…>" } }
// (and an optional "note" for people, e.g. who rotated it when).
// Rotation: add a key, make it current; keep the old ones while any history written with them
// is still retained. Unset, the embedded default uses a development key `npm start` keeps in
// DATA_DIR (0600). A missing or bad key stops start-up naming it.

export const DEV_PAYLOAD_KEYS_FILE = 'dev-payload-keys.json';

const keyId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be 1-64 letters, digits, ".", "-" or "_"');
const key = z
  .string()
  .refine(
    (k) => Buffer.from(k, 'base64').length === 32,
    'must be 32 bytes, base64 (openssl rand -base64 32)',
  );
const keysFileSchema = z
  .object({ note: z.string().optional(), current: keyId, keys: z.record(keyId, key) })
  .strict()
  .refine((f) => f.current in f.keys, { message: 'must name one of "keys"', path: ['current'] });

export function payloadKeysFile(env: Pick<Env, 'PAYLOAD_KEYS_FILE' | 'DATA_DIR'>): string {
  return env.PAYLOAD_KEYS_FILE ?? resolve(env.DATA_DIR, DEV_PAYLOAD_KEYS_FILE);
}

/** Reads the key ring; a mistake stops start-up naming the file and the field. */
export function loadPayloadKeys(env: Pick<Env, 'PAYLOAD_KEYS_FILE' | 'DATA_DIR'>): PayloadKeys {
  const file = payloadKeysFile(env);
  if (!existsSync(file))
    throw new ConfigError('environment variables', [
      env.PAYLOAD_KEYS_FILE
        ? `PAYLOAD_KEYS_FILE: ${file} does not exist`
        : `PAYLOAD_KEYS_FILE: must be set; npm start keeps a development key ring in ${file}`,
    ]);
  const raw = readJsonFile(file);
  const parsed = keysFileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(file, describeIssues(parsed.error));
  const keys = new Map(Object.entries(parsed.data.keys).map(([id, k]) => [id, Buffer.from(k, 'base64')]));
  return { current: parsed.data.current, keys };
}

/** A fresh key ring of one key (what `npm start` keeps for development). */
export function newPayloadKeyRing(id = 'dev-1'): { current: string; keys: Record<string, string> } {
  return { current: id, keys: { [id]: randomBytes(32).toString('base64') } };
}

/** The embedded default's key ring, made once and kept: histories written with it must stay readable. */
export function writeDevPayloadKeys(env: Pick<Env, 'PAYLOAD_KEYS_FILE' | 'DATA_DIR'>): void {
  const file = payloadKeysFile(env);
  if (env.PAYLOAD_KEYS_FILE || existsSync(file)) return;
  writeFileSync(file, `${JSON.stringify(newPayloadKeyRing(), null, 2)}\n`, { mode: 0o600 });
}
