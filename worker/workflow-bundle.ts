// How the workflow bundle is built, the same for the worker, the tests and the benchmarks.

/**
 * Modules evaluated once per worker thread and shared by every workflow (frozen) instead of once
 * per cached workflow: a library that costs a part of every workflow's memory (issue 13; see shared-libraries.ts for why zod is not one).
 */
export const PRELOADED_MODULES = [
  require.resolve('../workflows/shared-libraries'),
  // The SDK's workflow API: its state is the activator's, per workflow; ~23 KiB per execution.
  require.resolve('@temporalio/workflow'),
  // Remembered zone offsets (pure; bounded), shared so every journey of the day reuses them.
  require.resolve('../domain/zone-offsets'),
];
