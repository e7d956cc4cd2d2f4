import { loadavg } from 'node:os';
import { journeyStartPriority } from '../domain/priorities';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { NAMESPACE, ProductionShape } from '../scripts/production-shape/shape';
import type { Adapters } from '../adapters';
import { createDevAdapters } from '../adapters/dev';
import type { CareJourneyInput } from '../domain/journey';
import { localEnvironment, TEST_DATA_CONVERTER, workflowBundle } from '../test/helpers/environments';
import { clinics, journeyInput, tempOutboxFile } from '../test/helpers/fixtures';
import { createWorker } from '../worker/create-worker';
import type { BareActivities } from './bare-workflows';
import { bareJourney } from './bare-workflows';
import { careJourney } from '../workflows';

// What every benchmark stands on: one Temporal server (the dev server `npm start` runs, in memory,
// or the production shape's on PostgreSQL), our worker with the development adapters on one task
// queue and a bare-Temporal worker on another, both in this process with the same data converter (payload encryption included), and
// a clock of when each side's visible effects happened (after-care SMS, page, reminder).

export type Side = 'ours' | 'bare';
export type Effect = 'after-care' | 'page' | 'reminder';

export class Deliveries {
  private readonly seen = new Map<string, number>();
  private readonly waiters = new Map<string, () => void>();
  record(side: Side, id: string, kind: Effect): void {
    const key = `${side}|${kind}|${id}`;
    if (this.seen.has(key)) return;
    this.seen.set(key, performance.now());
    this.waiters.get(key)?.();
  }
  at(side: Side, id: string, kind: Effect): number | undefined {
    return this.seen.get(`${side}|${kind}|${id}`);
  }
  count(side: Side, kind: Effect): number {
    let n = 0;
    for (const key of this.seen.keys()) if (key.startsWith(`${side}|${kind}|`)) n++;
    return n;
  }
  /** Resolves at the effect (at once if it has happened), with its time. */
  when(side: Side, id: string, kind: Effect): Promise<number> {
    const key = `${side}|${kind}|${id}`;
    const done = this.seen.get(key);
    if (done !== undefined) return Promise.resolve(done);
    return new Promise((resolve) => this.waiters.set(key, () => resolve(this.seen.get(key)!)));
  }
}

export interface Bench {
  client: Client;
  deliveries: Deliveries;
  oursQueue: string;
  bareQueue: string;
  stop(): Promise<void>;
}

/** Our adapters, watched: the first SMS of a journey is its after-care, a call with an incident a page. */
function watched(adapters: Adapters, deliveries: Deliveries): Adapters {
  return {
    ...adapters,
    sms: {
      send: async (m) => {
        const receipt = await adapters.sms.send(m);
        if (m.idempotencyKey.endsWith(':after-care')) deliveries.record('ours', m.caseId, 'after-care');
        if (/:medication-/.test(m.idempotencyKey)) deliveries.record('ours', m.caseId, 'reminder');
        return receipt;
      },
    },
    telephony: {
      placeCall: async (c) => {
        const receipt = await adapters.telephony.placeCall(c);
        if (c.incidentId) deliveries.record('ours', c.caseId, 'page');
        return receipt;
      },
    },
  };
}

/** Where the benchmarks run: the dev server `npm start` runs, or the production shape. */
export type ServerShape = 'dev' | 'production';
let serverShape: ServerShape = 'dev';

interface Server {
  client: Client;
  nativeConnection: NativeConnection;
  namespace: string;
  stop(): Promise<void>;
}

/** The CLI's dev server (in memory), as `npm start` runs it. */
async function devServer(): Promise<Server> {
  const env = await localEnvironment();
  return {
    client: env.client,
    nativeConnection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    stop: () => env.teardown(),
  };
}

/**
 * The production shape's Temporal: the server built from source on PostgreSQL 15
 * (scripts/production-shape/), without its workers and API: the benchmark brings its own.
 */
async function productionServer(): Promise<Server> {
  const shape = await ProductionShape.start({ temporalOnly: true, say: (m) => console.log(`[shape] ${m}`) });
  try {
    const connection = await Connection.connect({ address: shape.temporalAddress });
    const nativeConnection = await NativeConnection.connect({ address: shape.temporalAddress });
    return {
      client: new Client({ connection, namespace: NAMESPACE, dataConverter: TEST_DATA_CONVERTER }),
      nativeConnection,
      namespace: NAMESPACE,
      stop: async () => {
        await nativeConnection.close();
        await connection.close();
        await shape.stop();
      },
    };
  } catch (err) {
    await shape.stop();
    throw err;
  }
}

