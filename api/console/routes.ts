import { dirname, join, resolve, basename } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Request, RequestHandler, Response } from 'express';
import express, { Router } from 'express';
import { z } from 'zod';
import type { StaffAccount } from '../../config/staff-accounts';
import type { Action } from '../../domain/access';
import { mayDo } from '../../domain/access';
import type { ClinicCatalogue } from '../../domain/clinic';
import { parseContactCaseId, parseJourneyId } from '../../domain/case-ids';
import type { DecisionName } from '../../domain/decisions';
import { DECISIONS } from '../../domain/decisions';
import type { Caller } from '../auth';
import { allow, ownCase } from '../auth';
import { CaseCalls } from '../case-calls';
import { ApiError } from '../errors';
import type { FailureLimit } from '../failed-sign-ins';
import { FailedSignIns } from '../failed-sign-ins';
import { consoleSecurityPolicy } from '../security-headers';
import { incidentCase } from '../staff-acknowledgement';
import { parseOr400 } from '../validate';
import { caseRoutes } from './case-routes';
import { boardAssets, BOARD_PAGES, complaintBoardRoutes } from './complaint-routes';
import { checkCsrf } from './csrf';
import { openIncidents } from './incidents';
import { qualityPageMain, qualityRoutes } from './quality';
import type { QualityStore } from '../../adapters/quality-store/store';
import type { ConsolePage } from './pages';
import { refusedPage, staffPage } from './pages';
import type { SessionLimits, StaffSession } from './sessions';
import type { SessionStore } from './session-store';
import { cookie, SESSION_COOKIE, StaffSessions } from './sessions';
import { showSignIn, signIn, signOut } from './sign-in';
import { openTasks } from './tasks';

// The staff console under /console: sign-in, the on-call incidents and the task worklist. It
// acts through the same checks and calls as the API (the role matrix of domain/access.ts, the
// clinic of the case, the journey's decisions), as the signed-in member of staff.

/** Five wrong passwords for one account lock it; a token comes back every 3 minutes. */
export const DEFAULT_STAFF_FAILURE_LIMIT: FailureLimit = {
  perCredential: 5,
  perAddress: 30,
  windowMinutes: 15,
};

export interface ConsoleDeps {
  client: Client;
  clinics: ClinicCatalogue;
  accounts: readonly StaffAccount[];
  failureLimit?: FailureLimit;
  sessionLimits?: SessionLimits;
  now?: () => number;
  /** The API's rate limit: per address before sign-in, per member of staff after. */
  limiter?: RequestHandler;
  /** Where sessions are kept (default: this process's memory; PostgreSQL with DATABASE_URL). */
  sessionStore?: SessionStore;
  /** Kept PDCA reports and phone-service audits; without it those answer 503. */
  qualityStore?: QualityStore;
}

/** Each page and the action of the role matrix that opens it. */
const PAGES: (ConsolePage & { action: Action })[] = [
  {
    path: '/console/on-call',
    title: 'on-call',
    action: 'escalation:read',
    scripts: ['on-call.js'],
    main: (t) =>
      `<p class="status" id="status">${t('loading')}</p><ol id="incidents" class="cards" data-empty="${t('nothing-open')}"></ol>`,
  },
  {
    path: '/console/tasks',
    title: 'tasks',
    action: 'journey:read',
    scripts: ['tasks.js'],
    main: (t) =>
      `<p class="status" id="status">${t('loading')}</p><ol id="tasks" class="cards" data-empty="${t('nothing-open')}"></ol>`,
  },
  {
    // Reports are management's (and operations'): the same matrix entry as the complaints report.
    path: '/console/quality',
    title: 'quality',
    action: 'complaint:report',
    scripts: ['chart.umd.js', 'quality.js'],
    main: qualityPageMain,
  },
  ...BOARD_PAGES,
];

// Browser files, from the source tree whether running from source or from dist/.
const here = resolve(__dirname, '..', '..');
const ROOT = basename(here) === 'dist' ? dirname(here) : here;
const ASSETS: Record<string, string> = {
  'console.css': join(ROOT, 'api', 'console', 'assets', 'console.css'),
  'console.js': join(ROOT, 'api', 'console', 'assets', 'console.js'),
  'on-call.js': join(ROOT, 'api', 'console', 'assets', 'on-call.js'),
  'tasks.js': join(ROOT, 'api', 'console', 'assets', 'tasks.js'),
  'quality.js': join(ROOT, 'api', 'console', 'assets', 'quality.js'),
  'chart.umd.js': join(ROOT, 'node_modules', 'chart.js', 'dist', 'chart.umd.js'),
  ...boardAssets(join(ROOT, 'api', 'console', 'assets')),
};

