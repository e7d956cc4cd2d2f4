import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { TEST_DATA_CONVERTER, workflowBundle } from '../helpers/environments';
import { historyFromObject } from './history-file';
import { COMPLAINT_SCENARIOS } from './complaint-scenario';
import { CONTACT_SCENARIOS } from './contact-scenario';
import { SCENARIOS } from './scenarios';

// Recorded histories of the main paths (re-record with `npm run record-histories`) must replay
// against today's workflow code: a change that would break running journeys fails here.

// histories/ holds today's recordings; its subfolders keep recordings made by older workflow
// code (named after the patched() change that followed them), which must replay forever.
const dir = join(__dirname, 'histories');
const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
const histories = files.map((file) => ({
  file,
  history: historyFromObject(JSON.parse(readFileSync(join(dir, file), 'utf8'))),
}));

test('there are recorded histories to replay', () => {
  expect(histories.map((h) => h.file)).toEqual(
    expect.arrayContaining([
      ...SCENARIOS.map((s) => `${s.name}.json`),
      ...COMPLAINT_SCENARIOS.map((name) => `${name}.json`),
      ...CONTACT_SCENARIOS.map((name) => `${name}.json`),
      'before-contact-callbacks-kept/contact-callback.json',
    ]),
  );
});

test.each(histories.map((h) => [h.file, h.history] as const))(
  '%s replays deterministically',
  async (_file, history) => {
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: await workflowBundle(), dataConverter: TEST_DATA_CONVERTER },
        history,
      ),
    ).resolves.toBeUndefined();
  },
);

test('a workflow change that reorders commands is caught by replay', async () => {
  const reordered = await bundleWorkflowCode({
    workflowsPath: require.resolve('./fixtures/reordered-workflows'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
  const first = histories.find((h) => /^journey-[^./]+\.json$/.test(h.file));
  await expect(
    Worker.runReplayHistory(
      { workflowBundle: reordered, dataConverter: TEST_DATA_CONVERTER },
      first!.history,
    ),
  ).rejects.toBeInstanceOf(DeterminismViolationError);
});
