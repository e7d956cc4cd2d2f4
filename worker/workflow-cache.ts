import { getHeapStatistics } from 'node:v8';

// How many workflow executions the worker keeps in its cache. A cached one answers a red flag at
// once; an evicted one first fetches and replays its whole history. The SDK's default assumes
// ~1.7 MiB per cached execution (~2,300 on a 4 GiB heap: ~580 journeys with their children);
// ours measure ~0.14 MiB of RSS (bench memory: 0.56 GiB per 1,000 journeys, 4 executions each;
// issue 13). Sized at 0.5 MiB each, leaving 512 MiB of the heap for everything else: with 20,000
// cached (5,000 journeys) on a 4 GiB heap the worker reached 5.9 GiB RSS and drained only ~10
// workflow tasks/s (the heap near its limit), so the margin is wide on purpose. More journeys per
// worker: raise the heap (NODE_OPTIONS=--max-old-space-size) with WORKER_CACHED_WORKFLOWS.

export const CACHED_EXECUTIONS_PER_MIB = 2;
const HEAP_KEPT_FREE_MIB = 512;
const AT_LEAST = 100;

/** The cache size for a workflow thread with this heap limit (MiB). */
export function cachedWorkflowsFor(heapLimitMiB: number): number {
  return Math.max(AT_LEAST, Math.floor((heapLimitMiB - HEAP_KEPT_FREE_MIB) * CACHED_EXECUTIONS_PER_MIB));
}

/** For this process's heap limit (its workflow thread gets the same V8 limit). */
export function defaultCachedWorkflows(): number {
  return cachedWorkflowsFor(getHeapStatistics().heap_size_limit / 2 ** 20);
}
