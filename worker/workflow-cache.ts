import { getHeapStatistics } from 'node:v8';

// How many workflow executions the worker keeps in its cache. A cached one answers at once; an
// evicted one first fetches and replays its history (a journey's is bounded by continue-as-new).
//
// Two limits, the smaller wins:
// - Memory: ~0.14 MiB of RSS per cached execution measured (bench memory); sized at 0.5 MiB each,
//   leaving 512 MiB of the heap for everything else (~7,300 on a 4 GiB heap). With 20,000 cached
//   on a 4 GiB heap the worker reached 5.9 GiB RSS and drained only ~10 workflow tasks/s.
// - CPU: the SDK's core walks every cached run on each input to its workflow stream (a new task,
//   a completion; `reconcile_buffered` in sdk-core's workflow_stream.rs), so each workflow task
//   costs time in proportion to the cache. At ~6,000 cached that one thread was the worker's
//   busiest in a reminder burst (~40 % of a core); at 1,000 under 10 %, the replays that the
//   evictions cost included (issue 13, README Benchmarks). A clinic's journeys sleep for hours
//   between wakes, so keeping them all cached buys little.
// WORKER_CACHED_WORKFLOWS overrides both.

export const CACHED_EXECUTIONS_PER_MIB = 2;
const HEAP_KEPT_FREE_MIB = 512;
export const MAX_CACHED_EXECUTIONS = 1_000;
const AT_LEAST = 100;

/** The cache size for a workflow thread with this heap limit (MiB). */
export function cachedWorkflowsFor(heapLimitMiB: number): number {
  const byMemory = Math.floor((heapLimitMiB - HEAP_KEPT_FREE_MIB) * CACHED_EXECUTIONS_PER_MIB);
  return Math.max(AT_LEAST, Math.min(MAX_CACHED_EXECUTIONS, byMemory));
}

/** For this process's heap limit (its workflow thread gets the same V8 limit). */
export function defaultCachedWorkflows(): number {
  return cachedWorkflowsFor(getHeapStatistics().heap_size_limit / 2 ** 20);
}
