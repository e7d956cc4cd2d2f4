import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { loadPayloadKeys, newPayloadKeyRing, writeDevPayloadKeys } from '../../config/payload-keys';
import type { ConfigError } from '../../config/env';
import { ENCRYPTED_ENCODING, PayloadEncryption } from '../../temporal/payload-encryption';

// Every payload leaves our processes as AES-256-GCM ciphertext under a named key; older keys
// still decrypt after a rotation; a missing key is an error naming it.

const MARKER = 'MARKER-09012345678-bleeding-heavily';
const ring = (current: string, ...ids: string[]) => ({
  current,
  keys: new Map(ids.map((id) => [id, randomBytes(32)])),
});
const payloadOf = (value: unknown) => defaultPayloadConverter.toPayload(value)!;
const valueOf = (payload: Parameters<typeof defaultPayloadConverter.fromPayload>[0]) =>
  defaultPayloadConverter.fromPayload(payload);
const bytes = (p: { data?: Uint8Array | null }) => Buffer.from(p.data ?? []).toString('latin1');

test('a payload round-trips, and its ciphertext holds no trace of the value', async () => {
  const codec = new PayloadEncryption(ring('k1', 'k1'));
  const value = { phone: '+819012345678', text: MARKER };
  const [encrypted] = await codec.encode([payloadOf(value)]);
  expect(new TextDecoder().decode(encrypted!.metadata!.encoding!)).toBe(ENCRYPTED_ENCODING);
  expect(new TextDecoder().decode(encrypted!.metadata!['encryption-key-id']!)).toBe('k1');
  expect(bytes(encrypted!)).not.toContain('MARKER');
  expect(bytes(encrypted!)).not.toContain('9012345678');
  const [decrypted] = await codec.decode([encrypted!]);
  expect(valueOf(decrypted!)).toEqual(value);
});

test('the same value encrypts differently each time (a fresh IV)', async () => {
  const codec = new PayloadEncryption(ring('k1', 'k1'));
  const [a, b] = await codec.encode([payloadOf(MARKER), payloadOf(MARKER)]);
  expect(bytes(a!)).not.toEqual(bytes(b!));
});

test('rotation: a new current key encrypts, payloads under the old key still decrypt', async () => {
  const old = ring('k1', 'k1');
  const [before] = await new PayloadEncryption(old).encode([payloadOf('written in December')]);
  const rotated = { current: 'k2', keys: new Map([...old.keys, ['k2', randomBytes(32)]]) };
  const codec = new PayloadEncryption(rotated);
  const [after] = await codec.encode([payloadOf('written in January')]);
  expect(new TextDecoder().decode(after!.metadata!['encryption-key-id']!)).toBe('k2');
  const decoded = await codec.decode([before!, after!]);
  expect(decoded.map(valueOf)).toEqual(['written in December', 'written in January']);
});

test('a payload whose key is not in the ring is an error naming the key', async () => {
  const [encrypted] = await new PayloadEncryption(ring('gone', 'gone')).encode([payloadOf(1)]);
  await expect(new PayloadEncryption(ring('k1', 'k1')).decode([encrypted!])).rejects.toThrow(
    'payload key "gone" is needed to decrypt and is not in the key ring',
  );
});

test('tampered ciphertext or a key id swapped to another key is refused', async () => {
  const keys = ring('k1', 'k1', 'k2');
  keys.keys.set('k2', keys.keys.get('k1')!); // same bytes, other name: the id is authenticated
  const codec = new PayloadEncryption(keys);
  const [encrypted] = await codec.encode([payloadOf(MARKER)]);
  const tampered = Buffer.from(encrypted!.data!);
  tampered[20] = tampered[20]! ^ 1;
  await expect(codec.decode([{ ...encrypted!, data: tampered }])).rejects.toThrow();
  const renamed = {
    ...encrypted!,
    metadata: { ...encrypted!.metadata, 'encryption-key-id': new TextEncoder().encode('k2') },
  };
  await expect(codec.decode([renamed])).rejects.toThrow();
});

test('plaintext payloads from before encryption still decode as they are', async () => {
  const codec = new PayloadEncryption(ring('k1', 'k1'));
  const plain = payloadOf({ recorded: 'before' });
  expect((await codec.decode([plain]))[0]).toBe(plain);
});

test('a ring whose current key is missing or not 32 bytes is refused, naming it', () => {
  expect(() => new PayloadEncryption({ current: 'k9', keys: new Map([['k1', randomBytes(32)]]) })).toThrow(
    'payload key "k9" (the current one) is not in the key ring',
  );
  expect(() => new PayloadEncryption({ current: 'k1', keys: new Map([['k1', randomBytes(16)]]) })).toThrow(
    'payload key "k1" must be 32 bytes, not 16',
  );
});

describe('the key file', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'payload-keys-'));

  test('npm start keeps a development key ring in DATA_DIR, 0600, made once', () => {
    const DATA_DIR = dir();
    writeDevPayloadKeys({ DATA_DIR });
    const file = join(DATA_DIR, 'dev-payload-keys.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const first = loadPayloadKeys({ DATA_DIR });
    writeDevPayloadKeys({ DATA_DIR });
    expect(loadPayloadKeys({ DATA_DIR }).keys.get(first.current)).toEqual(first.keys.get(first.current));
  });

  test('a missing file, a bad key or an unknown current key stops start-up naming it', () => {
    const DATA_DIR = dir();
    expect(() => loadPayloadKeys({ DATA_DIR })).toThrow(/PAYLOAD_KEYS_FILE: must be set/);
    expect(() => loadPayloadKeys({ DATA_DIR, PAYLOAD_KEYS_FILE: join(DATA_DIR, 'nope.json') })).toThrow(
      /PAYLOAD_KEYS_FILE: .*nope\.json does not exist/,
    );
    const file = join(DATA_DIR, 'keys.json');
    const good = newPayloadKeyRing('2026-12');
    writeFileSync(file, JSON.stringify({ current: '2027-01', keys: { ...good.keys, short: 'AAAA' } }));
    let error: ConfigError | undefined;
    try {
      loadPayloadKeys({ DATA_DIR, PAYLOAD_KEYS_FILE: file });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error?.problems).toEqual([
      'keys.short: must be 32 bytes, base64 (openssl rand -base64 32)',
      'current: must name one of "keys"',
    ]);
  });
});
