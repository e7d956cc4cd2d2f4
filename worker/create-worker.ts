import type { DataConverter } from '@temporalio/common';
import type { NativeConnection, WorkerOptions } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Adapters } from '../adapters';
import type { QualityDeps } from '../activities/quality-report';
import { qualityReportActivities } from '../activities/quality-report';
import { routineQueueOf } from '../temporal/task-queue';
import { PRELOADED_MODULES } from './workflow-bundle';
import { defaultCachedWorkflows } from './workflow-cache';
import { workflowTaskOptions } from './workflow-task-slots';

export interface WorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  adapters: Adapters;
  /** Encrypts every payload (temporal/data-converter.ts): required, so no worker writes plaintext. */
  dataConverter: DataConverter;
  /** Pre-built workflow bundle (tests bundle once per file); otherwise bundled from source. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** The monthly quality report's reading of cases and its store; without it that activity is not registered. */
  quality?: QualityDeps;
  /** Workflow executions kept in each lane's cache (WORKER_CACHED_WORKFLOWS); default: by the heap (workflow-cache.ts). */
  maxCachedWorkflows?: number;
  /** Workflow tasks each lane holds at once (WORKER_WORKFLOW_TASK_SLOTS); default: workflow-task-slots.ts. */
  workflowTaskSlots?: number;
}

/**
 * The care worker: every care workflow and its activities, with adapters injected, in two lanes —
 * the cases' task queue and its routine lane (temporal/task-queue.ts). Each lane is an SDK worker
 * with its own workflow thread, cache and task slots; they run and stop together.
 */
export class CareWorker {
  constructor(readonly lanes: Worker[]) {}

  /** Runs until shut down (or a signal the SDK handles); one lane failing stops the other too. */
  async run(): Promise<void> {
    const runs = await Promise.allSettled(
      this.lanes.map((lane) =>
        lane.run().catch((err: unknown) => {
          this.shutdown();
          throw err;
        }),
      ),
    );
    const failed = runs.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Stops polling; run() returns once the tasks in flight are done. */
  shutdown(): void {
    for (const lane of this.lanes) if (lane.getState() === 'RUNNING') lane.shutdown();
  }

  /** Runs while `fn` does, then shuts down (as the SDK's Worker.runUntil). */
  async runUntil<R>(fn: () => Promise<R>): Promise<R> {
    const running = this.run();
    const stoppedEarly = running.then(() => {
      throw new Error('the worker stopped before the work it ran for was done');
    });
    stoppedEarly.catch(() => undefined); // read by the race below, or moot once fn is done
    try {
      return await Promise.race([fn(), stoppedEarly]);
    } finally {
      this.shutdown();
      await running;
    }
  }
}

export async function createWorker(deps: WorkerDeps): Promise<CareWorker> {
  const lanes = await Promise.all(
    [deps.taskQueue, routineQueueOf(deps.taskQueue)].map((taskQueue) =>
      Worker.create(workerOptions({ ...deps, taskQueue })),
    ),
  );
  return new CareWorker(lanes);
}

/** A lane's options: its tuning (cache, workflow task slots) decided here, from the deps or the defaults. */
export function workerOptions(deps: WorkerDeps): WorkerOptions {
  return {
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    dataConverter: deps.dataConverter,
    maxCachedWorkflows: deps.maxCachedWorkflows ?? defaultCachedWorkflows(),
    ...workflowTaskOptions(deps.workflowTaskSlots),
    activities: {
      ...createActivities(deps.adapters),
      ...(deps.quality ? qualityReportActivities(deps.quality) : {}),
    },
    ...(deps.workflowBundle
      ? { workflowBundle: deps.workflowBundle }
      : {
          workflowsPath: require.resolve('../workflows'),
          bundlerOptions: { preloadModules: PRELOADED_MODULES },
        }),
  };
}
