import type { Bench, Side } from './harness';
import { report, startCase, until } from './harness';

// Sustained start-and-settle: journeys started at a steady rate (R per second) for S seconds, as a
// clinic group's systems would, and the backlog (started but not yet settled: after-care not yet
// sent) sampled every 10 s (or six times in a shorter run). The rate holds if the backlog does not grow: its mean over the last
// third of the run is no larger than over the first third. Then the same for bare workflows.

const SAMPLE_MS = 10_000;

interface Run {
  started: number;
  settledPerS: number;
  backlogFirstThird: number;
  backlogLastThird: number;
  backlogMax: number;
  drainMs: number;
  late: number;
}

async function sustain(bench: Bench, side: Side, rate: number, seconds: number): Promise<Run> {
  const durationMs = seconds * 1000;
  const before = bench.deliveries.count(side, 'after-care');
  const settled = () => bench.deliveries.count(side, 'after-care') - before;
  const backlog: number[] = [];
  let started = 0;
  let late = 0; // starts that left after their slot (the client could not keep the pace)
  const inFlight = new Set<Promise<void>>();
  const t0 = performance.now();
  const sampler = setInterval(() => backlog.push(started - settled()), Math.min(SAMPLE_MS, durationMs / 6));
  try {
    for (let i = 0; performance.now() - t0 < durationMs; i++) {
      const slot = t0 + (i * 1000) / rate;
      const wait = slot - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else if (wait < -1000) late++;
      const start = startCase(bench, side, i, 'S').then(() => void started++);
      inFlight.add(start);
      void start.finally(() => inFlight.delete(start));
    }
    await Promise.all(inFlight);
  } finally {
    clearInterval(sampler);
  }
  const lastStart = performance.now();
  await until(() => settled() >= started, 15 * 60_000);
  const done = performance.now();
  const third = Math.max(1, Math.floor(backlog.length / 3));
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  return {
    started,
    settledPerS: settled() / ((done - t0) / 1000),
    backlogFirstThird: mean(backlog.slice(0, third)),
    backlogLastThird: mean(backlog.slice(-third)),
    backlogMax: Math.max(0, ...backlog),
    drainMs: done - lastStart,
    late,
  };
}

export async function sustained(bench: Bench, rate: number, seconds: number): Promise<void> {
  const ours = await sustain(bench, 'ours', rate, seconds);
  const bare = await sustain(bench, 'bare', rate, seconds);
  for (const [side, run] of [
    ['ours', ours],
    ['bare', bare],
  ] as const)
    if (run.late > 0) console.log(`!! ${side}: ${run.late} starts left more than 1 s after their slot`);
  report('sustained', { rate, seconds }, [
    { figure: 'journeys started', ours: ours.started, bare: bare.started, unit: '' },
    { figure: 'started and settled per second', ours: ours.settledPerS, bare: bare.settledPerS, unit: '/s' },
    {
      figure: 'backlog, mean of the first third',
      ours: ours.backlogFirstThird,
      bare: bare.backlogFirstThird,
      unit: 'journeys',
    },
    {
      figure: 'backlog, mean of the last third',
      ours: ours.backlogLastThird,
      bare: bare.backlogLastThird,
      unit: 'journeys',
    },
    { figure: 'backlog, max', ours: ours.backlogMax, bare: bare.backlogMax, unit: 'journeys' },
    { figure: 'last settled after the last start', ours: ours.drainMs, bare: bare.drainMs, unit: 'ms' },
  ]);
}
