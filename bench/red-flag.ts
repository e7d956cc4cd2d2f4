import { temporal } from '@temporalio/proto';
import { ImportPacing } from '../api/import-pacing';
import { patientReplySignal } from '../workflows/journey-definitions';
import { bareReplySignal } from './bare-workflows';
import type { Bench, Side } from './harness';
import { inParallel, percentile, report, until, startCase } from './harness';

// Red flag → page: K journeys started and settled (idle, asleep in the worker's cache), then M of
// them, one at a time, get "I cannot breathe": timed from the signal to the page call's adapter
// call. Bare: a signal to an idle bare workflow until its activity ran. Optionally while `importing`
// more journeys are being started as a bulk import (the urgent path against bulk work).
// Samples are `gapMs` apart (default 1 s): a red flag's aftermath (the escalation's records, the
// patient's SMS, an emergency's transfer) takes a few hundred ms, and back to back (gap 0) each
// red flag queued behind the last one's — ~150 ms instead of ~45 at 1,000 idle journeys, a
// figure of six red flags a second, not of one on an idle system. Bare has no aftermath.

const RED_FLAG = 'I cannot breathe and there is a lot of bleeding';

export async function redFlag(
  bench: Bench,
  k: number,
  samples: number,
  importing: number,
  gapMs = 1000,
  importRate = 20,
): Promise<void> {
  const idle: Record<Side, string[]> = { ours: [], bare: [] };
  const startOne = (side: Side, i: number, tag: string) =>
    startCase(bench, side, i, `R${tag}`, { bulkImport: tag === 'import' });
  for (const side of ['ours', 'bare'] as Side[]) {
    await inParallel(k, 16, async (i) => {
      idle[side].push(await startOne(side, i, 'idle'));
    });
  }
  await until(
    () =>
      bench.deliveries.count('ours', 'after-care') >= k && bench.deliveries.count('bare', 'after-care') >= k,
    15 * 60_000,
  );

  // Idle means idle: the journeys' children (courses, visits) start after the after-care SMS, and
  // until their first tasks are done a red flag queues behind them (the first samples were seconds
  // late, the rest not): wait until our workflow task queue has had no backlog for 3 s.
  await new Promise((r) => setTimeout(r, 2_000));
  await untilNoBacklog(bench, 15 * 60_000);
  const latencies: Record<Side, number[]> = { ours: [], bare: [] };
  for (const side of ['ours', 'bare'] as Side[]) {
    // The bulk import runs beside the samples, not waited for, paced as the API paces it
    // (IMPORT_STARTS_PER_SECOND; api/import-pacing.ts), or, at rate 0, as fast as 16 at a time go.
    const pacing = importRate > 0 ? new ImportPacing(importRate, Infinity) : undefined;
    const bulk =
      importing > 0
        ? inParallel(importing, 16, async (i) => {
            await pacing?.turn();
            await startOne(side, i, 'import');
          })
        : undefined;
    for (let s = 0; s < samples; s++) {
      if (s > 0) await new Promise((r) => setTimeout(r, gapMs));
      const id = idle[side][s % idle[side].length]!;
      const t0 = performance.now();
      if (side === 'ours')
        await bench.client.workflow
          .getHandle(id)
          .signal(patientReplySignal, { providerMessageId: `SM-bench-${s}-${Date.now()}`, text: RED_FLAG });
      else await bench.client.workflow.getHandle(id).signal(bareReplySignal);
      const paged = await Promise.race([
        bench.deliveries.when(side, id, 'page'),
        new Promise<number>((r) => setTimeout(() => r(NaN), 120_000)),
      ]);
      latencies[side].push(paged - t0);
    }
    await bulk;
  }
  const rows = [50, 95, 99].map((p) => ({
    figure: `red flag → page, p${p}`,
    ours: percentile(latencies.ours, p),
    bare: percentile(latencies.bare, p),
    unit: 'ms',
  }));
  rows.push({
    figure: 'red flag → page, max',
    ours: Math.max(...latencies.ours),
    bare: Math.max(...latencies.bare),
    unit: 'ms',
  });
  console.log(`red flag → page, ours, in order (ms): ${latencies.ours.map(Math.round).join(' ')}`);
  report('red-flag', { activeJourneys: k, samples, importing, importRate, gapMs }, rows);
}

/** Waits until our workflow task queue's backlog has been empty for 3 s in a row. */
async function untilNoBacklog(bench: Bench, ms: number): Promise<void> {
  const end = performance.now() + ms;
  let emptySince: number | undefined;
  while (performance.now() < end) {
    const { stats } = await bench.client.workflowService.describeTaskQueue({
      namespace: bench.client.options.namespace,
      taskQueue: { name: bench.oursQueue },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      reportStats: true,
    });
    const backlog = Number(stats?.approximateBacklogCount ?? 0);
    if (backlog > 0) emptySince = undefined;
    else emptySince ??= performance.now();
    if (emptySince !== undefined && performance.now() - emptySince >= 3_000) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}
