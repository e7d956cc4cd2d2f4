import { loadEnv } from '../../config/env';
import { cachedWorkflowsFor, MAX_CACHED_EXECUTIONS } from '../../worker/workflow-cache';

// The worker's cache size: by the heap it has, 0.5 MiB per cached execution, at most
// MAX_CACHED_EXECUTIONS (the SDK's core walks the whole cache on every workflow task; issue 13),
// never fewer than 100; WORKER_CACHED_WORKFLOWS overrides it and must be a whole number.

test('a 4 GiB heap keeps the CPU bound, not the ~7,300 its memory would allow', () => {
  expect(cachedWorkflowsFor(4144)).toBe(MAX_CACHED_EXECUTIONS);
  expect(MAX_CACHED_EXECUTIONS).toBe(1_000);
});

test('a small heap keeps what its memory allows, and still 100', () => {
  expect(cachedWorkflowsFor(256)).toBe(100);
  expect(cachedWorkflowsFor(600)).toBe(176);
  expect(cachedWorkflowsFor(900)).toBe(776);
});

test('WORKER_CACHED_WORKFLOWS: unset means the default, a whole number is taken', () => {
  expect(loadEnv({}).WORKER_CACHED_WORKFLOWS).toBeUndefined();
  expect(loadEnv({ WORKER_CACHED_WORKFLOWS: '20000' }).WORKER_CACHED_WORKFLOWS).toBe(20_000);
});

test.each(['', 'many', '-5', '0', '1.5'])('WORKER_CACHED_WORKFLOWS=%j is refused, naming it', (value) => {
  expect(() => loadEnv({ WORKER_CACHED_WORKFLOWS: value })).toThrow(/WORKER_CACHED_WORKFLOWS/);
});
