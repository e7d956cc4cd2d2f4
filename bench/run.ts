import { DefaultLogger, Runtime } from '@temporalio/worker';
import { memory, memorySide } from './memory';
import { openBench } from './harness';
import type { Side } from './harness';
import { redFlag } from './red-flag';
import { reminders } from './reminders';
import { startSettle } from './start-settle';

// npm run bench -- <name> [options]: one benchmark, ours and bare Temporal on the same dev server,
// printed as ours / bare / ratio with the load average. Not a test: nothing here passes or fails.
//   start-settle [--n 200] [--concurrency 16]
//   red-flag [--active 200] [--samples 30] [--importing 0]
//   memory [--journeys 250]
//   reminders [--n 500]
//   all (each at its default size)

const USAGE =
  'usage: npm run bench -- start-settle|red-flag|memory|reminders|all [--n N] [--concurrency C] [--active K] [--samples M] [--importing I] [--journeys K]';

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`--${name}: a whole number, not "${args[i + 1]}"\n${USAGE}`);
  return value;
}

async function main(args: string[]): Promise<void> {
  const [name] = args;
  if (name === 'memory-side') return memorySide(args[1] as Side, Number(args[2]));
  if (name === 'memory' || name === 'all') await memory(option(args, 'journeys', 250));
  if (name === 'memory') return;
  const known = ['start-settle', 'red-flag', 'reminders', 'all'];
  if (!name || !known.includes(name)) throw new Error(USAGE);
  const bench = await openBench();
  try {
    if (name === 'start-settle' || name === 'all')
      await startSettle(bench, option(args, 'n', 200), option(args, 'concurrency', 16));
    if (name === 'red-flag' || name === 'all')
      await redFlag(
        bench,
        option(args, 'active', 200),
        option(args, 'samples', 30),
        option(args, 'importing', 0),
      );
    if (name === 'reminders' || name === 'all') await reminders(bench, option(args, 'n', 500));
  } finally {
    await bench.stop();
  }
}

// Only warnings and errors from the SDK and the activities: the report is what is printed.
Runtime.install({ logger: new DefaultLogger('WARN') });

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
