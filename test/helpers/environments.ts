import { resolve } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { LocalTestWorkflowEnvironmentOptions } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { loadPayloadKeys } from '../../config/payload-keys';
import { encryption } from '../../temporal/data-converter';
import {
  DEV_SERVER_SEARCH_ATTRIBUTE_ARGS,
  registerSearchAttributes,
} from '../../temporal/register-search-attributes';
import { ALL_SEARCH_ATTRIBUTES } from '../../temporal/search-attributes';
import { PRELOADED_MODULES } from '../../worker/workflow-bundle';
import { temporalCli, timeSkippingServer } from './temporal-binaries';

/**
 * The test key ring (public, in the repository: never for real data). Every test client and
 * worker encrypts with it, as the system does with its own; the recorded histories of
 * test/replay are encrypted with it.
 */
export const TEST_PAYLOAD_KEYS_FILE = resolve(__dirname, '..', 'fixtures', 'test-payload-keys.json');
export const TEST_ENCRYPTION = encryption(
  loadPayloadKeys({ PAYLOAD_KEYS_FILE: TEST_PAYLOAD_KEYS_FILE, DATA_DIR: '' }),
);
/** For createWorker, Worker.runReplayHistory and clients: `{ payloadCodecs: [the test codec] }`. */
export const TEST_DATA_CONVERTER = TEST_ENCRYPTION.dataConverter;

/** A time-skipping server with our search attributes registered (via the operator service). */
export async function timeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: timeSkippingServer() } },
    client: { dataConverter: TEST_DATA_CONVERTER },
  });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

/**
 * A real Temporal dev server (the same CLI `npm start` runs), in memory unless `server` names a
 * database file, with our search attributes; its client encrypts with the test key ring.
 */
export function localEnvironment(
  server: Pick<
    NonNullable<LocalTestWorkflowEnvironmentOptions['server']>,
    'dbFilename' | 'ui' | 'uiPort'
  > = {},
): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCli() },
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      extraArgs: ['--log-level', 'error', ...DEV_SERVER_SEARCH_ATTRIBUTE_ARGS],
      ...server,
    },
    client: { dataConverter: TEST_DATA_CONVERTER },
  });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** Bundle the workflows once per test file. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    failureConverterPath: TEST_DATA_CONVERTER.failureConverterPath,
    logger: quietBundlerLogger,
    preloadModules: PRELOADED_MODULES,
  });
  return bundle;
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string, meta?: unknown) => console.error(message, meta),
};
