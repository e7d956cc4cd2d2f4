import { spawnSync } from 'node:child_process';

import type { Side } from './harness';
import { inParallel, openBench, report, until, startCase } from './harness';

// Worker memory per cached journey: each side in its own process (RSS never shrinks back), K
// journeys started and settled (asleep, in the worker's cache with their children), then a full
// GC: the RSS growth over the worker's own baseline, per 1,000 journeys.

export async function memory(k: number): Promise<void> {
  const mib: Record<Side, number> = { ours: NaN, bare: NaN };
  for (const side of ['ours', 'bare'] as Side[]) {
    const run = spawnSync(
      process.execPath,
      [
        '--expose-gc',
        '--require',
        '@swc-node/register',
        __filename.replace(/memory\.ts$/, 'run.ts'),
        'memory-side',
        side,
        String(k),
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 30 * 60_000 },
    );
    const line = run.stdout.split('\n').find((l) => l.startsWith('MEMORY '));
    if (!line) throw new Error(`memory ${side}: no result (exit ${run.status}): ${run.stdout.slice(-2000)}`);
    mib[side] = JSON.parse(line.slice(7)).perThousandMiB;
  }
  report('memory', { cachedJourneys: k }, [
    {
      figure: 'worker RSS per 1,000 cached journeys',
      ours: mib.ours / 1024,
      bare: mib.bare / 1024,
      unit: 'GiB',
    },
  ]);
}

/** One side, in this (child) process. */
export async function memorySide(side: Side, k: number): Promise<void> {
  // The figure is per cached journey: a cache that holds every execution (a journey is at most
  // four), whatever the worker's default (worker/workflow-cache.ts) or the caller's setting.
  process.env.WORKER_CACHED_WORKFLOWS = String(4 * (k + 5) + 100);
  const bench = await openBench([side]);
  const gc = (globalThis as { gc?: () => void }).gc;
  const settle = async () => {
    gc?.();
    await new Promise((r) => setTimeout(r, 2000));
    gc?.();
    return process.memoryUsage().rss;
  };
  // A few first, so the bundle and the connection are warm in the baseline.
  const start = async (i: number) => void (await startCase(bench, side, i, 'M'));
  await inParallel(5, 5, start);
  await until(() => bench.deliveries.count(side, 'after-care') >= 5, 120_000);
  const before = await settle();
  await inParallel(k, 16, (i) => start(1000 + i));
  await until(() => bench.deliveries.count(side, 'after-care') >= k + 5, 30 * 60_000);
  await new Promise((r) => setTimeout(r, 3000)); // children settle after the parent's SMS
  const after = await settle();
  console.log(
    `MEMORY ${JSON.stringify({ side, k, perThousandMiB: ((after - before) / 1024 / 1024 / k) * 1000 })}`,
  );
  await bench.stop();
}
