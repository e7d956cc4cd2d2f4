import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { ValueError } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

// Every payload (workflow inputs and results, signals, updates, queries, memos, failure
// details) leaves our processes encrypted with AES-256-GCM, so the Temporal server, its
// database and its Web UI hold only ciphertext. The key id travels in the payload's metadata:
// a new key encrypts, older keys still decrypt (rotation), and a payload whose key is missing
// is an error naming that key. Payloads written before encryption (plaintext) still decode.

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface PayloadKeys {
  /** The key new payloads are encrypted with. */
  current: string;
  /** Every key that may still be needed to decrypt, by id; each 32 bytes. */
  keys: ReadonlyMap<string, Buffer>;
}

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array | null | undefined) => (b ? new TextDecoder().decode(b) : undefined);

export class PayloadEncryption implements PayloadCodec {
  constructor(private readonly ring: PayloadKeys) {
    const key = ring.keys.get(ring.current);
    if (!key) throw new ValueError(`payload key "${ring.current}" (the current one) is not in the key ring`);
    for (const [id, k] of ring.keys)
      if (k.length !== 32) throw new ValueError(`payload key "${id}" must be 32 bytes, not ${k.length}`);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const keyId = this.ring.current;
    const key = this.ring.keys.get(keyId)!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      // The key id is authenticated too: a payload cannot be moved under another key's name.
      cipher.setAAD(Buffer.from(keyId));
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: text(ENCRYPTED_ENCODING), [KEY_ID]: text(keyId) }, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (str(payload.metadata?.encoding) !== ENCRYPTED_ENCODING) return payload;
      const keyId = str(payload.metadata?.[KEY_ID]);
      if (!keyId) throw new ValueError('an encrypted payload carries no key id');
      const key = this.ring.keys.get(keyId);
      if (!key) throw new ValueError(`payload key "${keyId}" is needed to decrypt and is not in the key ring`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError('an encrypted payload is too short');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(keyId));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}