const resolution = z.object({ note: z.string().min(1).max(500).optional() }).strict();
/** A task completed from the list: a journey's or an after-hours contact's (complaints decide). */
const completion = z
  .object({
    caseId: z.string().min(1).max(200),
    taskId: z.string().min(1).max(200),
    outcome: z.string().min(1).max(500),
  })
  .strict();

declare module 'express-serve-static-core' {
  interface Request {
    staffSession?: StaffSession;
  }
}

export function consoleRoutes(deps: ConsoleDeps): Router {
  const router = Router();
  const sessions = new StaffSessions(deps.sessionLimits, deps.now, deps.sessionStore);
  const signInDeps = {
    accounts: deps.accounts,
    clinicIds: deps.clinics.clinics.map((c) => c.id),
    sessions,
    failures: new FailedSignIns(deps.failureLimit ?? DEFAULT_STAFF_FAILURE_LIMIT, deps.now),
  };
  const calls = new CaseCalls(deps.client);
  const form = express.urlencoded({ extended: false, limit: '4kb' });

  const limiter: RequestHandler = deps.limiter ?? ((_req, _res, next) => next());
  router.use('/console', consoleSecurityPolicy);
  router.use(['/console/assets', '/console/sign-in'], limiter);
  router.get('/console/assets/:file', (req, res) => {
    const file = ASSETS[String(req.params.file)];
    if (!file) throw ApiError.notFound(`asset "${String(req.params.file)}"`);
    // The same files for everyone and no personal data: a browser may keep them briefly.
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.sendFile(file);
  });
  router.get('/console/sign-in', (req, res) => showSignIn(signInDeps, req, res));
  router.post('/console/sign-in', form, (req, res) => signIn(signInDeps, req, res));

  // Everything else needs a session: a page sends the browser to sign in, JSON answers 401.
  router.use('/console', async (req, res, next) => {
    const session = await sessions.find(cookie(req, SESSION_COOKIE));
    // An account removed from the staff accounts file (or its role changed) ends its sessions.
    const still =
      session &&
      deps.accounts.some(
        (a) =>
          a.clinicId === session.account.clinicId &&
          a.staffId === session.account.staffId &&
          a.role === session.account.role,
      );
    if (!still) {
      if (req.method === 'GET' && !req.path.startsWith('/api/')) return res.redirect(303, '/console/sign-in');
      throw new ApiError(401, 'unauthenticated', 'console: not signed in, or the session has ended');
    }
    req.staffSession = session;
    req.caller = callerOf(session);
    req.log?.setBindings?.({ credentialId: req.caller.credentialId });
    next();
  });
  router.use('/console', limiter);
  router.use('/console', (req, res, next) => {
    if (req.method !== 'GET') {
      // The sign-out form posts urlencoded; the worklists' buttons post JSON.
      if (req.is('application/x-www-form-urlencoded'))
        return form(req, res, (err?: unknown) => (err ? next(err) : csrfThen(req, next)));
      return csrfThen(req, next);
    }
    next();
  });
  // Called back by the body parser too, where a throw would not reach Express: errors go to next.
  const csrfThen = (req: Request, next: (err?: unknown) => void) => {
    try {
      checkCsrf(req, req.staffSession!.csrfToken);
    } catch (err) {
      return next(err);
    }
    next();
  };

  router.post('/console/sign-out', (req, res) => signOut(signInDeps, req, res));

  const pagesOf = (caller: Caller) => PAGES.filter((p) => mayDo(caller.role, p.action));
  router.get('/console', (req, res) => {
    const first = pagesOf(req.caller!)[0];
    if (!first)
      return res.status(403).type('html').send(refusedPage(req.caller!, req.staffSession!.account.language));
    res.redirect(303, first.path);
  });
  for (const page of PAGES) {
    router.get(page.path, (req: Request, res: Response) => {
      const { language } = req.staffSession!.account;
      if (!mayDo(req.caller!.role, page.action))
        return res
          .status(403)
          .type('html')
          .send(refusedPage(req.caller!, language, page.title));
      const timeZone = deps.clinics.clinics.find((c) => c.id === req.caller!.clinicId)?.timeZone;
      res.type('html').send(staffPage(req.staffSession!, page, pagesOf(req.caller!), timeZone));
    });
  }

  router.get('/console/api/incidents', async (req, res) => {
    const caller = allow(req, 'escalation:read');
    const incidents = await openIncidents(deps.client, caller.clinicId, caller.role);
    res.json({ now: new Date(now(deps)).toISOString(), incidents });
  });

  const decide = async (req: Request, caseId: string, name: DecisionName, body: Record<string, unknown>) => {
    const payload = parseOr400(DECISIONS[name], { ...body, staffId: req.caller!.staffId }, 'body');
    const result = await calls.decide(caseId, name, payload as Record<string, unknown>);
    req.log?.info({ journeyId: caseId, decision: name }, 'console decision accepted');
    return result;
  };
  const incidentOf = (req: Request, action: Action) => {
    const caller = allow(req, action);
    const incidentId = String(req.params.incidentId);
    const { caseId, clinicId } = incidentCase(incidentId);
    ownCase(caller, clinicId, `incident "${incidentId}"`);
    return { incidentId, caseId };
  };
  router.post('/console/api/incidents/:incidentId/acknowledge', async (req, res) => {
    const { incidentId, caseId } = incidentOf(req, 'journey:acknowledge-escalation');
    parseOr400(z.object({}).strict(), req.body ?? {}, 'body');
    res.json({
      incidentId,
      ...(await decide(req, caseId, 'acknowledge-escalation', { incidentId, via: 'api' })),
    });
  });
  router.post('/console/api/incidents/:incidentId/resolve', async (req, res) => {
    const { incidentId, caseId } = incidentOf(req, 'journey:resolve-escalation');
    const body = parseOr400(resolution, req.body ?? {}, 'body');
    res.json({ incidentId, ...(await decide(req, caseId, 'resolve-escalation', { incidentId, ...body })) });
  });

  router.use(qualityRoutes({ ...deps, store: deps.qualityStore, now: () => now(deps), pagesOf }));

  router.get('/console/api/tasks', async (req, res) => {
    const caller = allow(req, 'journey:read');
    const at = new Date(now(deps));
    res.json({
      now: at.toISOString(),
      tasks: await openTasks(deps.client, caller.clinicId, caller.role, at),
    });
  });
  router.post('/console/api/tasks/complete', async (req, res) => {
    const body = parseOr400(completion, req.body ?? {}, 'body');
    const journey = parseJourneyId(body.caseId);
    const contact = parseContactCaseId(body.caseId);
    if (!journey && !contact)
      throw ApiError.badRequest(
        'body.caseId',
        'must look like "journey:<clinicId>:<surgeryId>" or "contact:<clinicId>:<contactId>"',
      );
    const caller = allow(req, journey ? 'journey:complete-task' : 'contact:complete-task');
    ownCase(caller, (journey ?? contact)!.clinicId, `case "${body.caseId}"`);
    const result = await decide(req, body.caseId, 'complete-task', {
      taskId: body.taskId,
      note: body.outcome,
    });
    res.json({ caseId: body.caseId, taskId: body.taskId, ...result });
  });

  router.use(complaintBoardRoutes({ client: deps.client, now: () => now(deps) }));
  router.use(caseRoutes({ client: deps.client, clinics: deps.clinics, now: () => now(deps), menu: pagesOf }));

  // Under /console nothing falls through to the API's bearer authentication.
  router.use('/console', (req) => {
    throw new ApiError(404, 'not-found', `no route ${req.method} ${req.originalUrl.split('?')[0]}`);
  });
  return router;
}

/** The signed-in member of staff as the API's caller: their role and clinic, decisions as theirs. */
function callerOf(session: StaffSession): Caller {
  const { staffId, clinicId, role } = session.account;
  return { credentialId: `console-${clinicId}-${staffId}`.slice(0, 64), clinicId, role, staffId };
}

const now = (deps: ConsoleDeps) => (deps.now ?? Date.now)();
