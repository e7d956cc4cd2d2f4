import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

// The benchmarks are not tests (nothing in them passes or fails on a figure); CI only checks that
// each still runs at a tiny size and prints ours and bare for every figure, so none rots.

const ROOT = resolve(__dirname, '..', '..');

test(
  'every benchmark runs at a tiny size and reports ours, bare and the load average',
  () => {
    const run = spawnSync(
      process.execPath,
      [
        '--expose-gc',
        '--require',
        '@swc-node/register',
        'bench/run.ts',
        'all',
        '--n',
        '3',
        '--concurrency',
        '3',
        '--active',
        '3',
        '--samples',
        '2',
        '--journeys',
        '3',
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 10 * 60_000 },
    );
    expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr.slice(-3000) }).toEqual({
      status: 0,
      stderr: '',
    });
    const reports = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('BENCH '))
      .map(
        (line) =>
          JSON.parse(line.slice(6)) as {
            name: string;
            rows: { ours: number; bare: number }[];
            loadavg: number[];
          },
      );
    expect(reports.map((r) => r.name).sort()).toEqual(['memory', 'red-flag', 'reminders', 'start-settle']);
    for (const r of reports) {
      expect(r.rows.length).toBeGreaterThan(0);
      for (const row of r.rows) {
        expect(Number.isFinite(row.ours)).toBe(true);
        expect(Number.isFinite(row.bare)).toBe(true);
      }
      expect(r.loadavg).toHaveLength(3);
    }
  },
  11 * 60_000,
);
