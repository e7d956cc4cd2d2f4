import { loadEnv } from '../../config/env';
import { cachedWorkflowsFor, CACHED_EXECUTIONS_PER_MIB } from '../../worker/workflow-cache';

// The worker's cache size: by the heap it has, 0.5 MiB per cached execution (issue 13), never
// fewer than 100; WORKER_CACHED_WORKFLOWS overrides it and must be a whole number.

test('a 4 GiB heap keeps ~7,300 executions (~1,800 journeys with their children)', () => {
  expect(cachedWorkflowsFor(4144)).toBe((4144 - 512) * CACHED_EXECUTIONS_PER_MIB);
  expect(cachedWorkflowsFor(4144)).toBe(7_264);
});

test('a small heap still keeps 100', () => {
  expect(cachedWorkflowsFor(256)).toBe(100);
  expect(cachedWorkflowsFor(600)).toBe(176);
});

test('WORKER_CACHED_WORKFLOWS: unset means the default, a whole number is taken', () => {
  expect(loadEnv({}).WORKER_CACHED_WORKFLOWS).toBeUndefined();
  expect(loadEnv({ WORKER_CACHED_WORKFLOWS: '20000' }).WORKER_CACHED_WORKFLOWS).toBe(20_000);
});

test.each(['', 'many', '-5', '0', '1.5'])('WORKER_CACHED_WORKFLOWS=%j is refused, naming it', (value) => {
  expect(() => loadEnv({ WORKER_CACHED_WORKFLOWS: value })).toThrow(/WORKER_CACHED_WORKFLOWS/);
});
