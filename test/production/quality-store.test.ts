import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { FileQualityStore } from '../../adapters/quality-store/file-store';
import { openQualityStore } from '../../adapters/quality-store/open-store';
import { PostgresQualityStore } from '../../adapters/quality-store/postgres-store';
import type { QualityStore } from '../../adapters/quality-store/store';
import type { PhoneAudit } from '../../domain/phone-audit';
import { qualityFigures } from '../../domain/quality-figures';
import { monthPeriod } from '../../domain/quality-period';
import { composeReport } from '../../domain/quality-report';
import { DEFAULT_QUALITY_TARGETS } from '../../domain/quality-targets';
import type { Postgres } from '../../scripts/production-shape/postgres';
import { startPostgres } from '../../scripts/production-shape/postgres';

// The quality store as the API and the worker use it: the same behaviour from the development
// file and from PostgreSQL (a real cluster, the machine's, started for this file), and what was
// kept is still there when the store is opened again (a restarted process).

let dir: string;
let pg: Postgres;
const pools: Pool[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quality-store-'));
  pg = await startPostgres(dir);
}, 60_000);
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const reportOf = (clinicId: string, month: string, audits: PhoneAudit[] = []) =>
  composeReport({
    clinicId,
    timeZone: 'Asia/Tokyo',
    madeAt: '2026-12-01T00:00:05Z',
    figures: qualityFigures(
      { journeys: [], complaints: [] },
      monthPeriod(month, 'Asia/Tokyo'),
      DEFAULT_QUALITY_TARGETS,
      {},
    ),
    audits,
  });
const audit = (auditId: string, clinicId: string, callDate: string): PhoneAudit => ({
  auditId,
  clinicId,
  callDate,
  callerType: 'mystery',
  waitSeconds: 10,
  knowledge: 4,
  patience: 4,
  clarity: 4,
  empathy: 4,
  recordedBy: 'manager',
  recordedAt: `${callDate}T09:00:00Z`,
});

const kinds: [string, () => Promise<{ open: () => Promise<QualityStore> }>][] = [
  [
    'file',
    async () => {
      const file = join(mkdtempSync(join(dir, 'file-')), 'quality.jsonl');
      return { open: async () => new FileQualityStore(file) };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const database = `q${Math.random().toString(36).slice(2, 10)}`;
      const admin = new Pool({ connectionString: pg.url('postgres'), max: 1 });
      admin.on('error', () => undefined);
      await admin.query(`CREATE DATABASE ${database}`);
      await admin.end();
      return {
        open: async () => {
          const pool = new Pool({ connectionString: pg.url(database), max: 2 });
          // As the API and the worker do (open-store.ts): an idle connection PostgreSQL drops is
          // replaced on the next query, not an unhandled 'error' event that fails the test file.
          pool.on('error', () => undefined);
          pools.push(pool);
          return PostgresQualityStore.open(pool);
        },
      };
    },
  ],
];

describe.each(kinds)('the %s store', (_kind, make) => {
  test('keeps reports per clinic and month, newest first; made again, a report keeps its Act note', async () => {
    const { open } = await make();
    const store = await open();
    await store.keepReport(reportOf('aoyama', '2026-10'));
    await store.keepReport(reportOf('aoyama', '2026-11'));
    await store.keepReport(reportOf('ginza', '2026-11'));
    expect((await store.reports('aoyama')).map((r) => r.month)).toEqual(['2026-11', '2026-10']);
    expect(await store.report('aoyama', '2026-09')).toBeUndefined();
    expect(
      await store.setAct('aoyama', '2026-09', { note: 'x', by: 'm', at: '2026-12-02T00:00:00Z' }),
    ).toBeUndefined();

    const act = { note: 'A second phone line at lunch', by: 'manager', at: '2026-12-02T01:00:00Z' };
    expect(await store.setAct('aoyama', '2026-11', act)).toMatchObject({ month: '2026-11', act });
    const again = { ...reportOf('aoyama', '2026-11'), madeAt: '2026-12-03T00:00:00Z' };
    await store.keepReport(again);
    expect(await store.report('aoyama', '2026-11')).toEqual({ ...again, act });
    expect((await store.report('ginza', '2026-11'))!.act).toBeNull();

    // Opened again, as a restarted API or worker does.
    const reopened = await open();
    expect(await reopened.report('aoyama', '2026-11')).toEqual({ ...again, act });
    expect((await reopened.reports('ginza')).map((r) => r.month)).toEqual(['2026-11']);
  });

  test('keeps audits per clinic, newest call first', async () => {
    const { open } = await make();
    const store = await open();
    await store.addAudit(audit('a1', 'aoyama', '2026-11-03'));
    await store.addAudit(audit('a2', 'aoyama', '2026-11-20'));
    await store.addAudit(audit('g1', 'ginza', '2026-11-05'));
    expect((await store.audits('aoyama')).map((a) => a.auditId)).toEqual(['a2', 'a1']);
    expect(await (await open()).audits('ginza')).toEqual([audit('g1', 'ginza', '2026-11-05')]);
  });
});

test('openQualityStore: the file under DATA_DIR without DATABASE_URL; an unreachable database names DATABASE_URL', async () => {
  const store = await openQualityStore({ DATA_DIR: join(dir, 'data') });
  expect(store).toBeInstanceOf(FileQualityStore);
  expect((store as FileQualityStore).file).toBe(join(dir, 'data', 'quality.jsonl'));
  await expect(
    openQualityStore({ DATA_DIR: dir, DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none' }),
  ).rejects.toThrow(/^DATABASE_URL: the quality report store cannot be used: /);
});
