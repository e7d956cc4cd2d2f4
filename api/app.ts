import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import express from 'express';
import { pinoHttp } from 'pino-http';
import type { Outbox } from '../adapters/dev/outbox';
import type { ClinicCatalogue } from '../domain/clinic';
import type { PinoLogger } from '../observability/logger';
import type { Credential } from '../config/credentials';
import { authenticate } from './auth';
import { ApiError, errorHandler } from './errors';
import { complaintRoutes } from './routes/complaints';
import { escalationRoutes } from './routes/escalations';
import { healthRoutes } from './routes/health';
import { journeyRoutes } from './routes/journeys';
import { outboxRoutes } from './routes/outbox';
import { protocolRoutes } from './routes/protocols';

export interface AppDeps {
  client: Client;
  taskQueue: string;
  clinics: ClinicCatalogue;
  /** Who may call: hashed, each with a role and a clinic. */
  credentials: readonly Credential[];
  logger: PinoLogger;
  /** Present with the dev adapters: the outbox the API lists. */
  outbox?: Outbox;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The thin HTTP layer: validate, translate into workflow starts and queries, answer. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
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
  app.use(express.json({ limit: '100kb' }));
  app.use(healthRoutes(deps.client));
  // Everything below needs a credential.
  app.use(authenticate(deps.credentials));
  app.use(protocolRoutes());
  app.use(journeyRoutes(deps));
  app.use(escalationRoutes(deps));
  app.use(complaintRoutes(deps));
  if (deps.outbox) app.use(outboxRoutes(deps.outbox));
  app.use((req) => {
    throw new ApiError(404, 'not-found', `no route ${req.method} ${req.path}`);
  });
  app.use(errorHandler);
  return app;
}
