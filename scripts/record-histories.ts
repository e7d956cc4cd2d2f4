// Re-records the histories the replay tests replay (test/replay/histories/*.json).
// Run it when a workflow changes on purpose, after guarding old histories with patched().
// With scenario names as arguments (`npm run record-histories -- complaint-product-allergy`)
// only those are recorded.
import '../test/setup-runtime';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { timeSkippingEnvironment } from '../test/helpers/environments';
import { COMPLAINT_SCENARIOS, runComplaintScenario } from '../test/replay/complaint-scenario';
import { CONTACT_SCENARIOS, runContactScenario } from '../test/replay/contact-scenario';
import { runScenario, SCENARIOS } from '../test/replay/scenarios';

async function main(): Promise<void> {
  const dir = join(__dirname, '..', 'test', 'replay', 'histories');
  mkdirSync(dir, { recursive: true });
  const env = await timeSkippingEnvironment();
  try {
    const only = process.argv.slice(2);
    const runs = [
      ...SCENARIOS.map((scenario) => ({ name: scenario.name, run: () => runScenario(env, scenario) })),
      ...COMPLAINT_SCENARIOS.map((name) => ({ name, run: () => runComplaintScenario(env, name) })),
      ...CONTACT_SCENARIOS.map((name) => ({ name, run: () => runContactScenario(env) })),
    ].filter((scenario) => only.length === 0 || only.includes(scenario.name));
    if (only.length && runs.length !== only.length) throw new Error(`unknown scenario in ${only.join(', ')}`);
    for (const scenario of runs) {
      const histories = await scenario.run();
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
