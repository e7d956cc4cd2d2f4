import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { PostgresSessionStore, SESSIONS_TABLE } from '../../api/console/session-store';
import { PostgresQualityStore } from '../../adapters/quality-store/postgres-store';
import { StaffSessions } from '../../api/console/sessions';
import { hashPassword } from '../../config/staff-accounts';
import type { Postgres } from '../../scripts/production-shape/postgres';
import { startPostgres } from '../../scripts/production-shape/postgres';

// Console sessions in PostgreSQL (DATABASE_URL), as two API replicas use them: a nurse signed in
// through one is known to the other, an API restarted (a new pool, the store opened again) keeps
// her signed in, sign-out on either ends it everywhere, and only the digest of the id is stored.

let dir: string;
let pg: Postgres;
const pools: Pool[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'session-store-'));
  pg = await startPostgres(dir);
}, 60_000);
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const account = {
  staffId: 'nurse-night',
  clinicId: 'aoyama-aesthetic',
  role: 'nurse' as const,
  language: 'ja' as const,
  passwordHash: hashPassword('a long enough password'),
};

async function replica(now: () => number): Promise<StaffSessions> {
  const pool = new Pool({ connectionString: pg.url('postgres'), max: 2 });
  pool.on('error', () => undefined); // the cluster stopping at the end
  pools.push(pool);
  return new StaffSessions({ idleMinutes: 30, maxHours: 12 }, now, await PostgresSessionStore.open(pool));
}

test('two replicas share sessions; a restart keeps them; sign-out ends them everywhere; the id is never stored', async () => {
  let t = 1_000_000;
  const [a, b] = [await replica(() => t), await replica(() => t)];
  const { id, session } = await a.start(account);
  expect((await b.find(id))?.csrfToken).toBe(session.csrfToken);
  expect((await b.find(id))?.account).toEqual({
    staffId: 'nurse-night',
    clinicId: 'aoyama-aesthetic',
    role: 'nurse',
    language: 'ja',
  });

  // Requests alternate for 50 minutes: the idle clock (30 min) follows both replicas.
  for (let minute = 0; minute < 50; minute += 10) {
    t += 10 * 60_000;
    expect(await (minute % 20 ? a : b).find(id)).toBeDefined();
  }
  const restarted = await replica(() => t);
  expect(await restarted.find(id)).toBeDefined();

  const pool = pools[0]!;
  const { rows } = await pool.query<{ key: string; session: unknown }>(
    `SELECT key, session FROM ${SESSIONS_TABLE}`,
  );
  expect(rows).toHaveLength(1);
  expect(JSON.stringify(rows)).not.toContain(id);
  expect(JSON.stringify(rows)).not.toContain('passwordHash');

  await b.end(id);
  expect(await a.find(id)).toBeUndefined();
  expect(await restarted.find(id)).toBeUndefined();
}, 60_000);

test('expired sessions are refused and forgotten when someone signs in', async () => {
  let t = 5_000_000;
  const a = await replica(() => t);
  const old = (await a.start(account)).id;
  t += 31 * 60_000; // idle past 30 minutes
  expect(await a.find(old)).toBeUndefined();
  const stale = (await a.start(account)).id;
  t += 31 * 60_000;
  await a.start(account); // sweeps what has expired
  const { rows } = await pools[0]!.query(`SELECT 1 FROM ${SESSIONS_TABLE}`);
  expect(rows).toHaveLength(1);
  expect(await a.find(stale)).toBeUndefined();
}, 60_000);

test('replicas starting together create the tables once: none fails on the race (pg_type duplicate key)', async () => {
  const admin = new Pool({ connectionString: pg.url('postgres'), max: 1 });
  await admin.query('CREATE DATABASE startup_race');
  await admin.end();
  const opened = await Promise.all(
    Array.from({ length: 6 }, async (_, i) => {
      const pool = new Pool({ connectionString: pg.url('startup_race'), max: 2 });
      pool.on('error', () => undefined);
      pools.push(pool);
      return i % 2 ? PostgresSessionStore.open(pool) : PostgresQualityStore.open(pool);
    }),
  );
  expect(opened).toHaveLength(6);
}, 60_000);
