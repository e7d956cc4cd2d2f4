import type { NativeConnection } from '@temporalio/worker';
import { createDevAdapters } from '../../adapters/dev';
import { loadEnv } from '../../config/env';
import { workerOptions } from '../../worker/create-worker';
import { workflowTaskOptions } from '../../worker/workflow-task-slots';
import { TEST_DATA_CONVERTER } from '../helpers/environments';
import { configuredClinics as clinics, tempOutboxFile } from '../helpers/fixtures';

// The worker holds 6 workflow tasks at once, polled by 2, unless WORKER_WORKFLOW_TASK_SLOTS says
// otherwise: the rest wait at the server, where urgent tasks go first; the polls stay fewer than
// the slots, or the cached workflows' queue goes unpolled (issue 13).

const deps = {
  connection: {} as NativeConnection, // not connected: only the options are read
  namespace: 'default',
  taskQueue: 'care',
  adapters: createDevAdapters(tempOutboxFile(), clinics),
  dataConverter: TEST_DATA_CONVERTER,
};

test('six workflow tasks at once by default, polled by two; the configured number otherwise', () => {
  expect(workerOptions(deps)).toMatchObject({
    maxConcurrentWorkflowTaskExecutions: 6,
    workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: 2 },
  });
  expect(workerOptions({ ...deps, workflowTaskSlots: 12 })).toMatchObject({
    maxConcurrentWorkflowTaskExecutions: 12,
    workflowTaskPollerBehavior: { maximum: 2 },
  });
  expect(workerOptions({ ...deps, maxCachedWorkflows: 500 }).maxCachedWorkflows).toBe(500);
});

test('the polls always leave a slot for a task at work', () => {
  for (const slots of [2, 3, 6, 40])
    expect(workflowTaskOptions(slots).workflowTaskPollerBehavior.maximum).toBeLessThan(slots);
  expect(() => workflowTaskOptions(1)).toThrow('workflow task slots: at least 2, not 1');
});

test('WORKER_WORKFLOW_TASK_SLOTS: unset means the default, a whole number of 2 or more is taken', () => {
  expect(loadEnv({}).WORKER_WORKFLOW_TASK_SLOTS).toBeUndefined();
  expect(loadEnv({ WORKER_WORKFLOW_TASK_SLOTS: '8' }).WORKER_WORKFLOW_TASK_SLOTS).toBe(8);
});

test.each(['', 'few', '-1', '0', '1', '2.5'])(
  'WORKER_WORKFLOW_TASK_SLOTS=%j is refused, naming it',
  (value) => {
    expect(() => loadEnv({ WORKER_WORKFLOW_TASK_SLOTS: value })).toThrow(/WORKER_WORKFLOW_TASK_SLOTS/);
  },
);
