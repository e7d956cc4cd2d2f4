import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { PermanentDeliveryError } from '../../adapters/delivery-error';
import type { Adapters } from '../../adapters';
import { createDevAdapters } from '../../adapters/dev';
import type {
  AdherenceSummary,
  CareJourneyInput,
  JourneyState,
  StartJourneyRequest,
} from '../../domain/journey';
import { careJourney } from '../../workflows';
import type { DecisionName } from '../../domain/decisions';
import { recordQuery } from '../../workflows/child-definitions';
import type { DecisionPayload } from '../../workflows/journey-definitions';
import { decisionUpdate, journeyStateQuery, patientReplySignal } from '../../workflows/journey-definitions';
import { createWorker } from '../../worker/create-worker';
import { TEST_DATA_CONVERTER, workflowBundle } from '../helpers/environments';
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

/** Let time pass in steps until the journey reaches a state. */
function stepUntil(d: Drive, ok: (s: JourneyState) => boolean, step: number) {
  return stepUntilTrue(d, async () => ok(await d.handle.query(journeyStateQuery)), step);
}

/** Let time pass in steps until a check holds. */
async function stepUntilTrue(d: Drive, holds: () => Promise<boolean>, step: number) {
  for (let i = 0; i < 60; i++) {
    await new Promise((r) => setTimeout(r, 50));
    if (await holds()) return;
    await d.env.sleep(step);
  }
  throw new Error('scenario state never reached while time passed');
}

/**
 * The journey's medication workflow's counts, none before it has started (the journey hears of a
 * reminder with its outcome).
 */
async function medicationCounts(d: Drive): Promise<AdherenceSummary[]> {
  const handle = d.env.client.workflow.getHandle(`${d.input.journeyId}:medication`);
  return (await handle.query(recordQuery).catch(() => [])) as AdherenceSummary[];
}

function decide<N extends DecisionName>({ handle }: Drive, name: N, payload: DecisionPayload<N>) {
  return handle.executeUpdate(decisionUpdate(name), { args: [payload] });
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'journey-emergency-escalation-transfer',
    request: { surgery: { procedureCode: 'rhinoplasty', performedAt: '', surgeonId: 'dr-sato' } },
    adapters: dev,
    drive: async (d) => {
      await d.env.sleep(26 * HOUR);
      await reply(d, 'e1', 'I cannot breathe and my lips are swelling');
      await waitFor(d, (s) => s.transfers.length === 1 && s.escalations.length === 1);
      let s = await d.handle.query(journeyStateQuery);
      const incidentId = s.escalations[0]!.incidentId;
      const transferId = s.transfers[0]!.transferId;
      await d.env.sleep(6 * 60_000); // level 1 (5 min) times out
      await decide(d, 'acknowledge-escalation', { incidentId, staffId: 'director' });
      await decide(d, 'transfer-decision', { transferId, staffId: 'director', decision: 'proceed' });
      await waitFor(d, (x) => x.transfers[0]!.awaitingHospitalId === 'minato-general');
      await decide(d, 'hospital-response', { transferId, hospitalId: 'minato-general', accepted: false });
      await waitFor(d, (x) => x.transfers[0]!.awaitingHospitalId === 'shibuya-university');
      await decide(d, 'hospital-response', { transferId, hospitalId: 'shibuya-university', accepted: true });
      await waitFor(d, (x) => x.transfers[0]!.status === 'accepted');
      await decide(d, 'confirm-handover', { transferId, staffId: 'director' });
      await decide(d, 'resolve-escalation', { incidentId, staffId: 'director', note: 'admitted' });
      s = await d.handle.query(journeyStateQuery);
      await waitFor(d, (x) => x.transfers[0]!.status === 'handed-over' && x.openEscalations.length === 0);
    },
  },
  {
    name: 'journey-medication-return-visit',
    request: {
      prescriptions: [{ id: 'rx-1', name: 'Cefalexin', dose: '500 mg', times: ['08:00', '20:00'], days: 2 }],
    },
    adapters: dev,
    drive: async (d) => {
      // Whatever the hour on the test server, step until a reminder is out, then take the dose.
      await stepUntilTrue(d, async () => ((await medicationCounts(d))[0]?.scheduled ?? 0) >= 1, HOUR);
      await reply(d, 'm1', 'TAKEN');
      await waitFor(d, (s) => s.adherence[0]!.taken === 1);
      await stepUntil(d, (s) => s.returnVisits[0]!.status === 'awaiting-confirmation', 6 * HOUR);
      await reply(d, 'v1', 'YES');
      await waitFor(d, (s) => s.returnVisits[0]!.status === 'confirmed');
      await decide(d, 'record-visit-attendance', { visitId: 'rv-1', attended: true, staffId: 'front-desk' });
      await waitFor(d, (s) => s.returnVisits[0]!.status === 'attended');
    },
  },
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

/** Runs one scenario to completion on a time-skipping server; returns its histories (journey and children) as JSON. */
export async function runScenario(
  env: TestWorkflowEnvironment,
  scenario: Scenario,
): Promise<Record<string, unknown>> {
  const taskQueue = `record-${scenario.name}`;
  const now = new Date(await env.currentTimeMs()).toISOString();
  const request: Partial<StartJourneyRequest> = { ...filler(now), ...scenario.request };
  if (request.surgery) request.surgery = { ...request.surgery, performedAt: now };
  if (scenario.name === 'journey-medication-return-visit') {
    const at = new Date(Date.parse(now) + 9 * DAY).toISOString();
    request.returnVisits = [
      {
        id: 'rv-1',
        at,
        place: 'Main clinic, 3F',
        department: 'Dermatology',
        doctor: 'Dr Sato',
        bring: ['medication'],
      },
    ];
  }
  const input = journeyInput({ surgeryId: `S-${scenario.name}`, ...request });
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    adapters: scenario.adapters(tempOutboxFile()),
    dataConverter: TEST_DATA_CONVERTER,
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
    const final = await handle.result();
    const histories: Record<string, unknown> = { journey: historyToObject(await handle.fetchHistory()) };
    const children = [
      ...final.escalations.map((e) => ['escalation', e.incidentId]),
      ...final.transfers.map((t) => ['transfer', t.transferId]),
      // One workflow reminds every course (before one-medication-workflow: one per course).
      ...(final.adherence.length ? [['medication', `${input.journeyId}:medication`]] : []),
      ...final.returnVisits.map((v) => ['visit', `${input.journeyId}:visit-${v.visitId}`]),
    ];
    for (const [kind, workflowId] of children) {
      const child = env.client.workflow.getHandle(workflowId!);
      await child.result().catch(() => undefined);
      histories[`${kind}-${workflowId!.split(':').at(-1)}`] = historyToObject(await child.fetchHistory());
    }
    return histories;
  });
}
