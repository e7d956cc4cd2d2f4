import { loadTwilioCredentials } from '../adapters/twilio/credentials';
import type { SimulatorAccount, SimulatorNumber } from './engine';
import { createSimulator } from './simulator';

// Runs the Twilio simulator standalone:
//   TWILIO_CREDENTIALS_FILE=data/twilio.json WEBHOOK_BASE_URL=http://127.0.0.1:3000 \
//   TWILIO_SIMULATOR_PORT=3010 node --require @swc-node/register simulator/main.ts
// It knows the same accounts the adapters use (the credentials file, or $TWILIO_CREDENTIALS):
// each clinic's account SID and auth token, and its "from" number (or a number made up for its
// Messaging Service), whose inbound SMS go to WEBHOOK_BASE_URL/webhooks/twilio/<clinicId>/sms.

function fromEnv(env: NodeJS.ProcessEnv): { accounts: SimulatorAccount[]; numbers: SimulatorNumber[] } {
  const credentials = loadTwilioCredentials({ env });
  const webhookBaseUrl = (env.WEBHOOK_BASE_URL ?? `http://127.0.0.1:${env.API_PORT ?? '3000'}`).replace(
    /\/+$/,
    '',
  );
  const accounts = new Map<string, SimulatorAccount>();
  const numbers: SimulatorNumber[] = [];
  credentials.clinicIds().forEach((clinicId, i) => {
    const a = credentials.get(clinicId);
    // A Messaging Service sends from a number of its pool: one made up per clinic here.
    const number = a.from ?? `+1555010${String(1000 + i).slice(-4)}`;
    const account = accounts.get(a.accountSid) ?? {
      accountSid: a.accountSid,
      authToken: a.authToken,
      messagingServices: {},
    };
    if (a.messagingServiceSid) account.messagingServices![a.messagingServiceSid] = number;
    accounts.set(a.accountSid, account);
    numbers.push({ number, accountSid: a.accountSid, clinicId, webhookBaseUrl });
  });
  return { accounts: [...accounts.values()], numbers };
}

async function main(): Promise<void> {
  const env = process.env;
  const port = Number(env.TWILIO_SIMULATOR_PORT ?? '3010');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error('TWILIO_SIMULATOR_PORT: must be a port number');
  const sim = await createSimulator({
    ...fromEnv(env),
    host: env.TWILIO_SIMULATOR_HOST ?? '127.0.0.1',
    port,
  });
  console.log(`Twilio simulator at ${sim.url} (control page ${sim.url}/_sim)`);
  for (const n of sim.engine.numbers)
    console.log(`  ${n.number} → clinic ${n.clinicId} → ${n.webhookBaseUrl}`);
  const stop = () => {
    void sim.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
