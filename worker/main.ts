import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { openQualityStore } from '../adapters/quality-store/open-store';
import { createAdapters } from '../adapters/create-adapters';
import { loadClinicConfig } from '../config/clinic-config';
import { ConfigError, loadEnv } from '../config/env';
import { loadPayloadKeys } from '../config/payload-keys';
import { loadProviders } from '../config/providers';
import { webhookBaseUrl } from '../config/webhook-secrets';
import { encryption } from '../temporal/data-converter';
import { createLogger } from '../observability/logger';
import { TemporalPinoLogger } from '../observability/temporal-logger';
import { createWorker } from './create-worker';
import { ensureQualitySchedules } from './quality-schedules';
import { workerTelemetry } from './metrics';

async function main(): Promise<void> {
  const env = loadEnv();
  const logger = createLogger('worker', env.LOG_LEVEL);
  const clinics = loadClinicConfig(env.CLINIC_CONFIG);
  const { dataConverter } = encryption(loadPayloadKeys(env));
  const providers = loadProviders(env);
  const adapters = createAdapters(providers, {
    outboxFile: env.OUTBOX_FILE,
    catalogue: clinics,
    webhookBaseUrl: webhookBaseUrl(env),
  });
  const temporalLogger = new TemporalPinoLogger(logger);
  let metrics = env.WORKER_METRICS_ADDRESS === 'off' ? 'off' : `http://${env.WORKER_METRICS_ADDRESS}/metrics`;
  try {
    Runtime.install({
      logger: temporalLogger,
      telemetryOptions: workerTelemetry(env.WORKER_METRICS_ADDRESS),
    });
  } catch (err) {
    // Metrics never stop care: a port already taken (e.g. a second worker on this machine) is
    // logged, naming the setting, and the worker runs without its endpoint.
    logger.error(
      { err: (err as Error).message, setting: 'WORKER_METRICS_ADDRESS', address: env.WORKER_METRICS_ADDRESS },
      'worker metrics endpoint could not start: running without it (set another "host:port", or "off")',
    );
    metrics = 'unavailable';
    Runtime.install({ logger: temporalLogger });
  }

  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  // The monthly quality reports read the cases through a client and keep what they find in the
  // quality store (data/quality.jsonl, or PostgreSQL with DATABASE_URL); one schedule per clinic.
  const clientConnection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  const client = new Client({
    connection: clientConnection,
    namespace: env.TEMPORAL_NAMESPACE,
    dataConverter,
  });
  const store = await openQualityStore(env);
  // Reports never stop care: a schedule that cannot be created is logged, the worker runs.
  const schedules = await ensureQualitySchedules(client, clinics, env.TEMPORAL_TASK_QUEUE).catch(
    (err: Error) => {
      logger.error({ err: err.message }, 'monthly quality report schedules could not be created or updated');
      return [];
    },
  );
  const worker = await createWorker({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    adapters,
    dataConverter,
    quality: { client, clinics, store },
    ...(env.WORKER_CACHED_WORKFLOWS ? { maxCachedWorkflows: env.WORKER_CACHED_WORKFLOWS } : {}),
    ...(env.WORKER_WORKFLOW_TASK_SLOTS ? { workflowTaskSlots: env.WORKER_WORKFLOW_TASK_SLOTS } : {}),
  });
  logger.info(
    {
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      clinics: clinics.clinics.length,
      providers: providers.mode,
      metrics,
      qualitySchedules: schedules.length,
    },
    'worker started',
  );
  // Worker.run() returns after SIGINT/SIGTERM once in-flight tasks have finished.
  await worker.run();
  await connection.close();
  await clientConnection.close();
  await store.close();
  logger.info('worker stopped');
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
