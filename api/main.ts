import { Client, Connection } from '@temporalio/client';
import { Outbox } from '../adapters/dev/outbox';
import { loadClinicConfig } from '../config/clinic-config';
import { loadCredentials } from '../config/credentials';
import { ConfigError, loadEnv } from '../config/env';
import { createLogger } from '../observability/logger';
import { createApp } from './app';

async function main(): Promise<void> {
  const env = loadEnv();
  const logger = createLogger('api', env.LOG_LEVEL);
  const clinics = loadClinicConfig(env.CLINIC_CONFIG);
  const credentials = loadCredentials(env.CREDENTIALS_FILE, clinics);
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
  const app = createApp({
    client,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    clinics,
    credentials,
    logger,
    outbox: new Outbox(env.OUTBOX_FILE),
  });
  const server = app.listen(env.API_PORT, env.API_HOST, () =>
    logger.info({ url: `http://${env.API_HOST}:${env.API_PORT}` }, 'API listening'),
  );
  // Finish in-flight requests, then close the Temporal connection.
  const stop = () => {
    logger.info('API stopping');
    server.close(() => {
      void connection.close().then(() => process.exit(0));
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
