import { getHeapStatistics } from 'node:v8';

// How many workflow executions the worker keeps in its cache. A cached one answers a red flag at
// once; an evicted one first fetches and replays its whole history. The SDK's default assumes
// ~1.7 MiB per cached execution (~2,300 on a 4 GiB heap: ~580 journeys with their children);
// ours measure ~0.14 MiB (bench memory: 0.56 GiB of RSS per 1,000 journeys, 4 executions each;
// issue 13). Sized at 0.25 MiB each, leaving 512 MiB of the heap for everything else.

export const CACHED_EXECUTIONS_PER_MIB = 4;
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
