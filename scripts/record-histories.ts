// Re-records the histories the replay tests replay (test/replay/histories/*.json).
// Run it when a workflow changes on purpose, after guarding old histories with patched().
import '../test/setup-runtime';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { timeSkippingEnvironment } from '../test/helpers/environments';
import { runScenario, SCENARIOS } from '../test/replay/scenarios';

async function main(): Promise<void> {
  const dir = join(__dirname, '..', 'test', 'replay', 'histories');
  mkdirSync(dir, { recursive: true });
  const env = await timeSkippingEnvironment();
  try {
    for (const scenario of SCENARIOS) {
      const histories = await runScenario(env, scenario);
      for (const [part, history] of Object.entries(histories)) {
        const file = join(
          dir,
          part === 'journey' ? `${scenario.name}.json` : `${scenario.name}.${part}.json`,
        );
        writeFileSync(file, JSON.stringify(history, null, 2) + '\n');
        console.log(`recorded ${file}`);
      }
    }
  } finally {
    await env.teardown();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
