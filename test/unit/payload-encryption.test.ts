import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { loadPayloadKeys, newPayloadKeyRing, writeDevPayloadKeys } from '../../config/payload-keys';
import type { ConfigError } from '../../config/env';
import { clinicOfWorkflowId } from '../../domain/case-ids';
import { ENCRYPTED_ENCODING, encryptionOf, PayloadEncryption } from '../../temporal/payload-encryption';

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

describe('the clinic tag', () => {
  const codec = new PayloadEncryption(ring('k1', 'k1'));
  const workflow = (workflowId: string) => ({ type: 'workflow' as const, namespace: 'default', workflowId });

  test('a case workflow or its child, or an activity it scheduled, tags the payload with its clinic', async () => {
    const contexts = [
      workflow('journey:aoyama-aesthetic:S-1'),
      workflow('journey:aoyama-aesthetic:S-1:incident-2'),
      workflow('complaint:aoyama-aesthetic:C-1'),
      workflow('contact:aoyama-aesthetic:CC-1'),
      {
        type: 'activity' as const,
        namespace: 'default',
        workflowId: 'journey:aoyama-aesthetic:S-1',
        isLocal: false,
      },
    ];
    for (const context of contexts) {
      const [encrypted] = await codec.encode([payloadOf(MARKER)], context);
      expect(encryptionOf(encrypted!)).toEqual({ encrypted: true, clinicId: 'aoyama-aesthetic' });
      expect(valueOf((await codec.decode([encrypted!]))[0]!)).toBe(MARKER);
    }
  });

  test('without a case workflow id the payload is encrypted untagged', async () => {
    for (const context of [undefined, workflow('other:aoyama-aesthetic:1'), workflow('journey:')]) {
      const [encrypted] = await codec.encode([payloadOf(MARKER)], context);
      expect(encryptionOf(encrypted!)).toEqual({ encrypted: true });
      expect(valueOf((await codec.decode([encrypted!]))[0]!)).toBe(MARKER);
    }
    expect(encryptionOf(payloadOf(MARKER))).toEqual({ encrypted: false });
  });

  test('the tag is authenticated: moved to another clinic, or removed, the payload does not decrypt', async () => {
    const [encrypted] = codec.encodeFor([payloadOf(MARKER)], 'aoyama-aesthetic');
    const retagged = {
      ...encrypted!,
      metadata: { ...encrypted!.metadata, 'encryption-clinic-id': new TextEncoder().encode('other-clinic') },
    };
    await expect(codec.decode([retagged])).rejects.toThrow();
    const { 'encryption-clinic-id': _removed, ...untagged } = encrypted!.metadata!;
    await expect(codec.decode([{ ...encrypted!, metadata: untagged }])).rejects.toThrow();
  });

  test('clinicOfWorkflowId reads only our case ids', () => {
    expect(clinicOfWorkflowId('journey:aoyama-aesthetic:S-1:visit-rv-1')).toBe('aoyama-aesthetic');
    expect(clinicOfWorkflowId('complaint:c1:C-1')).toBe('c1');
    expect(clinicOfWorkflowId('contact:c1:CC-1:incident-1')).toBe('c1');
    for (const id of ['journey:c1', 'journey::S-1', 'journey:c1:', 'schedule:c1:x', 'journey:c 1:S-1'])
      expect(clinicOfWorkflowId(id)).toBeUndefined();
  });
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

  test('the test key ring in the repository loads (and says it is a test key)', () => {
    const file = join(__dirname, '..', 'fixtures', 'test-payload-keys.json');
    expect(loadPayloadKeys({ DATA_DIR: '', PAYLOAD_KEYS_FILE: file }).current).toBe('test-1');
    expect(JSON.parse(readFileSync(file, 'utf8')).note).toMatch(/^TEST KEY ONLY/);
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
