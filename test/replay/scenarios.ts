import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { PermanentDeliveryError } from '../../adapters/delivery-error';
import type { Adapters } from '../../adapters';
import { createDevAdapters } from '../../adapters/dev';
import type { CareJourneyInput, JourneyState, StartJourneyRequest } from '../../domain/journey';
import { careJourney } from '../../workflows';
import { journeyStateQuery, patientReplySignal } from '../../workflows/journey-definitions';
import { createWorker } from '../../worker/create-worker';
import { workflowBundle } from '../helpers/environments';
import { clinics, journeyInput, tempOutboxFile } from '../helpers/fixtures';
import { historyToObject } from './history-file';

// The main paths whose recorded histories the replay tests keep replaying against today's
// workflow code. `npm run record-histories` runs them again and rewrites the files.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Drive {
  env: TestWorkflowEnvironment;
  handle: WorkflowHandle<typeof careJourney>;
  input: CareJourneyInput;
}

export interface Scenario {
  name: string;
  request?: Partial<StartJourneyRequest>;
  adapters: (outboxFile: string) => Adapters;
  /** What happens while the journey runs; then it is run to its end. */
  drive?: (d: Drive) => Promise<void>;
}

const dev = (outboxFile: string) => createDevAdapters(outboxFile, clinics);
const filler = (performedAt: string): Partial<StartJourneyRequest> => ({
  surgery: { procedureCode: 'filler-injection', performedAt, surgeonId: 'dr-sato' },
});

async function reply({ handle }: Drive, providerMessageId: string, text: string) {
  await handle.signal(patientReplySignal, { providerMessageId, text });
}

async function waitFor({ handle }: Drive, ok: (s: JourneyState) => boolean) {
  for (let i = 0; i < 200; i++) {
    if (ok(await handle.query(journeyStateQuery))) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('scenario state never reached');
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'journey-replies-survey-completion',
    adapters: dev,
    drive: async (d) => {
      await d.env.sleep(20 * HOUR);
      await reply(d, 'r1', 'pain 2, no bleeding');
      await waitFor(d, (s) => s.lastTriage !== null);
      await d.env.sleep(13 * DAY);
      await waitFor(d, (s) => s.stage === 'survey');
      await reply(d, 'r2', '5 thank you');
      await waitFor(d, (s) => s.survey?.score === 5);
    },
  },
  {
    name: 'journey-sms-undeliverable',
    adapters: (outboxFile) => ({
      ...dev(outboxFile),
      sms: {
        send: async () => {
          throw new PermanentDeliveryError('number is not reachable by SMS', 'invalid-recipient');
        },
      },
    }),
  },
];

/** Runs one scenario to completion on a time-skipping server and returns its history as JSON. */
export async function runScenario(env: TestWorkflowEnvironment, scenario: Scenario): Promise<unknown> {
  const taskQueue = `record-${scenario.name}`;
  const now = new Date(await env.currentTimeMs()).toISOString();
  const input = journeyInput({ surgeryId: `S-${scenario.name}`, ...filler(now), ...scenario.request });
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
    await waitFor({ env, handle, input }, (s) => s.stage !== 'starting');
    await scenario.drive?.({ env, handle, input });
    await handle.result();
    return historyToObject(await handle.fetchHistory());
  });
}
