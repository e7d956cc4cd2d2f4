import { createFhirServer } from './server';

// The local FHIR R4 server on its own: `node --require @swc-node/register fhir-server/main.ts`.
//   FHIR_PORT                 port (default 8103)
//   FHIR_HOST                 interface (default 127.0.0.1)
//   FHIR_SEED_DAYS            days of free slots from now (default 14); FHIR_SEED=off for an empty server
//   FHIR_AUTO_ACCEPT_SECONDS  accept every referral Task still requested after N seconds (off by default)
//   FHIR_BEARER_TOKEN         require this bearer token (off by default)
// State is in memory: a restart re-seeds from config/ehr-records.json and config/clinics.json.

async function main(): Promise<void> {
  const env = process.env;
  const autoAccept = env.FHIR_AUTO_ACCEPT_SECONDS ? Number(env.FHIR_AUTO_ACCEPT_SECONDS) : undefined;
  if (autoAccept !== undefined && !(autoAccept >= 0))
    throw new Error('FHIR_AUTO_ACCEPT_SECONDS must be >= 0');
  const days = Number(env.FHIR_SEED_DAYS ?? 14);
  if (!(days > 0 && days <= 366)) throw new Error('FHIR_SEED_DAYS must be 1-366');
  const server = await createFhirServer({
    port: Number(env.FHIR_PORT ?? 8103),
    host: env.FHIR_HOST ?? '127.0.0.1',
    seed: env.FHIR_SEED === 'off' ? undefined : { now: new Date(), days },
    bearerToken: env.FHIR_BEARER_TOKEN || undefined,
    autoAcceptAfterMs: autoAccept === undefined ? undefined : autoAccept * 1000,
  });
  const rssMb = Math.round(process.memoryUsage().rss / 1e6);
  const readyMs = Math.round(performance.now());
  process.stdout.write(
    `${JSON.stringify({ msg: 'fhir server ready', fhirBaseUrl: server.fhirBaseUrl, readyMs, rssMb, seeded: server.seeded?.resources })}\n`,
  );
  const stop = () => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`fhir server failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
