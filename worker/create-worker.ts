import type { DataConverter } from '@temporalio/common';
import type { NativeConnection, WorkerOptions } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Adapters } from '../adapters';
import type { QualityDeps } from '../activities/quality-report';
import { qualityReportActivities } from '../activities/quality-report';
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
  /** Workflow executions kept in the cache (WORKER_CACHED_WORKFLOWS); default: by the heap (workflow-cache.ts). */
  maxCachedWorkflows?: number;
  /** Workflow tasks held at once (WORKER_WORKFLOW_TASK_SLOTS); default: workflow-task-slots.ts. */
  workflowTaskSlots?: number;
}

/** One worker runs every care workflow and its activities, with adapters injected. */
export function createWorker(deps: WorkerDeps): Promise<Worker> {
  return Worker.create(workerOptions(deps));
}

/** The worker's options: its tuning (cache, workflow task slots) decided here, from the deps or the defaults. */
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
