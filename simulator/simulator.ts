import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from 'express';
import express from 'express';
import { indexPage, numberPage } from './control-page';
import { ControlError, SimulatorEngine } from './engine';
import type { CallFailure, EngineOptions, NumberSettings, SimulatorAccount, SmsFailure } from './engine';
import { callResource, messageResource } from './resources';
import type { Form } from './validation';
import { ACCOUNT_SID, TwilioApiError } from './validation';

// A local stand-in for Twilio's REST API (the subset our adapters use) that calls our webhooks
// back signed like Twilio, plus a trainer's control (JSON under /_sim/api, HTML under /_sim).
// Bind it to 127.0.0.1: the control has no authentication of its own.

export interface SimulatorOptions extends EngineOptions {
  host?: string;
  /** 0 (default): any free port. */
  port?: number;
}

export interface Simulator {
  app: Express;
  server: Server;
  /** e.g. http://127.0.0.1:40123 — the base URL the adapters' client is given. */
  url: string;
  engine: SimulatorEngine;
  /** Waits until every status lifecycle started so far has run as far as it can. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

type Locals = { account: SimulatorAccount };

const asyncHandler =
  (fn: (req: Request, res: Response) => Promise<void> | void): RequestHandler =>
  (req, res, next) => {
    Promise.resolve(fn(req, res)).catch(next);
  };

function sendApiError(res: Response, err: TwilioApiError): void {
  if (err.status === 401) res.setHeader('WWW-Authenticate', 'Basic realm="Twilio API"');
  res.status(err.status).json(err.body());
}

function parseSmsFailure(value: unknown): SmsFailure | undefined {
  if (value === undefined || value === '' || value === null) return undefined;
  if (typeof value === 'object') {
    const v = value as { status?: unknown; errorCode?: unknown };
    return parseSmsFailure(`${String(v.status)}:${String(v.errorCode ?? '')}`);
  }
  const [status, code] = String(value).split(':');
  if (status !== 'undelivered' && status !== 'failed')
    throw new ControlError(400, 'sms: undelivered or failed');
  const errorCode = Number(code || (status === 'failed' ? 30006 : 30003));
  if (errorCode !== 30003 && errorCode !== 30005 && errorCode !== 30006) {
    throw new ControlError(400, 'sms error code: 30003, 30005 or 30006');
  }
  return { status, errorCode };
}

function parseCallFailure(value: unknown): CallFailure | undefined {
  if (value === undefined || value === '' || value === null) return undefined;
  if (value !== 'busy' && value !== 'no-answer' && value !== 'failed')
    throw new ControlError(400, 'call: busy, no-answer or failed');
  return value;
}

function parseSettings(body: Record<string, unknown>): NumberSettings {
  const line = body.line === '' || body.line === undefined ? undefined : body.line;
  if (line !== undefined && line !== 'landline' && line !== 'unroutable')
    throw new ControlError(400, 'line: landline or unroutable');
  return {
    sms: parseSmsFailure(body.sms),
    call: parseCallFailure(body.call),
    optedOut: body.optedOut === true || body.optedOut === 'true',
    line: line as NumberSettings['line'],
  };
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new ControlError(400, `${field}: required`);
  return value;
}

export function createSimulatorApp(engine: SimulatorEngine): Express {
  const app = express();
  app.disable('x-powered-by');
  const form = express.urlencoded({ extended: false, limit: '64kb' });
  const json = express.json({ limit: '64kb' });

  // ---- Twilio's REST API ----------------------------------------------------------------------
  const api = express.Router({ mergeParams: true });
  const account: RequestHandler = (req, res, next) => {
    const fault = engine.takeFault();
    if (fault) return sendApiError(res, fault);
    const accountSid = String(req.params.accountSid);
    if (!ACCOUNT_SID.test(accountSid)) {
      // Twilio authenticates first; a malformed SID in the path is then simply not found.
      engine.authenticate(req.headers.authorization, '');
    }
    (res.locals as Locals).account = engine.authenticate(req.headers.authorization, accountSid);
    next();
  };
  api.use(account);
  api.post('/Messages.json', form, (req, res) => {
    const message = engine.createMessage((res.locals as Locals).account, (req.body ?? {}) as Form);
    res.status(201).json(messageResource(message));
  });
  api.get('/Messages/:sid.json', (req, res) => {
    res.json(
      messageResource(engine.message((res.locals as Locals).account.accountSid, String(req.params.sid))),
    );
  });
  api.post('/Calls.json', form, (req, res) => {
    const call = engine.createCall((res.locals as Locals).account, (req.body ?? {}) as Form);
    res.status(201).json(callResource(call));
  });
  api.get('/Calls/:sid.json', (req, res) => {
    res.json(callResource(engine.call((res.locals as Locals).account.accountSid, String(req.params.sid))));
  });
  api.use((req, _res, next) => {
    next(
      new TwilioApiError(404, 20404, `The requested resource ${req.originalUrl.split('?')[0]} was not found`),
    );
  });
  app.use('/2010-04-01/Accounts/:accountSid', api);

  // ---- control, JSON --------------------------------------------------------------------------
  const control = express.Router();
  control.use(json);
  control.get('/state', (_req, res) => {
    res.json({
      numbers: engine.knownNumbers().map((n) => engine.numberView(n)),
      messages: engine.messages,
      calls: engine.calls,
      callbacks: engine.callbacks,
    });
  });
  control.get('/callbacks', (_req, res) => {
    res.json(engine.callbacks);
  });
  control.get('/numbers/:number', (req, res) => {
    res.json(engine.numberView(String(req.params.number)));
  });
  control.post(
    '/numbers/:number/reply',
    asyncHandler(async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const to = typeof body.to === 'string' && body.to !== '' ? body.to : undefined;
      const result = await engine.reply(String(req.params.number), text(body.body, 'body'), to);
      res.status(201).json(result);
    }),
  );
  control.put('/numbers/:number/settings', (req, res) => {
    res.json(
      engine.setSettings(
        String(req.params.number),
        parseSettings((req.body ?? {}) as Record<string, unknown>),
      ),
    );
  });
  control.delete('/numbers/:number/settings', (req, res) => {
    engine.clearSettings(String(req.params.number));
    res.status(204).end();
  });
  control.post(
    '/calls/:sid/digits',
    asyncHandler(async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      res.json(await engine.pressDigits(String(req.params.sid), text(body.digits, 'digits')));
    }),
  );
  control.post(
    '/calls/:sid/timeout',
    asyncHandler(async (req, res) => {
      res.json(await engine.gatherTimeout(String(req.params.sid)));
    }),
  );
  control.post('/faults', (req, res) => {
    const body = (req.body ?? {}) as { status?: unknown; count?: unknown };
    const status = Number(body.status);
    const count = body.count === undefined ? 1 : Number(body.count);
    if (![429, 500, 502, 503].includes(status) || !Number.isInteger(count) || count < 1 || count > 1000) {
      throw new ControlError(400, 'status: 429, 500, 502 or 503; count: 1-1000');
    }
    engine.fault = { status, remaining: count };
    res.json(engine.fault);
  });
  control.post(
    '/idle',
    asyncHandler(async (_req, res) => {
      await engine.idle();
      res.status(204).end();
    }),
  );
  control.post('/reset', (_req, res) => {
    engine.reset();
    res.status(204).end();
  });
  app.use('/_sim/api', control);

  // ---- control, HTML --------------------------------------------------------------------------
  const html = (res: Response, body: string) => res.status(200).type('html').send(body);
  const back = (res: Response, number: string | undefined, notice: string) => {
    const target = number ? `/_sim/numbers/${encodeURIComponent(number)}` : '/_sim';
    res.redirect(303, `${target}?notice=${encodeURIComponent(notice)}`);
  };
  const notice = (req: Request) =>
    typeof req.query.notice === 'string' ? req.query.notice.slice(0, 300) : undefined;
  app.get('/', (_req, res) => res.redirect(302, '/_sim'));
  app.get('/_sim', (req, res) => {
    html(
      res,
      indexPage({
        own: engine.numbers,
        numbers: engine.knownNumbers().map((n) => {
          const v = engine.numberView(n);
          return { number: n, settings: v.settings, messages: v.messages.length, calls: v.calls.length };
        }),
        callbacks: engine.callbacks,
        notice: notice(req),
      }),
    );
  });
  app.get('/_sim/numbers', (req, res) => {
    const number = typeof req.query.number === 'string' ? req.query.number.trim() : '';
    res.redirect(303, `/_sim/numbers/${encodeURIComponent(number)}`);
  });
  app.get('/_sim/numbers/:number', (req, res) => {
    const view = engine.numberView(String(req.params.number));
    html(res, numberPage({ ...view, own: engine.numbers, notice: notice(req) }));
  });
  app.post(
    '/_sim/ui/numbers/:number/reply',
    form,
    asyncHandler(async (req, res) => {
      const number = String(req.params.number);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const to = typeof body.to === 'string' && body.to !== '' ? body.to : undefined;
      const { callback, replies } = await engine.reply(number, text(body.body, 'body'), to);
      const answer = callback.status
        ? `the API answered ${callback.status}`
        : `the API could not be reached (${callback.error})`;
      back(res, number, `SMS sent; ${answer}${replies.length ? `; ${replies.length} reply` : ''}`);
    }),
  );
  app.post('/_sim/ui/numbers/:number/failure', form, (req, res) => {
    const number = String(req.params.number);
    engine.clearSettings(number);
    engine.setSettings(number, parseSettings((req.body ?? {}) as Record<string, unknown>));
    back(res, number, 'behaviour set');
  });
  app.post('/_sim/ui/numbers/:number/clear', (req, res) => {
    const number = String(req.params.number);
    engine.clearSettings(number);
    back(res, number, 'behaves normally again');
  });
  app.post(
    '/_sim/ui/calls/:sid/digits',
    form,
    asyncHandler(async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const call = await engine.pressDigits(String(req.params.sid), text(body.digits, 'digits'));
      back(
        res,
        typeof body.back === 'string' ? body.back : call.to,
        `pressed ${call.digits.at(-1) ?? ''}; call ${call.status}`,
      );
    }),
  );
  app.post(
    '/_sim/ui/calls/:sid/timeout',
    form,
    asyncHandler(async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const call = await engine.gatherTimeout(String(req.params.sid));
      back(res, typeof body.back === 'string' ? body.back : call.to, `no key pressed; call ${call.status}`);
    }),
  );
  app.post('/_sim/ui/reset', (_req, res) => {
    engine.reset();
    back(res, undefined, 'forgotten');
  });

  const errors: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    void _next;
    if (err instanceof TwilioApiError) return sendApiError(res, err);
    const status =
      err instanceof ControlError ? err.status : (err as { status?: number }).status === 400 ? 400 : 500;
    const message = err instanceof Error ? err.message : 'error';
    if (
      req.path.startsWith('/_sim/ui/') ||
      (req.path.startsWith('/_sim') && !req.path.startsWith('/_sim/api'))
    ) {
      res.status(status).type('text/plain').send(message);
      return;
    }
    if (req.path.startsWith('/2010-04-01/')) {
      sendApiError(
        res,
        new TwilioApiError(status === 400 ? 400 : 500, status === 400 ? 20001 : 20500, message),
      );
      return;
    }
    res.status(status).json({ error: message });
  };
  app.use(errors);
  return app;
}

export async function createSimulator(options: SimulatorOptions): Promise<Simulator> {
  const engine = new SimulatorEngine(options);
  const app = createSimulatorApp(engine);
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port ?? 0, host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    app,
    server,
    url,
    engine,
    idle: () => engine.idle(),
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
