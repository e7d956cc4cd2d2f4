// How the workflow bundle is built, the same for the worker, the tests and the benchmarks.

/**
 * Modules evaluated once per worker thread and shared by every workflow (frozen) instead of once
 * per cached workflow: the libraries that cost most of a workflow's memory (issue 13).
 */
export const PRELOADED_MODULES = [require.resolve('../workflows/shared-libraries')];