export async function openBench(
  sides: Side[] = ['ours', 'bare'],
  shape: ServerShape = 'dev',
): Promise<Bench> {
  serverShape = shape;
  const server = shape === 'production' ? await productionServer() : await devServer();
  const deliveries = new Deliveries();
  const suffix = Math.random().toString(36).slice(2, 8);
  const oursQueue = `bench-ours-${suffix}`;
  const bareQueue = `bench-bare-${suffix}`;
  const workers: Worker[] = [];
  const { namespace } = server;
  if (sides.includes('ours'))
    workers.push(
      await createWorker({
        connection: server.nativeConnection,
        namespace,
        taskQueue: oursQueue,
        adapters: watched(createDevAdapters(tempOutboxFile(), clinics), deliveries),
        dataConverter: TEST_DATA_CONVERTER,
        workflowBundle: await workflowBundle(),
        // As the worker takes it (worker/main.ts): to measure another setting.
        workflowTaskSlots: process.env.WORKER_WORKFLOW_TASK_SLOTS
          ? Number(process.env.WORKER_WORKFLOW_TASK_SLOTS)
          : undefined,
        maxCachedWorkflows: process.env.WORKER_CACHED_WORKFLOWS
          ? Number(process.env.WORKER_CACHED_WORKFLOWS)
          : undefined,
      }),
    );
  if (sides.includes('bare')) {
    const activities: BareActivities = {
      deliver: async ({ id, kind }) => deliveries.record('bare', id, kind),
    };
    workers.push(
      await Worker.create({
        connection: server.nativeConnection,
        namespace,
        taskQueue: bareQueue,
        dataConverter: TEST_DATA_CONVERTER,
        activities,
        workflowBundle: await bundleWorkflowCode({
          workflowsPath: require.resolve('./bare-workflows'),
          failureConverterPath: TEST_DATA_CONVERTER.failureConverterPath,
          logger: {
            log: () => undefined,
            trace: () => undefined,
            debug: () => undefined,
            info: () => undefined,
            warn: () => undefined,
            error: console.error,
          },
        }),
      }),
    );
  }
  const running = workers.map((w) => w.run());
  return {
    client: server.client,
    deliveries,
    oursQueue,
    bareQueue,
    stop: async () => {
      for (const w of workers) w.shutdown();
      await Promise.all(running);
      await server.stop();
    },
  };
}

/**
 * A journey's input as the API builds it for a typical start at the demo clinic: the protocol's
 * default medication reminders (no prescriptions given) and one return visit a week later.
 */
export function benchJourney(
  n: number,
  overrides: Parameters<typeof journeyInput>[0] = {},
): CareJourneyInput {
  const visitAt = new Date(Date.now() + 7 * 24 * 3_600_000).toISOString();
  return journeyInput({
    surgeryId: `B-${process.pid}-${Date.now()}-${n}`,
    prescriptions: undefined,
    returnVisits: [
      {
        id: 'rv-1',
        at: visitAt,
        place: 'Clinic 3F',
        department: 'Plastic surgery',
        doctor: 'Dr Sato',
        bring: [],
      },
    ],
    ...overrides,
  });
}

/** Runs `task(i)` for i in [0, n) with at most `concurrency` at once. */
export async function inParallel(
  n: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Waits (polling) until `done()`, up to `ms`; false if it never came. */
export async function until(done: () => boolean, ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  while (!done()) {
    if (performance.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

export interface Row {
  figure: string;
  ours: number;
  bare: number;
  unit: string;
}

/** The report: each figure ours, bare and their ratio, then the load average; and one JSON line. */
export function report(name: string, params: Record<string, number>, rows: Row[]): void {
  const fmt = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2)) : '-');
  console.log(`\n== bench ${name} ${JSON.stringify(params)} on the ${serverShape} server`);
  console.log(
    ['figure'.padEnd(44), 'ours'.padStart(10), 'bare'.padStart(10), 'ratio'.padStart(7), '  unit'].join(' '),
  );
  for (const r of rows)
    console.log(
      [
        r.figure.padEnd(44),
        fmt(r.ours).padStart(10),
        fmt(r.bare).padStart(10),
        fmt(r.ours / r.bare).padStart(7),
        `  ${r.unit}`,
      ].join(' '),
    );
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  console.log(`load average (1/5/15 min): ${load}`);
  console.log(`BENCH ${JSON.stringify({ name, server: serverShape, params, rows, loadavg: loadavg() })}`);
}

/** Starts one typical journey (ours) or one bare journey; returns its workflow id. */
export async function startCase(
  bench: Bench,
  side: Side,
  i: number,
  tag: string,
  options: { bulkImport?: boolean } = {},
): Promise<string> {
  const id = `${tag}-${process.pid}-${Date.now()}-${i}`;
  // As the API starts it (POST /journeys with bulkImport); the bare side gets the same priority.
  const priority = journeyStartPriority(options);
  if (side === 'bare') {
    await bench.client.workflow.start(bareJourney, {
      taskQueue: bench.bareQueue,
      workflowId: `bare-${id}`,
      args: [`bare-${id}`],
      priority,
    });
    return `bare-${id}`;
  }
  const input = benchJourney(i, { surgeryId: id });
  await bench.client.workflow.start(careJourney, {
    taskQueue: bench.oursQueue,
    workflowId: input.journeyId,
    args: [input],
    priority,
  });
  return input.journeyId;
}
