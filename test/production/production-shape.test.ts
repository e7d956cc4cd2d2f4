import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Role } from '../../domain/access';
import { ProductionShape } from '../../scripts/production-shape/shape';

// The production shape run for real on this machine (scripts/production-shape/shape.ts):
// PostgreSQL, the Temporal server built from source on it, two workers, two API replicas.
// A journey started through one replica and read through the other reaches a red flag; the
// worker running the escalation is killed (SIGKILL) while it waits for an acknowledgement, and
// the other pages the next level on time; the Temporal server is restarted and the level after
// that is paged on time too; no page goes out twice. And the rate limit holds across replicas.

const MINUTE_S = 60;
/** How late a level's page may be: a killed worker's sticky queue, the server coming back. */
const LATE_S = 30;
/** The API's limit in this shape: bursts of 40 (a window of 20 s), counted in PostgreSQL. */
const LIMIT = { perMinute: 120, burst: 40 };

let shape: ProductionShape;
let clinicId: string;
let clinicsDir: string;
const timings: Record<string, number> = {};

/** config/clinics.json with the urgent policy's acknowledgement timeouts at their minimum (1 min). */
function shortAckClinics(dir: string): string {
  const config = JSON.parse(readFileSync(join(__dirname, '..', '..', 'config', 'clinics.json'), 'utf8'));
  const clinic = config.clinics[0];
  clinicId = clinic.id;
  const urgent = clinic.escalationPolicies.find((p: { id: string }) => p.id === 'urgent');
  urgent.levels = [
    { role: 'nurse', ackTimeoutMinutes: 1 },
    { role: 'doctor', ackTimeoutMinutes: 1 },
    { role: 'director', ackTimeoutMinutes: 1 },
  ];
  const file = join(dir, 'clinics.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

beforeAll(async () => {
  const started = Date.now();
  clinicsDir = mkdtempSync(join(tmpdir(), 'shape-clinics-'));
  shape = await ProductionShape.start({
    clinicConfig: shortAckClinics(clinicsDir),
    env: {
      API_RATE_LIMIT_PER_MINUTE: String(LIMIT.perMinute),
      API_RATE_LIMIT_BURST: String(LIMIT.burst),
    },
  });
  timings.start = (Date.now() - started) / 1000;
}, 5 * 60_000);

afterAll(async () => {
  await shape?.stop();
  rmSync(clinicsDir, { recursive: true, force: true });
  console.log(`production shape timings (s): ${JSON.stringify({ ...shape?.timings, ...timings })}`);
}, 60_000);

async function call(api: number, role: Role, method: string, path: string, body?: unknown) {
  const res = await fetch(shape.apis[api]!.url + path, {
    method,
    headers: {
      authorization: `Bearer ${shape.token(role, clinicId)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked field by field
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as any };
}

/** Polls (every 2 s, real time) until `probe` gives a value; answers that fail count as "not yet". */
async function until<T>(what: string, seconds: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

test('the rate limit is one count across both API replicas', async () => {
  // Alternate between the replicas: each sees half of the burst.
  for (let i = 0; i < LIMIT.burst; i++) {
    const res = await call(i % 2, 'operations', 'GET', '/protocols');
    expect(res.status).toBe(200);
  }
  for (const api of [0, 1]) {
    const limited = await call(api, 'operations', 'GET', '/protocols');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate-limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual((LIMIT.burst * 60) / LIMIT.perMinute);
  }
  // Another credential has its own count.
  expect((await call(1, 'management', 'GET', '/protocols')).status).toBe(200);
});

interface Page {
  at: string;
  trigger: number;
  round: number;
  level: number;
  role: string;
  staffId: string;
  channel: 'call' | 'sms';
}

const seconds = (iso: string) => Date.parse(iso) / 1000;
const pagesAt = (pages: Page[], level: number) => pages.filter((p) => p.level === level && p.round === 0);

/** Seconds from the last page of `level` to the first of the next: the acknowledgement timer. */
function gap(pages: Page[], level: number): number {
  const last = Math.max(...pagesAt(pages, level).map((p) => seconds(p.at)));
  const next = Math.min(...pagesAt(pages, level + 1).map((p) => seconds(p.at)));
  return next - last;
}

test(
  'a red flag pages on time while the worker running it is killed and the Temporal server restarts; nothing doubled',
  async () => {
    const temporalClient = new Client({
      connection: await Connection.connect({ address: shape.temporalAddress }),
    });
    try {
      // Started through one replica, everything else read and written through the other.
      const surgeryId = `S-SHAPE-${Date.now()}`;
      const start = await call(0, 'clinic-system', 'POST', '/journeys', {
        clinicId,
        surgeryId,
        patient: { ref: 'P-1001', phone: '+819012345678', language: 'ja', timeZone: 'Asia/Tokyo' },
        surgery: {
          procedureCode: 'rhinoplasty',
          performedAt: new Date().toISOString(),
          surgeonId: 'dr-sato',
        },
        prescriptions: [],
      });
      expect(start.status).toBe(201);
      const journeyId = start.body.journeyId as string;
      const path = `/journeys/${encodeURIComponent(journeyId)}`;
      await until('monitoring', 60, async () =>
        (await call(1, 'nurse', 'GET', path)).body.stage === 'monitoring' ? true : undefined,
      );
      const reply = await call(1, 'clinic-system', 'POST', `${path}/replies`, {
        providerMessageId: 'SM-shape-1',
        text: 'pain 9',
      });
      expect(reply.status).toBe(202);
      const incidentId = await until('an escalation', 60, async () => {
        const state = (await call(1, 'nurse', 'GET', path)).body;
        return state.openEscalations?.[0]?.incidentId as string | undefined;
      });
      const escalation = `/escalations/${encodeURIComponent(incidentId)}`;
      const record = async () => {
        const res = await call(1, 'nurse', 'GET', escalation);
        if (res.status !== 200) throw new Error(`${escalation}: ${res.status}`);
        return res.body as { policyId: string; status: string; pages: Page[] };
      };
      // The first level: the nurse on call, by call and by SMS.
      const first = await until('the first level paged', 60, async () => {
        const r = await record();
        return pagesAt(r.pages, 0).length >= 2 ? r : undefined;
      });
      expect(
        pagesAt(first.pages, 0)
          .map((p) => p.channel)
          .sort(),
      ).toEqual(['call', 'sms']);

      // Kill the worker that ran the escalation's last workflow task: its cache held the escalation.
      const ranBy = await workflowTaskIdentities(temporalClient, incidentId);
      const victim = shape.workerOf(ranBy.at(-1)!);
      expect(victim).toBeDefined();
      const survivor = shape.workers.find((w) => w !== victim)!;
      const killedAt = Date.now() / 1000;
      await victim!.kill();
      const tasksBefore = ranBy.length;

      // The next level is paged by the other worker, one acknowledgement timeout later.
      const second = await until('the second level paged', MINUTE_S + LATE_S + 30, async () => {
        const r = await record();
        return pagesAt(r.pages, 1).length >= 2 ? r : undefined;
      });
      timings.failoverSecondLevelGap = gap(second.pages, 0);
      expect(seconds(pagesAt(second.pages, 1)[0]!.at)).toBeGreaterThan(killedAt);
      expect(gap(second.pages, 0)).toBeGreaterThanOrEqual(MINUTE_S - 1);
      expect(gap(second.pages, 0)).toBeLessThanOrEqual(MINUTE_S + LATE_S);
      const after = (await workflowTaskIdentities(temporalClient, incidentId)).slice(tasksBefore);
      expect(after.length).toBeGreaterThan(0);
      expect(new Set(after)).toEqual(new Set([`${survivor.pid}@${hostname()}`]));

      // Restart the Temporal server while the next timer runs: it still fires, on time.
      const restartStarted = Date.now();
      await shape.temporal.restart();
      timings.temporalRestart = (Date.now() - restartStarted) / 1000;
      const third = await until('the third level paged', MINUTE_S + LATE_S + 30, async () => {
        const r = await record();
        return pagesAt(r.pages, 2).length >= 2 ? r : undefined;
      });
      timings.afterRestartThirdLevelGap = gap(third.pages, 1);
      expect(gap(third.pages, 1)).toBeGreaterThanOrEqual(MINUTE_S - 1);
      expect(gap(third.pages, 1)).toBeLessThanOrEqual(MINUTE_S + LATE_S);
      expect(pagesAt(third.pages, 1).map((p) => p.role)).toEqual(['doctor', 'doctor']);
      expect(pagesAt(third.pages, 2).map((p) => p.role)).toEqual(['director', 'director']);

      // Nothing doubled: each level paged its one person on call once by call and once by SMS,
      // and exactly those pages went out.
      for (const level of [0, 1, 2]) {
        const paged = pagesAt(third.pages, level);
        expect(paged.map((p) => p.channel).sort()).toEqual(['call', 'sms']);
        expect(new Set(paged.map((p) => p.staffId)).size).toBe(1);
      }
      expect(third.pages).toHaveLength(6);
      const outbox = await call(1, 'nurse', 'GET', `/outbox?caseId=${encodeURIComponent(journeyId)}`);
      expect(outbox.status).toBe(200);
      const sentPages = (outbox.body.entries as { idempotencyKey: string }[]).filter((e) =>
        e.idempotencyKey.startsWith(`${incidentId}:`),
      );
      expect(new Set(sentPages.map((e) => e.idempotencyKey)).size).toBe(sentPages.length);
      expect(sentPages).toHaveLength(third.pages.length);
      // The journey, read through the other replica, still shows the incident open.
      const state = (await call(0, 'nurse', 'GET', path)).body;
      expect(state.openEscalations.map((e: { incidentId: string }) => e.incidentId)).toEqual([incidentId]);
    } finally {
      await temporalClient.connection.close();
    }
  },
  6 * 60_000,
);

/** Who ran each workflow task of `workflowId`, in order (the SDK's "<pid>@<host>"). */
async function workflowTaskIdentities(client: Client, workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? [])
    .filter((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
    .map((e) => e.workflowTaskStartedEventAttributes?.identity ?? '');
}
