import { randomUUID } from 'node:crypto';
import type { SessionStore } from './console/session-store';
import type { Client } from '@temporalio/client';
import express from 'express';
import { pinoHttp } from 'pino-http';
import type { Outbox } from '../adapters/dev/outbox';
import type { ClinicCatalogue } from '../domain/clinic';
import type { PayloadEncryption } from '../temporal/payload-encryption';
import type { PinoLogger } from '../observability/logger';
import type { Credential } from '../config/credentials';
import { authenticate } from './auth';
import type { StaffAccount } from '../config/staff-accounts';
import { consoleRoutes } from './console/routes';
import type { QualityStore } from '../adapters/quality-store/store';
import type { FailureLimit } from './failed-sign-ins';
import { ApiError, errorHandler } from './errors';
import type { GracefulShutdown } from './graceful-shutdown';
import { checkIdempotencyKey } from './idempotency';
import { createApiMetrics } from './metrics';
import { openApiRoutes } from './openapi/routes';
import { afterHoursRoutes } from './routes/after-hours';
import { codecBodies, codecCors, codecCredential, codecPublicRoutes, codecRoutes } from './routes/codec';
import { complaintRoutes } from './routes/complaints';
import { escalationRoutes } from './routes/escalations';
import { healthRoutes } from './routes/health';
import { journeyRoutes } from './routes/journeys';
import type { ImportPacing } from './import-pacing';
import { erasureRoutes } from './routes/erasures';
import { outboxRoutes } from './routes/outbox';
import { protocolRoutes } from './routes/protocols';
import type { RateLimit } from './rate-limit';
import { DEFAULT_RATE_LIMIT, rateLimit } from './rate-limit';
import type { RateCounters } from './rate-counters';
import { inProcessCounters } from './rate-counters';
import { securityHeaders } from './security-headers';
import type { WebhookConfig } from './webhooks/twilio-routes';
import { twilioWebhookRoutes } from './webhooks/twilio-routes';
import { pendingHandler } from './decision-pending';
import { methodNotAllowed, WEBHOOK_PATHS } from './method-not-allowed';
import { openApiDocument } from './openapi/document';
import { DEFAULT_TEMPORAL_TIMEOUT_MS, temporalDeadline, temporalUnavailable } from './temporal-bounds';

export interface AppDeps {
  client: Client;
  taskQueue: string;
  clinics: ClinicCatalogue;
  /** Who may call: hashed, each with a role and a clinic. */
  credentials: readonly Credential[];
  logger: PinoLogger;
  /** Present with the dev adapters: the outbox the API lists. */
  outbox?: Outbox;
  /** Requests per credential (per address before authentication); default DEFAULT_RATE_LIMIT. */
  rateLimit?: RateLimit;
  /** Where rate-limit counts live: this process by default, or shared by the replicas (PostgreSQL). */
  rateCounters?: RateCounters;
  /** Failed authentications allowed per credential id and address (429 beyond). */
  failureLimit?: FailureLimit;
  /** The process's shutdown: /readyz answers 503 once it is stopping. */
  shutdown?: GracefulShutdown;
  /** Keys the ContactKey search attribute (api/contact-key.ts); without it no case gets one. */
  contactKeySecret?: string;
  /** Bulk-import journey starts per second (api/import-pacing.ts); without it they are not paced. */
  importPacing?: ImportPacing;
  /** Provider webhooks (public URL, per-clinic Twilio tokens); without them there are none. */
  webhooks?: WebhookConfig;
  /**
   * The payload codec of the API's Temporal client, served to the Temporal Web UI as its codec
   * endpoint (/codec/decode, /codec/encode) to the UI's origins (api/routes/codec.ts).
   */
  codec: { encryption: PayloadEncryption; allowedOrigins: readonly string[]; rateLimit?: RateLimit };
  /** Set: GET /metrics needs it as a bearer token (api/metrics.ts); unset: /metrics is open. */
  metricsToken?: string;
  /** Staff console accounts (config/staff-accounts.ts); without any, /console only offers sign-in. */
  staffAccounts?: readonly StaffAccount[];
  /** Failed console sign-ins allowed per account and address before it is locked for a while. */
  staffFailureLimit?: FailureLimit;
  /** The console's clock (sessions, SLA clocks read as of now); tests move it, never the server's. */
  consoleClock?: () => number;
  /** Where console sessions are kept (default: memory; api/main.ts uses PostgreSQL with DATABASE_URL). */
  staffSessionStore?: SessionStore;
  /** The console's kept PDCA reports and phone-service audits (adapters/quality-store). */
  qualityStore?: QualityStore;
  /**
   * The deadline of a request's Temporal calls (default DEFAULT_TEMPORAL_TIMEOUT_MS): past it the
   * API answers 503 (worker or Temporal away) or 202 (a decision pending), never hangs.
   */
  temporalTimeoutMs?: number;
}

