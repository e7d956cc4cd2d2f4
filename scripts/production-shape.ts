// `npm run production-shape`: the production shape of docker-compose.yml run natively on this
// machine — PostgreSQL, the Temporal server on it, two workers, two API replicas sharing their
// rate limits (scripts/production-shape/shape.ts). Everything is kept in a temporary directory
// (or `--dir <path>`) while it runs; Ctrl-C stops it all and removes a temporary directory.
import { ProductionShape } from './production-shape/shape';

function parseArgs(argv: string[]): { dir?: string } {
  if (argv.length === 0) return {};
  if (argv.length === 2 && argv[0] === '--dir' && argv[1]) return { dir: argv[1] };
  console.error('usage: npm run production-shape [-- --dir <directory to keep everything in>]');
  process.exit(2);
}

async function main(): Promise<void> {
  const { dir } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const say = (message: string) => console.log(`[production-shape] ${message}`);
  const shape = await ProductionShape.start({ dir, say });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('stopping the APIs and workers, then Temporal, then PostgreSQL');
    await shape.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  for (const child of [...shape.workers, ...shape.apis.map((a) => a.process), shape.temporal.process]) {
    void child.exited.then(({ code, signal }) => {
      if (!stopping)
        say(`${child.name} (pid ${child.pid}) exited (${signal ?? `code ${code}`}); the rest runs on`);
    });
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    [
      '',
      `The production shape is running (ready in ${seconds} s; ${Object.entries(shape.timings)
        .map(([step, s]) => `${step} ${s} s`)
        .join(', ')}):`,
      ...shape.apis.map((a, i) => `  API ${i + 1}         ${a.url} (pid ${a.process.pid})`),
      ...shape.workers.map((w, i) => `  worker ${i + 1}      pid ${w.pid}`),
      `  Temporal      ${shape.temporalAddress} (namespace default; tools/temporal --address ${shape.temporalAddress} ...)`,
      `  PostgreSQL    127.0.0.1:${shape.postgres.port} (databases temporal, temporal_visibility, care_journeys)`,
      `  Files, logs   ${shape.dir}`,
      '',
      'Development credentials (new at every start; send as "Authorization: Bearer <token>"):',
      ...shape.tokens.map((t) => `  ${t.clinicId.padEnd(20)} ${t.role.padEnd(14)} ${t.token}`),
      '',
      'Press Ctrl-C to stop everything.',
      '',
    ].join('\n'),
  );
}

main().catch((err) => {
  console.error(`[production-shape] ${(err as Error).message}`);
  process.exit(1);
});
