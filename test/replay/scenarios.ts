import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { PermanentDeliveryError } from '../../adapters/delivery-error';
import type { Adapters } from '../../adapters';
import { createDevAdapters } from '../../adapters/dev';
import { careJourney } from '../../workflows';
import { createWorker } from '../../worker/create-worker';
import { workflowBundle } from '../helpers/environments';
import { historyToObject } from './history-file';
import { clinics, journeyInput, tempOutboxFile } from '../helpers/fixtures';

// The main paths whose recorded histories the replay tests keep replaying against today's
// workflow code. `npm run record-histories` runs them again and rewrites the files.

export interface Scenario {
  name: string;
  adapters: (outboxFile: string) => Adapters;
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'journey-after-care-to-completion',
    adapters: (outboxFile) => createDevAdapters(outboxFile, clinics),
  },
  {
    name: 'journey-after-care-undeliverable',
    adapters: (outboxFile) => ({
      ...createDevAdapters(outboxFile, clinics),
      sms: {
        send: async () => {
          throw new PermanentDeliveryError('patient has opted out of SMS', 'opted-out');
        },
      },
    }),
  },
];

/** Runs one scenario to completion on a time-skipping server and returns its history as JSON. */
export async function runScenario(env: TestWorkflowEnvironment, scenario: Scenario): Promise<unknown> {
  const taskQueue = `record-${scenario.name}`;
  const now = new Date(await env.currentTimeMs()).toISOString();
  const input = journeyInput({
    surgeryId: `S-${scenario.name}`,
    surgery: { procedureCode: 'rhinoplasty', performedAt: now, surgeonId: 'dr-sato' },
  });
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    adapters: scenario.adapters(tempOutboxFile()),
    workflowBundle: await workflowBundle(),
  });
  return worker.runUntil(async () => {
    const handle = await env.client.workflow.start(careJourney, {
      taskQueue,
      workflowId: input.journeyId,
      args: [input],
    });
    await handle.result();
    return historyToObject(await handle.fetchHistory());
  });
}
