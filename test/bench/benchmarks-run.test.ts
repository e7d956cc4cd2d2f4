import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

// The benchmarks are not tests (nothing in them passes or fails on a figure); CI only checks that
// each still runs at a tiny size and prints ours and bare for every figure, so none rots: every
// benchmark on the dev server, and the sustained one on the production shape (PostgreSQL).

const ROOT = resolve(__dirname, '..', '..');

interface BenchReport {
  name: string;
  server: string;
  rows: { ours: number; bare: number }[];
  loadavg: number[];
}

function bench(args: string[]): BenchReport[] {
  const run = spawnSync(
    process.execPath,
    ['--expose-gc', '--require', '@swc-node/register', 'bench/run.ts', ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 10 * 60_000,
    },
  );
  expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr.slice(-3000) }).toEqual({
    status: 0,
    stderr: '',
  });
  const reports = run.stdout
    .split('\n')
    .filter((line) => line.startsWith('BENCH '))
    .map((line) => JSON.parse(line.slice(6)) as BenchReport);
  for (const r of reports) {
    expect(r.rows.length).toBeGreaterThan(0);
    for (const row of r.rows) {
      expect(Number.isFinite(row.ours)).toBe(true);
      expect(Number.isFinite(row.bare)).toBe(true);
    }
    expect(r.loadavg).toHaveLength(3);
  }
  return reports;
}

test(
  'every benchmark runs at a tiny size on the dev server and reports ours, bare and the load average',
  () => {
    const reports = bench('all --n 3 --concurrency 3 --active 3 --samples 2 --journeys 3'.split(' '));
    expect(reports.map((r) => r.name).sort()).toEqual(['memory', 'red-flag', 'reminders', 'start-settle']);
    expect(new Set(reports.filter((r) => r.name !== 'memory').map((r) => r.server))).toEqual(
      new Set(['dev']),
    );
  },
  11 * 60_000,
);

test(
  'the sustained benchmark runs on the production shape (PostgreSQL, the Temporal server built from source)',
  () => {
    const reports = bench('sustained --shape production --rate 2 --seconds 5'.split(' '));
    expect(reports.map((r) => [r.name, r.server])).toEqual([['sustained', 'production']]);
  },
  11 * 60_000,
);