const isConsole = (path: string) => path === '/console' || path.startsWith('/console/');

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The documented paths and their methods (the OpenAPI document is built from the routes). */
function documentedPaths(): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(openApiDocument().paths).map(([path, methods]) => [path, Object.keys(methods)]),
  );
}

/** The thin HTTP layer: validate, translate into workflow starts and queries, answer. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const metrics = createApiMetrics({ ...deps, token: deps.metricsToken });
  app.use(metrics.measure);
  app.use(securityHeaders);
  app.use(codecCors(deps.codec.allowedOrigins));
  app.use(
    pinoHttp({
      logger: deps.logger,
      // Keep a caller's request id (if it is a plain token) so logs join up across systems.
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // Method, path and status only: bodies and query strings may carry personal data.
      serializers: {
        req: (req) => ({ id: req.id, method: req.method, path: String(req.url).split('?')[0] }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  // Before authentication: a wrong method is wrong for every caller.
  app.use(methodNotAllowed({ ...documentedPaths(), ...(deps.webhooks ? WEBHOOK_PATHS : {}) }));
  app.use(codecBodies);
  app.use(express.json({ limit: '100kb' }));
  app.use(temporalDeadline(deps.client, deps.temporalTimeoutMs ?? DEFAULT_TEMPORAL_TIMEOUT_MS));
  // A browser signed in to the codec endpoint carries its credential in a cookie (/codec/ only).
  app.use(codecCredential);
  if (deps.shutdown) app.get('/readyz', deps.shutdown.readiness);
  app.use(healthRoutes(deps.client));
  // Provider webhooks carry the provider's signature, not a credential. Not rate-limited per
  // address: every clinic's webhooks come from the provider's few addresses, and a refused
  // inbound SMS is not sent again.
  if (deps.webhooks) app.use(twilioWebhookRoutes({ ...deps, webhooks: deps.webhooks }));
  // Public routes count per client address; a request with a credential counts per credential
  // once verified (health probes are never limited: a 429 would take the replica out of service).
  const counters = deps.rateCounters ?? inProcessCounters;
  const limit = deps.rateLimit ?? DEFAULT_RATE_LIMIT;
  const limiter = rateLimit(limit, counters('api', limit));
  // The console counts per signed-in member of staff itself (a clinic's devices share one address).
  app.use((req, res, next) =>
    req.headers.authorization || isConsole(req.path) ? next() : limiter(req, res, next),
  );
  app.use(openApiRoutes());
  // Prometheus' scrape: aggregates only, its own token (if any), rate limited per address.
  app.get('/metrics', metrics.serve);
  app.use(codecPublicRoutes(deps.codec.allowedOrigins));
  // The staff console signs people in with a session cookie, not a bearer credential.
  app.use(
    consoleRoutes({
      client: deps.client,
      clinics: deps.clinics,
      accounts: deps.staffAccounts ?? [],
      failureLimit: deps.staffFailureLimit,
      now: deps.consoleClock,
      sessionStore: deps.staffSessionStore,
      limiter,
      qualityStore: deps.qualityStore,
    }),
  );
  // Everything below needs a credential.
  app.use(authenticate(deps.credentials, deps.failureLimit));
  // The Web UI decodes a history event by event: the codec has its own, larger, rate limit.
  app.use(
    codecRoutes({
      codec: deps.codec.encryption,
      allowedOrigins: deps.codec.allowedOrigins,
      rateLimit: deps.codec.rateLimit,
      counters,
    }),
  );
  app.use(limiter);
  app.use(checkIdempotencyKey);
  app.use(protocolRoutes());
  app.use(journeyRoutes(deps));
  app.use(escalationRoutes(deps));
  app.use(complaintRoutes(deps));
  app.use(afterHoursRoutes(deps));
  app.use(erasureRoutes(deps));
  if (deps.outbox) app.use(outboxRoutes(deps.outbox));
  app.use((req) => {
    throw new ApiError(404, 'not-found', `no route ${req.method} ${req.path}`);
  });
  app.use(pendingHandler);
  app.use(temporalUnavailable(deps.client));
  app.use(errorHandler);
  return app;
}
