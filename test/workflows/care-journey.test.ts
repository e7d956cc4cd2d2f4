import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createDevAdapters } from '../../adapters/dev';
import { Outbox } from '../../adapters/dev/outbox';
import { PermanentDeliveryError } from '../../adapters/delivery-error';
import type { Adapters } from '../../adapters';
import type { CareJourneyInput } from '../../domain/journey';
import {
  JourneyStage,
  ClinicId,
  CaseKind,
  ProcedureCode,
  RiskLevel,
  OpenEscalation,
} from '../../temporal/search-attributes';
import { careJourney } from '../../workflows';
import { journeyStateQuery } from '../../workflows/journey-definitions';
import { createWorker } from '../../worker/create-worker';
import { timeSkippingEnvironment, workflowBundle } from '../helpers/environments';
import { clinic, clinics, journeyInput, tempOutboxFile } from '../helpers/fixtures';

const DAY = 24 * 60 * 60 * 1000;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await timeSkippingEnvironment();
});
afterAll(async () => {
  await env?.teardown();
});

async function withWorker<R>(adapters: Adapters, fn: (taskQueue: string) => Promise<R>): Promise<R> {
  const taskQueue = `test-${Math.random().toString(36).slice(2)}`;
  const worker: Worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    adapters,
    workflowBundle: await workflowBundle(),
  });
  return worker.runUntil(fn(taskQueue));
}

/** A journey whose surgery is "now" on the test server's clock (which time skipping moves on). */
async function journeyInputNow(): Promise<CareJourneyInput> {
  const now = new Date(await env.currentTimeMs()).toISOString();
  return journeyInput({ surgery: { procedureCode: 'rhinoplasty', performedAt: now, surgeonId: 'dr-sato' } });
}

async function waitForStage(input: CareJourneyInput, stage: string) {
  const handle = env.client.workflow.getHandle(input.journeyId);
  for (let i = 0; i < 100; i++) {
    const state = await handle.query(journeyStateQuery);
    if (state.stage === stage) return state;
    await new Promise((r) => setTimeout(r, 50));
  }
  const last = await handle.query(journeyStateQuery);
  throw new Error(`journey never reached stage ${stage}: ${JSON.stringify(last)}`);
}

describe('care journey (walking skeleton)', () => {
  test('sends after-care instructions with the 24-hour line, records them, follows up and completes', async () => {
    const outboxFile = tempOutboxFile();
    const input = await journeyInputNow();
    await withWorker(createDevAdapters(outboxFile, clinics), async (taskQueue) => {
      const handle = await env.client.workflow.start(careJourney, {
        taskQueue,
        workflowId: input.journeyId,
        args: [input],
      });

      const monitoring = await waitForStage(input, 'monitoring');
      const surgeryAt = new Date(input.surgery.performedAt).getTime();
      expect(monitoring.nextAction).toEqual({
        what: 'end of the follow-up period',
        at: new Date(surgeryAt + 42 * DAY).toISOString(),
      });
      expect(monitoring.timeline.map((e) => e.event)).toEqual(['journey-started', 'after-care-sent']);

      const sent = new Outbox(outboxFile).list({ caseId: input.journeyId });
      expect(sent.map((e) => e.kind)).toEqual(['sms', 'ehr-note']);
      expect(sent[0]!.to).toBe(input.patient.phone);
      expect(sent[0]!.body).toContain(clinic.emergencyLine);
      expect(sent[0]!.body).toContain('鼻形成術'); // the patient's language
      expect(sent[1]!.data).toEqual({ patientRef: input.patient.ref, channel: 'sms' });

      const description = await handle.describe();
      expect(description.typedSearchAttributes.get(ClinicId)).toBe(clinic.id);
      expect(description.typedSearchAttributes.get(CaseKind)).toBe('journey');
      expect(description.typedSearchAttributes.get(ProcedureCode)).toBe('rhinoplasty');
      expect(description.typedSearchAttributes.get(JourneyStage)).toBe('monitoring');
      expect(description.typedSearchAttributes.get(RiskLevel)).toBe('normal');
      expect(description.typedSearchAttributes.get(OpenEscalation)).toBe(false);

      // Six weeks pass in a moment on the time-skipping server.
      const final = await handle.result();
      expect(final.stage).toBe('completed');
      expect(final.nextAction).toBeNull();
      expect(final.timeline.at(-1)!.event).toBe('journey-completed');
      expect(Date.parse(final.timeline.at(-1)!.at)).toBeGreaterThanOrEqual(surgeryAt + 42 * DAY);
      expect((await handle.describe()).typedSearchAttributes.get(JourneyStage)).toBe('completed');
      // Nothing was sent twice.
      expect(new Outbox(outboxFile).list({ caseId: input.journeyId })).toHaveLength(2);
    });
  });

  test('a permanently undeliverable SMS is recorded on the timeline and the journey goes on', async () => {
    const outboxFile = tempOutboxFile();
    const dev = createDevAdapters(outboxFile, clinics);
    let attempts = 0;
    const optedOut: Adapters = {
      ...dev,
      sms: {
        send: async () => {
          attempts += 1;
          throw new PermanentDeliveryError('patient has opted out of SMS', 'opted-out');
        },
      },
    };
    const input = await journeyInputNow();
    await withWorker(optedOut, async (taskQueue) => {
      await env.client.workflow.start(careJourney, { taskQueue, workflowId: input.journeyId, args: [input] });
      const state = await waitForStage(input, 'monitoring');
      expect(state.timeline.map((e) => e.event)).toEqual(['journey-started', 'after-care-undeliverable']);
      expect(state.timeline[1]!.detail).toBe('patient has opted out of SMS');
    });
    expect(attempts).toBe(1); // not retried
    expect(new Outbox(outboxFile).list({ caseId: input.journeyId })).toEqual([]);
  });
});
