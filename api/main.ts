import { existsSync } from 'node:fs';
import { PostgresSessionStore } from './console/session-store';
import { ImportPacing } from './import-pacing';
import { Client, Connection } from '@temporalio/client';
import { Pool } from 'pg';
import { Outbox } from '../adapters/dev/outbox';
import { openQualityStore } from '../adapters/quality-store/open-store';
import { loadClinicConfig } from '../config/clinic-config';
import { loadCredentials } from '../config/credentials';
import { ConfigError, loadEnv } from '../config/env';
import { loadStaffAccounts } from '../config/staff-accounts';
import { loadPayloadKeys } from '../config/payload-keys';
import { loadWebhookSecrets } from '../config/webhook-secrets';
import type { PinoLogger } from '../observability/logger';
import { createLogger } from '../observability/logger';
import { encryption } from '../temporal/data-converter';
import { createApp } from './app';
import { GracefulShutdown } from './graceful-shutdown';
import { sharedRateCounters } from './shared-rate-counters';

async function main(): Promise<void> {
  const env = loadEnv();
  const logger = createLogger('api', env.LOG_LEVEL);
  const clinics = loadClinicConfig(env.CLINIC_CONFIG);
  const credentials = loadCredentials(env.CREDENTIALS_FILE, clinics);
  // Without STAFF_ACCOUNTS_FILE and before `npm start` made development accounts, nobody can sign
  // in to the console; the API itself does not need them.
  const noStaffAccounts = env.DEV_STAFF_ACCOUNTS && !existsSync(env.STAFF_ACCOUNTS_FILE);
  const staffAccounts = noStaffAccounts ? [] : loadStaffAccounts(env.STAFF_ACCOUNTS_FILE, clinics);
  if (noStaffAccounts)
    logger.warn('no staff accounts (STAFF_ACCOUNTS_FILE unset): nobody can sign in to /console');
  const { webhooks, contactKeySecret } = loadWebhookSecrets(env, clinics);
  if (webhooks.twilioAuthTokens.size === 0) logger.warn('no Twilio auth tokens: every webhook is refused');
  const payloads = encryption(loadPayloadKeys(env));
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  const client = new Client({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    dataConverter: payloads.dataConverter,
  });
  // With DATABASE_URL the rate limit is counted in PostgreSQL, across every replica.
  const database = env.DATABASE_URL ? new Pool({ connectionString: env.DATABASE_URL, max: 5 }) : undefined;
  // A connection that PostgreSQL drops (a restart) must not take the API down.
  database?.on('error', (err) => logger.warn({ err: err.message }, 'rate-limit database connection lost'));
  const rateCounters = database ? await sharedCountersOrStop(database, logger) : undefined;
  // Console sessions in PostgreSQL too, so every replica knows them and a restart keeps them.
  const staffSessionStore = database ? await PostgresSessionStore.open(database) : undefined;
  // The console's kept PDCA reports and audits: data/quality.jsonl, or PostgreSQL with DATABASE_URL.
  const qualityStore = await openQualityStore(env).catch((err: Error) => {
    throw new ConfigError('environment variables', [err.message]);
  });
  const shutdown = new GracefulShutdown(10_000);
  const app = createApp({
    client,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    clinics,
    credentials,
    staffAccounts,
    staffSessionStore,
    qualityStore,
    logger,
    outbox: new Outbox(env.OUTBOX_FILE),
    rateLimit: { perMinute: env.API_RATE_LIMIT_PER_MINUTE, burst: env.API_RATE_LIMIT_BURST },
    rateCounters,
    shutdown,
    webhooks,
    contactKeySecret,
    importPacing: new ImportPacing(env.IMPORT_STARTS_PER_SECOND),
    codec: { encryption: payloads.codec, allowedOrigins: env.CODEC_ALLOWED_ORIGINS },
    metricsToken: env.METRICS_TOKEN,
    temporalTimeoutMs: env.TEMPORAL_QUERY_TIMEOUT_MS,
  });
  const server = shutdown.watch(
    app.listen(env.API_PORT, env.API_HOST, () =>
      logger.info({ url: `http://${env.API_HOST}:${env.API_PORT}` }, 'API listening'),
    ),
  );
  // Refuse new connections, finish in-flight requests (10 s at most), then close the Temporal
  // connection: the requests still running need it.
  const stop = async () => {
    logger.info('API stopping');
    const forced = await shutdown.stop(server);
    if (forced) logger.warn('API stopped: requests still running at the deadline were cut off');
    await connection.close();
    await database?.end();
    await qualityStore.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

/** The shared counters; a database that cannot be reached stops start-up naming DATABASE_URL. */
async function sharedCountersOrStop(pool: Pool, logger: PinoLogger) {
  try {
    return await sharedRateCounters(pool, logger);
  } catch (err) {
    throw new ConfigError('environment variables', [
      `DATABASE_URL: the rate-limit database cannot be used: ${(err as Error).message}`,
    ]);
  }
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
