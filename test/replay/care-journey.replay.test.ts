import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { workflowBundle } from '../helpers/environments';
import { historyFromObject } from './history-file';
import { SCENARIOS } from './scenarios';

// Recorded histories of the main paths (re-record with `npm run record-histories`) must replay
// against today's workflow code: a change that would break running journeys fails here.

const dir = join(__dirname, 'histories');
const histories = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((file) => ({ file, history: historyFromObject(JSON.parse(readFileSync(join(dir, file), 'utf8'))) }));

test('there are recorded histories to replay', () => {
  expect(histories.map((h) => h.file)).toEqual(
    expect.arrayContaining(SCENARIOS.map((s) => `${s.name}.json`)),
  );
});

test.each(histories.map((h) => [h.file, h.history] as const))(
  '%s replays deterministically',
  async (_file, history) => {
    await expect(
      Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history),
    ).resolves.toBeUndefined();
  },
);

test('a workflow change that reorders commands is caught by replay', async () => {
  const reordered = await bundleWorkflowCode({
    workflowsPath: require.resolve('./fixtures/reordered-workflows'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
  const first = histories.find((h) => /^journey-[^.]+\.json$/.test(h.file));
  await expect(Worker.runReplayHistory({ workflowBundle: reordered }, first!.history)).rejects.toBeInstanceOf(
    DeterminismViolationError,
  );
});
