import { DefaultLogger, Runtime } from '@temporalio/worker';
import { memory, memorySide } from './memory';
import { openBench } from './harness';
import type { ServerShape, Side } from './harness';
import { redFlag } from './red-flag';
import { reminders } from './reminders';
import { startSettle } from './start-settle';
import { sustained } from './sustained';

// npm run bench -- <name> [options]: one benchmark, ours and bare Temporal on the same server,
// printed as ours / bare / ratio with the load average. Not a test: nothing here passes or fails.
// --shape production runs it on the production shape's Temporal server (PostgreSQL) instead of
// the dev server (the Temporal server is built by `scripts/setup.sh --for-tests`).
//   start-settle [--n 200] [--concurrency 16]
//   sustained [--rate 35] [--seconds 600]   (starts at a steady rate; is the backlog growing?)
//   red-flag [--active 200] [--samples 30] [--importing 0] [--gap 1000]   (ms between red flags)
//            [--import-rate 20]   (import starts a second, as the API paces them; 0: unpaced)
//   memory [--journeys 250] (always on the dev server: a worker's memory does not depend on the server)
//   reminders [--n 500]
//   all (each at its default size, sustained excepted: it takes 20 minutes)

const USAGE =
  'usage: npm run bench -- start-settle|sustained|red-flag|memory|reminders|all [--shape dev|production] [--rate R] [--seconds S] [--n N] [--concurrency C] [--active K] [--samples M] [--importing I] [--gap MS] [--import-rate R] [--journeys K]';

function shapeOption(args: string[]): ServerShape {
  const i = args.indexOf('--shape');
  if (i < 0) return 'dev';
  const value = args[i + 1];
  if (value !== 'dev' && value !== 'production')
    throw new Error(`--shape: "dev" or "production", not "${value}"\n${USAGE}`);
  return value;
}

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
  const known = ['start-settle', 'sustained', 'red-flag', 'reminders', 'all'];
  if (!name || !known.includes(name)) throw new Error(USAGE);
  const bench = await openBench(['ours', 'bare'], shapeOption(args));
  try {
    if (name === 'start-settle' || name === 'all')
      await startSettle(bench, option(args, 'n', 200), option(args, 'concurrency', 16));
    if (name === 'sustained') await sustained(bench, option(args, 'rate', 35), option(args, 'seconds', 600));
    if (name === 'red-flag' || name === 'all')
      await redFlag(
        bench,
        option(args, 'active', 200),
        option(args, 'samples', 30),
        option(args, 'importing', 0),
        option(args, 'gap', 1000),
        option(args, 'import-rate', 20),
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
