import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createDevAdapters } from '../../adapters/dev';
import { careJourney } from '../../workflows';
import { journeyStateQuery } from '../../workflows/journey-definitions';
import { createWorker } from '../../worker/create-worker';
import {
  localEnvironment,
  TEST_DATA_CONVERTER,
  TEST_PAYLOAD_KEYS_FILE,
  workflowBundle,
} from '../helpers/environments';
import { clinics, journeyInput, tempOutboxFile } from '../helpers/fixtures';

// `npm run replay-check` against a real dev server: a running journey (encrypted with the test
// key ring) replays against this checkout's code: exit 0 and the count; an unreachable server is
// exit 2. (That a changed workflow fails to replay is what test/replay/ proves on recordings.)

const ROOT = resolve(__dirname, '..', '..');
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  env = await localEnvironment();
  worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: 'replay-check',
    adapters: createDevAdapters(tempOutboxFile(), clinics),
    dataConverter: TEST_DATA_CONVERTER,
    workflowBundle: await workflowBundle(),
  });
  running = worker.run();
}, 120_000);
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

const check = (address: string, query?: string) =>
  spawnSync(
    process.execPath,
    ['--require', '@swc-node/register', 'scripts/replay-check.ts', ...(query ? [query] : [])],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, TEMPORAL_ADDRESS: address, PAYLOAD_KEYS_FILE: TEST_PAYLOAD_KEYS_FILE },
    },
  );

test('a running journey replays against this code: exit 0 and how many', async () => {
  const input = journeyInput();
  const handle = await env.client.workflow.start(careJourney, {
    taskQueue: 'replay-check',
    workflowId: input.journeyId,
    args: [input],
  });
  for (let i = 0; i < 200; i++) {
    if ((await handle.query(journeyStateQuery)).stage === 'monitoring') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const run = check(env.address, `WorkflowId = '${input.journeyId}'`);
  expect({ status: run.status, stderr: run.stderr.slice(-2000) }).toMatchObject({ status: 0 });
  expect(run.stdout).toContain(`replayed 1 cases (WorkflowId = '${input.journeyId}'): 1 ok, 0 failed`);
}, 180_000);

test('an unreachable server is exit 2 with the reason', () => {
  const run = check('127.0.0.1:1');
  expect(run.status).toBe(2);
  expect(run.stderr.length).toBeGreaterThan(0);
}, 180_000);
