import { DefaultFailureConverter } from '@temporalio/common';

// Failures' messages and stack traces are moved into an encoded payload (encrypted by the payload
// codec like every other), so that an error quoting a patient's words or number never reaches
// the Temporal server in plaintext: the server and the Web UI without the codec show "Encoded
// failure". Loaded by path (temporal/data-converter.ts) in the worker, where it also runs inside
// the workflow sandbox: this module imports @temporalio/common only.
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
