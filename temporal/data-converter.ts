import type { DataConverter } from '@temporalio/common';
import type { PayloadKeys } from './payload-encryption';
import { PayloadEncryption } from './payload-encryption';

/**
 * The one data converter of every client and worker (API, worker, tests, history recording,
 * replay): the default payload conversion, then encryption (temporal/payload-encryption.ts).
 * A client or worker without it writes plaintext and cannot read what the others wrote.
 */
export function encryption(keys: PayloadKeys): { codec: PayloadEncryption; dataConverter: DataConverter } {
  const codec = new PayloadEncryption(keys);
  return { codec, dataConverter: { payloadCodecs: [codec] } };
}
