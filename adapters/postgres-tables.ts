import type { Pool } from 'pg';

// Tables a process creates at start-up if they are missing. Replicas start together (two workers,
// two APIs), and PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe against itself: two at once
// can fail with a duplicate key in pg_type. So the statements run in one transaction under a
// transaction-level advisory lock: the second replica waits, then finds the tables there.

/** A fixed lock id for our start-up DDL ("care" in ASCII). */
const START_UP_DDL_LOCK = 0x63617265;

export async function createTablesOnce(pool: Pool, statements: readonly string[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [START_UP_DDL_LOCK]);
    for (const sql of statements) await client.query(sql);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
