import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle, OperationOutcome, Resource, Task } from '@medplum/fhirtypes';
import {
  OperationOutcomeError,
  Operator,
  badRequest,
  getReferenceString,
  allOk,
  getStatus,
  isOk,
  normalizeOperationOutcome,
  serverError,
  unauthorized,
  validateResource,
} from '@medplum/core';
import type { FhirRequest, HttpMethod } from '@medplum/fhir-router';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { loadFhirDefinitions } from './definitions';
import type { SeedOptions, SeedSummary } from './seed';
import { seedDemoClinic } from './seed';

// A local FHIR R4 server that we did not write: Medplum's FhirRouter (REST semantics: read,
// create, conditional create with If-None-Exist, update with If-Match, search, batch and
// transaction Bundles, history) over its MemoryRepository, exposed over HTTP with Express at
// `<url>/fhir/R4`. What is ours is only the HTTP glue: JSON in and out as application/fhir+json,
// status codes from the OperationOutcome, Location/ETag headers, one request at a time (the
// memory repository's conditional create is a search then a create, so two concurrent requests
// could both create; a real server's database transaction does this), resource validation against
// the R4 StructureDefinitions on create and update (a real server validates too), and an optional
// bearer token. State is in memory only: a restart re-seeds from the configuration.

export const FHIR_PATH = '/fhir/R4';

export interface FhirServerOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Seed the demo clinic (patients, records, hospitals, schedules and free slots); off when absent. */
  seed?: SeedOptions;
  /** Require `Authorization: Bearer <token>` on every FHIR request (401 otherwise). */
  bearerToken?: string;
  /** Accept every referral Task still `requested` this long after it was written (dev control). */
  autoAcceptAfterMs?: number;
  /** Reference time for auto-acceptance; the machine's clock by default. */
  clock?: () => Date;
}

export interface FhirServer {
  /** The server's base URL (no trailing slash); the FHIR base is `${url}/fhir/R4`. */
  url: string;
  fhirBaseUrl: string;
  repo: MemoryRepository;
  seeded?: SeedSummary;
  stop(): Promise<void>;
}

const FHIR_JSON = 'application/fhir+json';

export async function createFhirServer(options: FhirServerOptions = {}): Promise<FhirServer> {
  loadFhirDefinitions();
  const repo = new MemoryRepository();
  const router = new FhirRouter();
  const seeded = options.seed ? await seedDemoClinic(repo, options.seed) : undefined;

  // One FHIR request at a time (see above).
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ type: ['application/json', FHIR_JSON], limit: '5mb' }));
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  const fhir = express.Router();
  fhir.use((req, res, next) => {
    if (options.bearerToken && req.get('authorization') !== `Bearer ${options.bearerToken}`) {
      send(res, unauthorized);
      return;
    }
    next();
  });
  fhir.get('/metadata', (_req, res) => {
    send(res, allOk, capabilityStatement());
  });
  fhir.use((req, res, next) => {
    const method = req.method.toUpperCase() as HttpMethod;
    const body: unknown = req.body;
    const fhirRequest: FhirRequest = {
      method,
      // The router wants the path below the FHIR base without its leading slash, query included.
      url: req.url.replace(/^\//, ''),
      pathname: '',
      params: {},
      query: {},
      body: method === 'POST' || method === 'PUT' || method === 'PATCH' ? body : undefined,
      headers: req.headers,
      config: { transactions: true },
    };
    serially(async () => {
      const invalid = invalidBody(method, body);
      if (invalid) return [invalid] as const;
      return router.handleRequest(fhirRequest, repo);
    })
      .then(([outcome, resource]) => send(res, outcome, resource))
      .catch(next);
  });
  app.use(FHIR_PATH, fhir);
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    // Express's JSON parser (a body that is not JSON) or anything the router threw.
    const outcome =
      err instanceof SyntaxError ? badRequest(`body is not JSON: ${err.message}`) : serverError(err as Error);
    send(res, outcome);
  });

  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port ?? 0, host, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;

  let acceptTimer: NodeJS.Timeout | undefined;
  if (options.autoAcceptAfterMs !== undefined) {
    const after = options.autoAcceptAfterMs;
    const clock = options.clock ?? (() => new Date());
    acceptTimer = setInterval(() => {
      void serially(() => acceptWaitingReferrals(repo, clock(), after));
    }, 1000);
    acceptTimer.unref();
  }

  return {
    url,
    fhirBaseUrl: `${url}${FHIR_PATH}`,
    repo,
    seeded,
    stop: async () => {
      if (acceptTimer) clearInterval(acceptTimer);
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

/** Referral Tasks still `requested` `afterMs` after they were authored become `accepted`. */
async function acceptWaitingReferrals(repo: MemoryRepository, now: Date, afterMs: number): Promise<void> {
  const waiting = await repo.searchResources<Task>({
    resourceType: 'Task',
    filters: [{ code: 'status', operator: Operator.EQUALS, value: 'requested' }],
  });
  for (const task of waiting) {
    const authored = Date.parse(task.authoredOn ?? task.meta?.lastUpdated ?? '');
    if (Number.isFinite(authored) && now.getTime() - authored >= afterMs) {
      await repo.updateResource<Task>({ ...task, status: 'accepted', lastModified: now.toISOString() });
    }
  }
}

/** A create or update body that is not a valid R4 resource of its kind: 400 with the issues. */
function invalidBody(method: HttpMethod, body: unknown): OperationOutcome | undefined {
  if (method !== 'POST' && method !== 'PUT') return undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const resource = body as Resource;
  if (!resource.resourceType) return undefined; // a _search form post, or the router's own 400
  const resources =
    resource.resourceType === 'Bundle'
      ? ((resource as Bundle).entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []))
      : [resource];
  try {
    for (const r of resources) validateResource(r);
  } catch (err) {
    if (err instanceof OperationOutcomeError) return err.outcome;
    return normalizeOperationOutcome(err);
  }
  return undefined;
}

function send(res: Response, outcome: OperationOutcome, resource?: Resource): void {
  const status = getStatus(outcome);
  res.status(status).type(FHIR_JSON);
  if (resource && isOk(outcome) && resource.id && resource.resourceType !== 'Bundle') {
    const version = resource.meta?.versionId;
    if (version) res.set('ETag', `W/"${version}"`);
    if (status === 201)
      res.set('Location', `${getReferenceString(resource)}${version ? `/_history/${version}` : ''}`);
  }
  res.send(JSON.stringify(resource ?? outcome));
}

function capabilityStatement(): Resource {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-01-01',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: [FHIR_JSON],
    software: { name: 'care-journeys local FHIR server (@medplum/fhir-router MemoryRepository)' },
    rest: [
      {
        mode: 'server',
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'search-system' }],
      },
    ],
  };
}
