import type { DataConverter } from '@temporalio/common';
import type { PayloadKeys } from './payload-encryption';
import { PayloadEncryption } from './payload-encryption';

/**
 * The one data converter of every client and worker (API, worker, tests, history recording,
 * replay): the default payload conversion, then encryption (temporal/payload-encryption.ts);
 * failures' messages and stack traces encoded too (temporal/failure-converter.ts). A client or
 * worker without it writes plaintext and cannot read what the others wrote. A worker given a
 * pre-built workflow bundle needs the bundle built with the same `failureConverterPath`.
 */
export function encryption(keys: PayloadKeys): { codec: PayloadEncryption; dataConverter: DataConverter } {
  const codec = new PayloadEncryption(keys);
  return {
    codec,
    dataConverter: { payloadCodecs: [codec], failureConverterPath: FAILURE_CONVERTER_PATH },
  };
}

export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');
