// Before a new worker version goes live: replays the histories of the cases on a Temporal server
// (running ones by default) against this checkout's workflow code, with the system's payload keys,
// and names every case whose history no longer replays (a change that needs patched()).
//   npm run replay-check                       the running cases (TEMPORAL_ADDRESS, namespace)
//   npm run replay-check -- "<visibility query>"   e.g. "WorkflowType = 'careJourney'"
// Exit code 1 when any fails. Prints workflow ids only (they carry no personal data).
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { loadEnv } from '../config/env';
import { loadPayloadKeys } from '../config/payload-keys';
import { encryption } from '../temporal/data-converter';
import { PRELOADED_MODULES } from '../worker/workflow-bundle';

const QUIET = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

async function main(query: string): Promise<number> {
  const env = loadEnv();
  const { dataConverter } = encryption(loadPayloadKeys(env));
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  try {
    const client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
    const workflowBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('../workflows'),
      preloadModules: PRELOADED_MODULES,
      failureConverterPath: dataConverter.failureConverterPath,
      logger: QUIET,
    });
    const histories = client.workflow.list({ query }).intoHistories();
    let replayed = 0;
    const failed: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle, dataConverter }, histories)) {
      replayed++;
      if (result.error) failed.push(`${result.workflowId}: ${result.error.message.split('\n')[0]}`);
    }
    console.log(
      `replayed ${replayed} cases (${query}): ${replayed - failed.length} ok, ${failed.length} failed`,
    );
    for (const line of failed) console.log(`  FAILED ${line}`);
    return failed.length ? 1 : 0;
  } finally {
    await connection.close();
  }
}

// Only warnings and errors from the SDK: the report is what is printed.
Runtime.install({ logger: new DefaultLogger('WARN') });

main(process.argv[2] ?? "ExecutionStatus = 'Running'").then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
