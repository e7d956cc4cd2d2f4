import { createHash, randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { StaffAccount } from '../../config/staff-accounts';

// Signed-in members of staff. A session is a random id in an HttpOnly, SameSite=Strict cookie
// (Secure behind https) that names an entry kept here, with its CSRF token. Kept in the API
// process's memory: a restart signs everyone out (they sign in again), and a session cannot be
// stolen from a store. The id is kept only as its SHA-256.

export const SESSION_COOKIE = 'console_session';

export interface StaffSession {
  account: Omit<StaffAccount, 'passwordHash'>;
  /** Sent back with every POST (form field or header): proves the request came from our page. */
  csrfToken: string;
  startedAt: number;
  lastSeenAt: number;
}

export interface SessionLimits {
  /** Signed out after this long without a request. */
  idleMinutes: number;
  /** Signed out after this long in any case (a shift). */
  maxHours: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMinutes: 30, maxHours: 12 };

const digest = (id: string) => createHash('sha256').update(id).digest('base64url');

export class StaffSessions {
  private readonly sessions = new Map<string, StaffSession>();

  constructor(
    private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new session for `account`; the id goes into the cookie and nowhere else. */
  start(account: StaffAccount): { id: string; session: StaffSession } {
    this.forgetExpired();
    const id = randomBytes(32).toString('base64url');
    const { passwordHash: _hash, ...rest } = account;
    const t = this.now();
    const session = {
      account: rest,
      csrfToken: randomBytes(32).toString('base64url'),
      startedAt: t,
      lastSeenAt: t,
    };
    this.sessions.set(digest(id), session);
    return { id, session };
  }

  /** The live session of this id (its idle clock restarted), or undefined. */
  find(id: string | undefined): StaffSession | undefined {
    if (!id) return undefined;
    const key = digest(id);
    const session = this.sessions.get(key);
    if (!session) return undefined;
    const t = this.now();
    if (this.expired(session, t)) {
      this.sessions.delete(key);
      return undefined;
    }
    session.lastSeenAt = t;
    return session;
  }

  end(id: string | undefined): void {
    if (id) this.sessions.delete(digest(id));
  }

  private expired(s: StaffSession, t: number): boolean {
    return (
      t - s.lastSeenAt > this.limits.idleMinutes * 60_000 ||
      t - s.startedAt > this.limits.maxHours * 3_600_000
    );
  }

  private forgetExpired(): void {
    const t = this.now();
    for (const [key, s] of this.sessions) if (this.expired(s, t)) this.sessions.delete(key);
  }
}

/** A cookie's value from the request, if sent. */
export function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** A console cookie: HttpOnly, SameSite=Strict, for /console only, Secure when served over https. */
export function consoleCookie(req: Request, name: string, value: string, maxAgeSeconds: number): string {
  const secure = req.protocol === 'https' || req.headers['x-forwarded-proto'] === 'https';
  return `${name}=${value}; Path=/console; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}
