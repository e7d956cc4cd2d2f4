import { createHash, timingSafeEqual } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ClinicCatalogue } from '../domain/clinic';
import type { ComplaintClockPolicy } from '../domain/complaint-sla';
import type { PinoLogger } from '../observability/logger';
import { ApiError } from './errors';
import { OPERATIONS } from './openapi/operations';

// The API's own Prometheus metrics, on GET /metrics: requests by route pattern and status with
// latency histograms, provider webhooks received, and — read from Temporal's visibility at
// scrape time, so that no worker restart or replica count can skew them — the care cases that
// are open right now: journeys with an open escalation, complaints with a breached SLA clock.
// Labels are route patterns (never a URL with its ids), methods, statuses and clinic ids.

/** Routes that are not in the OpenAPI document: the provider webhooks. */
const UNDOCUMENTED = [
  'POST /webhooks/twilio/{clinicId}/sms',
  'POST /webhooks/twilio/{clinicId}/voice',
  'POST /webhooks/twilio/{clinicId}/status',
];
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const CLOCKS: ComplaintClockPolicy['id'][] = ['first-contact', 'root-cause', 'resolution-plan'];
/** Visibility counts are re-read at most this often, however often /metrics is scraped. */
const CASE_COUNTS_TTL_MS = 10_000;

interface RoutePattern {
  method: string;
  pattern: string;
  regex: RegExp;
}

const ROUTES: RoutePattern[] = [
  ...OPERATIONS.map((op) => `${op.method.toUpperCase()} ${op.path}`),
  ...UNDOCUMENTED,
].map((route) => {
  const [method, pattern] = route.split(' ') as [string, string];
  const regex = new RegExp(`^${pattern.replace(/\{\w+\}/g, '[^/]+')}/?$`);
  return { method, pattern, regex };
});

/** The route pattern of a request (`/journeys/{journeyId}`), `unmatched` when no route has its path. */
export function routeOf(method: string, path: string): string {
  const matches = ROUTES.filter((r) => r.regex.test(path));
  const exact = matches.find((r) => r.method === method) ?? matches[0];
  return exact?.pattern ?? 'unmatched';
}

export interface ApiMetricsDeps {
  client: Client;
  clinics: ClinicCatalogue;
  logger: PinoLogger;
  /** When set, /metrics needs `Authorization: Bearer <token>`; unset, it is open (aggregates only). */
  token?: string;
}

export interface ApiMetrics {
  /** Times and counts every request (mount first). */
  measure: RequestHandler;
  /** GET /metrics in the Prometheus text format. */
  serve: RequestHandler;
  registry: Registry;
}

export function createApiMetrics(deps: ApiMetricsDeps): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const clinicIds = new Set(deps.clinics.clinics.map((c) => c.id));

  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const webhooks = new Counter({
    name: 'care_webhook_replies_received_total',
    help: "Patients' SMS and staff keypad presses received from the provider, by clinic and answer status",
    labelNames: ['clinic', 'channel', 'status'],
    registers: [registry],
  });

  const counts = caseCounts(deps);
  new Gauge({
    name: 'care_escalations_open',
    help: 'Running care journeys with an open on-call escalation (Temporal visibility), by clinic',
    labelNames: ['clinic'],
    registers: [registry],
    async collect() {
      this.reset();
      const now = await counts();
      for (const [clinic, n] of now?.escalations ?? []) this.set({ clinic }, n);
    },
  });
  new Gauge({
    name: 'care_complaints_sla_breached_open',
    help: 'Running complaints with a breached SLA clock (Temporal visibility), by clinic and clock',
    labelNames: ['clinic', 'clock'],
    registers: [registry],
    async collect() {
      this.reset();
      const now = await counts();
      for (const [key, n] of now?.breached ?? []) {
        const [clinic, clock] = key.split(' ') as [string, string];
        this.set({ clinic, clock }, n);
      }
    },
  });

  const measure: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const method = METHODS.has(req.method) ? req.method : 'OTHER';
      // The path as it arrived (routers may rewrite req.path), without the query string.
      const path = req.originalUrl.split('?')[0]!;
      const route = routeOf(method, path);
      const labels = { method, route, status: String(res.statusCode) };
      requests.inc(labels);
      latency.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      const webhook = /^\/webhooks\/twilio\/\{clinicId\}\/(sms|voice)$/.exec(route);
      if (webhook) {
        const clinic = path.split('/')[3]!;
        webhooks.inc({
          clinic: clinicIds.has(clinic) ? clinic : 'unknown',
          channel: webhook[1] === 'sms' ? 'sms' : 'keypad',
          status: String(res.statusCode),
        });
      }
    });
    next();
  };

  const expected = deps.token === undefined ? undefined : digest(deps.token);
  const serve: RequestHandler = async (req, res) => {
    if (expected) {
      const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!given || !timingSafeEqual(digest(given), expected))
        throw new ApiError(
          401,
          'unauthenticated',
          'GET /metrics needs the metrics token (Authorization: Bearer)',
        );
    }
    res.setHeader('content-type', registry.contentType);
    res.setHeader('cache-control', 'no-store');
    res.send(await registry.metrics());
  };

  return { measure, serve, registry };
}

interface CaseCounts {
  escalations: Map<string, number>;
  /** "<clinic> <clock>" → complaints */
  breached: Map<string, number>;
}

/**
 * Counts of running cases per clinic from Temporal's visibility, cached for a few seconds. When
 * Temporal cannot answer, the gauges are left out of that scrape (absent, not a false zero).
 */
function caseCounts(deps: ApiMetricsDeps): () => Promise<CaseCounts | undefined> {
  let cached: { at: number; value: Promise<CaseCounts | undefined> } | undefined;
  const count = async (query: string) => (await deps.client.workflow.count(query)).count;
  const read = async (): Promise<CaseCounts | undefined> => {
    try {
      const escalations = new Map<string, number>();
      const breached = new Map<string, number>();
      for (const { id } of deps.clinics.clinics) {
        const running = `ClinicId = '${id}' AND ExecutionStatus = 'Running'`;
        escalations.set(id, await count(`${running} AND CaseKind = 'journey' AND OpenEscalation = true`));
        for (const clock of CLOCKS)
          breached.set(
            `${id} ${clock}`,
            await count(`${running} AND CaseKind = 'complaint' AND BreachedClocks = '${clock}'`),
          );
      }
      return { escalations, breached };
    } catch (err) {
      deps.logger.warn({ err: (err as Error).message }, 'metrics: Temporal visibility did not answer');
      return undefined;
    }
  };
  return () => {
    if (!cached || Date.now() - cached.at > CASE_COUNTS_TTL_MS) cached = { at: Date.now(), value: read() };
    return cached.value;
  };
}

/** Fixed-length digests, so the comparison takes the same time whatever the token's length. */
function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
