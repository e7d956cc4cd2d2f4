import { temporal } from '@temporalio/proto';

import type { Bench, Side } from './harness';
import { inParallel, report, until, startCase } from './harness';

// Start-and-settle: N journeys started at concurrency C, timed until every after-care SMS has gone
// out (the journey has settled: children started, asleep); the same for bare workflows. Also what
// one journey costs before it sleeps: workflow tasks, executions (children) and history events.

const EventType = temporal.api.enums.v1.EventType;

export async function startSettle(bench: Bench, n: number, concurrency: number): Promise<void> {
  const rows = [];
  const result: Record<Side, { startsPerS: number; settledPerS: number; lastMs: number; ids: string[] }> =
    {} as never;
  for (const side of ['ours', 'bare'] as Side[]) {
    const ids: string[] = [];
    const t0 = performance.now();
    await inParallel(n, concurrency, async (i) => {
      ids.push(await startCase(bench, side, i, 'B'));
    });
    const started = performance.now();
    const settled = await until(() => bench.deliveries.count(side, 'after-care') >= n, 15 * 60_000);
    const done = performance.now();
    if (!settled)
      console.log(`!! ${side}: only ${bench.deliveries.count(side, 'after-care')}/${n} settled in 15 min`);
    result[side] = {
      startsPerS: n / ((started - t0) / 1000),
      settledPerS: n / ((done - t0) / 1000),
      lastMs: done - started,
      ids,
    };
  }
  rows.push(
    { figure: 'starts per second', ours: result.ours.startsPerS, bare: result.bare.startsPerS, unit: '/s' },
    {
      figure: 'started and settled per second',
      ours: result.ours.settledPerS,
      bare: result.bare.settledPerS,
      unit: '/s',
    },
    {
      figure: 'last settled after the last start',
      ours: result.ours.lastMs,
      bare: result.bare.lastMs,
      unit: 'ms',
    },
  );
  // The cost of one settled start (the first of each side, asleep once its children have started).
  await new Promise((r) => setTimeout(r, 3000));
  const cost = async (id: string) => {
    const history = await bench.client.workflow.getHandle(id).fetchHistory();
    const events = history.events ?? [];
    const tasks = events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).length;
    const children = events.filter(
      (e) => e.eventType === EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
    ).length;
    const upserts = events.filter(
      (e) => e.eventType === EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
    ).length;
    return { tasks, children, upserts, events: events.length };
  };
  const ours = await cost(result.ours.ids[0]!);
  const bare = await cost(result.bare.ids[0]!);
  rows.push(
    {
      figure: 'workflow tasks until a new journey sleeps',
      ours: ours.tasks,
      bare: bare.tasks,
      unit: 'tasks',
    },
    { figure: 'child workflows started', ours: ours.children, bare: bare.children, unit: '' },
    { figure: 'search-attribute upserts', ours: ours.upserts, bare: bare.upserts, unit: '' },
    { figure: 'history events until asleep', ours: ours.events, bare: bare.events, unit: 'events' },
  );
  report('start-settle', { n, concurrency }, rows);
}
