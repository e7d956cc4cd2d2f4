import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { ValueError } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { clinicOfWorkflowId } from '../domain/case-ids';

// Every payload (workflow inputs and results, signals, updates, queries, memos, failure
// details) leaves our processes encrypted with AES-256-GCM, so the Temporal server, its
// database and its Web UI hold only ciphertext. The key id travels in the payload's metadata:
// a new key encrypts, older keys still decrypt (rotation), and a payload whose key is missing
// is an error naming that key. Payloads written before encryption (plaintext) still decode.
//
// Each payload is also tagged with the clinic whose case it belongs to, when the SDK tells the
// codec which workflow owns it (our workflow ids are `journey:<clinicId>:…`, `complaint:<clinicId>:…`,
// `contact:<clinicId>:…`, children included): the codec endpoint (api/routes/codec.ts) decrypts
// for a caller only the payloads of the caller's clinic. The tag is authenticated with the key id
// (GCM additional data), so it cannot be changed to another clinic's without the key.

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const CLINIC_ID = 'encryption-clinic-id';
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

  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    return this.encodeFor(payloads, context?.workflowId ? clinicOfWorkflowId(context.workflowId) : undefined);
  }

  /** Encrypts, tagging each payload with `clinicId` (none: untagged). */
  encodeFor(payloads: Payload[], clinicId: string | undefined): Payload[] {
    const keyId = this.ring.current;
    const key = this.ring.keys.get(keyId)!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      // The key id and the clinic are authenticated too: a payload cannot be moved under another
      // key's name or another clinic's.
      cipher.setAAD(additionalData(keyId, clinicId));
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      const metadata: Record<string, Uint8Array> = {
        encoding: text(ENCRYPTED_ENCODING),
        [KEY_ID]: text(keyId),
      };
      if (clinicId) metadata[CLINIC_ID] = text(clinicId);
      return { metadata, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (str(payload.metadata?.encoding) !== ENCRYPTED_ENCODING) return payload;
      const keyId = str(payload.metadata?.[KEY_ID]);
      if (!keyId) throw new ValueError('an encrypted payload carries no key id');
      const key = this.ring.keys.get(keyId);
      if (!key)
        throw new ValueError(`payload key "${keyId}" is needed to decrypt and is not in the key ring`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError('an encrypted payload is too short');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAAD(additionalData(keyId, str(payload.metadata?.[CLINIC_ID])));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

/** Whether a payload is encrypted by this codec, and for which clinic (undefined: untagged). */
export function encryptionOf(
  payload: Payload,
): { encrypted: false } | { encrypted: true; clinicId?: string } {
  if (str(payload.metadata?.encoding) !== ENCRYPTED_ENCODING) return { encrypted: false };
  const clinicId = str(payload.metadata?.[CLINIC_ID]);
  return clinicId ? { encrypted: true, clinicId } : { encrypted: true };
}

// Key ids and clinic ids have no newline (config/payload-keys.ts, domain/case-ids.ts OPAQUE_ID).
const additionalData = (keyId: string, clinicId: string | undefined) =>
  Buffer.from(clinicId ? `${keyId}\n${clinicId}` : keyId);
