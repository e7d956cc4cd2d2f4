import { createHash, randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { StaffAccount } from '../../config/staff-accounts';
import type { SessionStore } from './session-store';
import { MemorySessionStore } from './session-store';

// Signed-in members of staff. A session is a random id in an HttpOnly, SameSite=Strict cookie
// (Secure behind https) that names an entry kept in a session store (session-store.ts: memory, or
// PostgreSQL shared by every API replica), with its CSRF token. The id is kept only as its
// SHA-256: whoever reads the store cannot use a session from it.

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

/** A session's last request is written back at most this often (its idle clock is in minutes). */
const TOUCH_EVERY_MS = 60_000;

export class StaffSessions {
  constructor(
    private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
    private readonly now: () => number = Date.now,
    private readonly store: SessionStore = new MemorySessionStore(),
  ) {}

  /** A new session for `account`; the id goes into the cookie and nowhere else. */
  async start(account: StaffAccount): Promise<{ id: string; session: StaffSession }> {
    await this.forgetExpired();
    const id = randomBytes(32).toString('base64url');
    const { passwordHash: _hash, ...rest } = account;
    const t = this.now();
    const session = {
      account: rest,
      csrfToken: randomBytes(32).toString('base64url'),
      startedAt: t,
      lastSeenAt: t,
    };
    await this.store.put(digest(id), session);
    return { id, session };
  }

  /** The live session of this id (its idle clock restarted), or undefined. */
  async find(id: string | undefined): Promise<StaffSession | undefined> {
    if (!id) return undefined;
    const key = digest(id);
    const session = await this.store.get(key);
    if (!session) return undefined;
    const t = this.now();
    if (this.expired(session, t)) {
      await this.store.delete(key);
      return undefined;
    }
    if (t - session.lastSeenAt >= TOUCH_EVERY_MS) {
      session.lastSeenAt = t;
      await this.store.put(key, session);
    }
    return session;
  }

  async end(id: string | undefined): Promise<void> {
    if (id) await this.store.delete(digest(id));
  }

  private expired(s: StaffSession, t: number): boolean {
    return (
      t - s.lastSeenAt > this.limits.idleMinutes * 60_000 ||
      t - s.startedAt > this.limits.maxHours * 3_600_000
    );
  }

  private async forgetExpired(): Promise<void> {
    const t = this.now();
    await this.store.deleteExpired(
      t - this.limits.idleMinutes * 60_000,
      t - this.limits.maxHours * 3_600_000,
    );
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
