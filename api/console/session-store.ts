import type { Pool } from 'pg';
import { createTablesOnce } from '../../adapters/postgres-tables';
import type { StaffSession } from './sessions';

// Where signed-in sessions are kept, by the SHA-256 of their id (never the id itself): in the API
// process's memory (development, tests), or in PostgreSQL when DATABASE_URL is set, so that every
// API replica knows a session and a restarted API does not sign the night nurse out.

export interface SessionStore {
  get(key: string): Promise<StaffSession | undefined>;
  put(key: string, session: StaffSession): Promise<void>;
  delete(key: string): Promise<void>;
  /** Forgets sessions last seen before `idleBefore` or started before `startedBefore` (epoch ms). */
  deleteExpired(idleBefore: number, startedBefore: number): Promise<void>;
}

export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, StaffSession>();
  async get(key: string): Promise<StaffSession | undefined> {
    const s = this.sessions.get(key);
    return s && structuredClone(s);
  }
  async put(key: string, session: StaffSession): Promise<void> {
    this.sessions.set(key, structuredClone(session));
  }
  async delete(key: string): Promise<void> {
    this.sessions.delete(key);
  }
  async deleteExpired(idleBefore: number, startedBefore: number): Promise<void> {
    for (const [key, s] of this.sessions)
      if (s.lastSeenAt < idleBefore || s.startedAt < startedBefore) this.sessions.delete(key);
  }
}

export const SESSIONS_TABLE = 'console_sessions';

export class PostgresSessionStore implements SessionStore {
  private constructor(private readonly pool: Pool) {}

  /** The store once its table exists; rejects when the database cannot be reached. */
  static async open(pool: Pool): Promise<PostgresSessionStore> {
    await createTablesOnce(pool, [
      `CREATE TABLE IF NOT EXISTS ${SESSIONS_TABLE} (
      key text PRIMARY KEY, session jsonb NOT NULL,
      started_at bigint NOT NULL, last_seen_at bigint NOT NULL)`,
    ]);
    return new PostgresSessionStore(pool);
  }

  async get(key: string): Promise<StaffSession | undefined> {
    const { rows } = await this.pool.query<{ session: StaffSession }>(
      `SELECT session FROM ${SESSIONS_TABLE} WHERE key = $1`,
      [key],
    );
    return rows[0]?.session;
  }

  async put(key: string, session: StaffSession): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${SESSIONS_TABLE} (key, session, started_at, last_seen_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET session = EXCLUDED.session, last_seen_at = EXCLUDED.last_seen_at`,
      [key, JSON.stringify(session), session.startedAt, session.lastSeenAt],
    );
  }

  async delete(key: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${SESSIONS_TABLE} WHERE key = $1`, [key]);
  }

  async deleteExpired(idleBefore: number, startedBefore: number): Promise<void> {
    await this.pool.query(`DELETE FROM ${SESSIONS_TABLE} WHERE last_seen_at < $1 OR started_at < $2`, [
      idleBefore,
      startedBefore,
    ]);
  }
}
