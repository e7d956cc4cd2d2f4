import { NativeConnection, Runtime } from '@temporalio/worker';
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
  try {
    Runtime.install({
      logger: new TemporalPinoLogger(logger),
      telemetryOptions: workerTelemetry(env.WORKER_METRICS_ADDRESS),
    });
  } catch (err) {
    // E.g. a second worker on this machine with the same metrics port: say which setting to change.
    throw new ConfigError('WORKER_METRICS_ADDRESS', [
      `${env.WORKER_METRICS_ADDRESS}: ${(err as Error).message} (another "host:port", or "off")`,
    ]);
  }

  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  const worker = await createWorker({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    adapters,
    dataConverter,
  });
  logger.info(
    {
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      clinics: clinics.clinics.length,
      providers: providers.mode,
      metrics: env.WORKER_METRICS_ADDRESS === 'off' ? 'off' : `http://${env.WORKER_METRICS_ADDRESS}/metrics`,
    },
    'worker started',
  );
  // Worker.run() returns after SIGINT/SIGTERM once in-flight tasks have finished.
  await worker.run();
  await connection.close();
  logger.info('worker stopped');
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
