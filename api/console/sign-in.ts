import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { StaffAccount } from '../../config/staff-accounts';
import { hashPassword, passwordMatches } from '../../config/staff-accounts';
import type { FailedSignIns } from '../failed-sign-ins';
import { sameToken } from './csrf';
import { signInPage } from './pages';
import type { StaffSessions } from './sessions';
import { consoleCookie, cookie, SESSION_COOKIE } from './sessions';

// Sign-in and sign-out. The sign-in form carries a token that matches a short-lived cookie (a
// CSRF token before there is a session), so another site cannot sign a browser in as someone
// else. Wrong passwords are throttled per account and per address (api/failed-sign-ins.ts): past
// the limit the account is locked for a while, even with the right password.

export const SIGN_IN_COOKIE = 'console_sign_in';
const SIGN_IN_SECONDS = 30 * 60;

const signInForm = z.object({
  _csrf: z.string().min(1).max(200),
  clinicId: z.string().min(1, 'required').max(64),
  staffId: z.string().min(1, 'required').max(64),
  password: z.string().min(1, 'required').max(200),
});

// Unknown accounts cost the same scrypt as known ones, so the answer's time does not tell them apart.
const NOBODY_HASH = hashPassword(randomBytes(16).toString('base64url'));

export interface SignInDeps {
  accounts: readonly StaffAccount[];
  clinicIds: readonly string[];
  sessions: StaffSessions;
  failures: FailedSignIns;
}

export function showSignIn(
  deps: SignInDeps,
  req: Request,
  res: Response,
  status = 200,
  problem?: string,
): void {
  const token = randomBytes(24).toString('base64url');
  res.setHeader('Set-Cookie', consoleCookie(req, SIGN_IN_COOKIE, token, SIGN_IN_SECONDS));
  res
    .status(status)
    .type('html')
    .send(signInPage(deps.clinicIds, token, problem));
}

export async function signIn(deps: SignInDeps, req: Request, res: Response): Promise<void> {
  const parsed = signInForm.safeParse(req.body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return showSignIn(deps, req, res, 400, `${issue.path.join('.')}: ${issue.message}`);
  }
  const form = parsed.data;
  if (!sameToken(form._csrf, cookie(req, SIGN_IN_COOKIE) ?? ''))
    return showSignIn(deps, req, res, 403, 'The sign-in form had expired: please sign in again.');
  const who = `${form.clinicId}/${form.staffId}`;
  const address = req.ip ?? 'unknown';
  const wait = deps.failures.retryAfter(who, address);
  if (wait > 0) {
    res.setHeader('Retry-After', String(wait));
    return showSignIn(
      deps,
      req,
      res,
      429,
      `Too many failed sign-ins for this account or from this device: locked, try again in ${Math.ceil(wait / 60)} min.`,
    );
  }
  const account = deps.accounts.find((a) => a.clinicId === form.clinicId && a.staffId === form.staffId);
  const matches = passwordMatches(form.password, account?.passwordHash ?? NOBODY_HASH);
  if (!account || !matches) {
    deps.failures.failed(who, address);
    req.log?.info({ clinicId: form.clinicId }, 'console sign-in refused');
    return showSignIn(deps, req, res, 401, 'Wrong clinic, staff id or password.');
  }
  const { id, session } = await deps.sessions.start(account);
  req.log?.info({ clinicId: account.clinicId, role: account.role }, 'console sign-in');
  res.setHeader('Set-Cookie', [
    consoleCookie(req, SESSION_COOKIE, id, 12 * 3600),
    consoleCookie(req, SIGN_IN_COOKIE, '', 0),
  ]);
  res.redirect(303, session.account.role === 'front-desk' ? '/console/tasks' : '/console/on-call');
}

export async function signOut(deps: SignInDeps, req: Request, res: Response): Promise<void> {
  await deps.sessions.end(cookie(req, SESSION_COOKIE));
  res.setHeader('Set-Cookie', consoleCookie(req, SESSION_COOKIE, '', 0));
  res.redirect(303, '/console/sign-in');
}
