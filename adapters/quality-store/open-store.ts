import { join } from 'node:path';
import { Pool } from 'pg';
import { FileQualityStore } from './file-store';
import { PostgresQualityStore } from './postgres-store';
import type { QualityStore } from './store';

/** PostgreSQL when DATABASE_URL is set, else the file data/quality.jsonl (DATA_DIR). */
export async function openQualityStore(env: {
  DATABASE_URL?: string;
  DATA_DIR: string;
}): Promise<QualityStore> {
  if (!env.DATABASE_URL) return new FileQualityStore(join(env.DATA_DIR, 'quality.jsonl'));
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: 3 });
  // A connection PostgreSQL drops (a restart) is replaced on the next query.
  pool.on('error', () => undefined);
  try {
    return await PostgresQualityStore.open(pool);
  } catch (err) {
    await pool.end();
    throw new Error(`DATABASE_URL: the quality report store cannot be used: ${(err as Error).message}`);
  }
}
