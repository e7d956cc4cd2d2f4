import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import pino from 'pino';
import type { RateCounters } from '../../api/rate-counters';
import { RATE_LIMIT_TABLE, sharedRateCounters, windowSeconds } from '../../api/shared-rate-counters';
import { loadEnv } from '../../config/env';
import { freePort } from '../../scripts/production-shape/processes';
import type { Postgres } from '../../scripts/production-shape/postgres';
import { startPostgres } from '../../scripts/production-shape/postgres';

// The rate limit's counts in PostgreSQL, as two API replicas keep them: each with its own
// connection pool, one count. A real PostgreSQL cluster (the machine's), started for this file.

let dir: string;
let pg: Postgres;
const pools: Pool[] = [];
const warnings: string[] = [];
const logger = pino(
  { level: 'warn' },
  { write: (line: string) => void warnings.push(JSON.parse(line).msg as string) },
);

async function replica(): Promise<RateCounters> {
  const pool = new Pool({ connectionString: pg.url('postgres'), max: 2 });
  pool.on('error', () => undefined); // the cluster is stopped at the end of a test
  pools.push(pool);
  return sharedRateCounters(pool, logger);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shared-rate-limit-'));
  pg = await startPostgres(dir);
}, 60_000);

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a window is the time the steady rate takes to refill a burst, in whole seconds', () => {
  expect(windowSeconds({ perMinute: 120, burst: 60 })).toBe(30);
  expect(windowSeconds({ perMinute: 3000, burst: 1000 })).toBe(20);
  expect(windowSeconds({ perMinute: 60, burst: 3 })).toBe(3);
  expect(windowSeconds({ perMinute: 6000, burst: 1 })).toBe(1);
});

test('DATABASE_URL must be a postgres:// URL', () => {
  expect(loadEnv({ DATABASE_URL: 'postgres://u:p@db:5432/care' }).DATABASE_URL).toBe(
    'postgres://u:p@db:5432/care',
  );
  expect(loadEnv({ DATABASE_URL: 'postgresql://db/care' }).DATABASE_URL).toBe('postgresql://db/care');
  expect(() => loadEnv({ DATABASE_URL: 'mysql://db/care' })).toThrow(
    /DATABASE_URL: must be a postgres:\/\/ URL/,
  );
});

test('a database that cannot be reached is an error at start, not a limit that silently counts alone', async () => {
  const nowhere = new Pool({ connectionString: `postgres://u:p@127.0.0.1:${await freePort()}/x` });
  await expect(sharedRateCounters(nowhere, logger)).rejects.toThrow(/ECONNREFUSED/);
  await nowhere.end();
});

test('two replicas share one count per key: the burst is the total across them, then both refuse', async () => {
  const limit = { perMinute: 30, burst: 5 }; // windows of 10 s
  const a = (await replica())('api', limit);
  const b = (await replica())('api', limit);
  const key = 'credential:dev-a-operations';
  expect(await a.take(key)).toBe(0);
  expect(await b.take(key)).toBe(0);
  expect(await a.take(key)).toBe(0);
  expect(await b.take(key)).toBe(0);
  expect(await a.take(key)).toBe(0);
  const waitA = await a.take(key);
  const waitB = await b.take(key);
  expect(waitA).toBeGreaterThanOrEqual(1);
  expect(waitA).toBeLessThanOrEqual(10);
  expect(waitB).toBeGreaterThanOrEqual(1);
  // Another key, and the same key under another limit's name, count apart.
  expect(await a.take('credential:dev-a-nurse')).toBe(0);
  expect(await b.take(key.replace('operations', 'doctor'))).toBe(0);
  const codec = (await replica())('codec', limit);
  expect(await codec.take(key)).toBe(0);
});

test('the table keeps hashes, never the credential or the address', async () => {
  const counter = (await replica())('api', { perMinute: 60, burst: 10 });
  await counter.take('ip:203.0.113.7');
  const { rows } = await pools[0]!.query<{ key: string }>(`SELECT key FROM ${RATE_LIMIT_TABLE}`);
  expect(rows.length).toBeGreaterThan(0);
  for (const { key } of rows) {
    expect(key).not.toContain('203.0.113.7');
    expect(key).not.toContain('dev-a');
  }
});

test('while PostgreSQL is away a replica counts on its own, and says so once', async () => {
  const counter = (await replica())('api', { perMinute: 60, burst: 2 });
  await pg.stop();
  expect(await counter.take('credential:x')).toBe(0);
  expect(await counter.take('credential:x')).toBe(0);
  expect(await counter.take('credential:x')).toBeGreaterThanOrEqual(1);
  expect(warnings).toEqual([
    'shared rate-limit store unreachable: counting in this process until it answers',
  ]);
});
