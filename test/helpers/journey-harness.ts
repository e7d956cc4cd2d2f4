import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { DateTime } from 'luxon';
import type { Adapters } from '../../adapters';
import { createDevAdapters } from '../../adapters/dev';
import { Outbox } from '../../adapters/dev/outbox';
import type { OutboxEntry, OutboxKind } from '../../adapters/dev/outbox';
import type { DecisionName } from '../../domain/decisions';
import type { CareJourneyInput, JourneyState, StartJourneyRequest } from '../../domain/journey';
import { careJourney } from '../../workflows';
import type { ComplaintInput, StartComplaintRequest } from '../../domain/complaint';
import type { Clinic } from '../../domain/clinic';
import { startComplaintRequestSchema, toComplaintInput } from '../../domain/complaint';
import type { ComplaintDecision, ComplaintDecisionName } from '../../domain/complaint-decisions';
import type { ComplaintState } from '../../workflows/complaint-definitions';
import {
  complaintDecisionUpdate,
  complaintStateQuery,
  customerReplySignal,
} from '../../workflows/complaint-definitions';
import { complaint } from '../../workflows/complaint';
import { recordQuery } from '../../workflows/child-definitions';
import type { DecisionPayload } from '../../workflows/journey-definitions';
import { decisionUpdate, journeyStateQuery, patientReplySignal } from '../../workflows/journey-definitions';
import { ContactKey } from '../../temporal/search-attributes';
import { createWorker } from '../../worker/create-worker';
import { TEST_DATA_CONVERTER, timeSkippingEnvironment, workflowBundle } from './environments';
import { CLINIC_ZONE, clinic, clinics, journeyInput, tempOutboxFile } from './fixtures';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export { CLINIC_ZONE };

/**
 * One time-skipping server and one worker (dev adapters, a fresh outbox) per test file, and the
 * verbs the journey tests speak: start a journey, let time pass, reply, decide, look.
 */
export class JourneyHarness {
  env!: TestWorkflowEnvironment;
  outbox!: Outbox;
  private worker!: Worker;
  private running!: Promise<void>;
  readonly taskQueue = `journeys-${Math.random().toString(36).slice(2)}`;

  constructor(private readonly adapt: (dev: Adapters) => Adapters = (dev) => dev) {}

  async setUp(): Promise<void> {
    this.env = await timeSkippingEnvironment();
    const file = tempOutboxFile();
    this.outbox = new Outbox(file);
    this.worker = await createWorker({
      connection: this.env.nativeConnection,
      namespace: this.env.namespace ?? 'default',
      taskQueue: this.taskQueue,
      adapters: this.adapt(createDevAdapters(file, clinics)),
      dataConverter: TEST_DATA_CONVERTER,
      workflowBundle: await workflowBundle(),
    });
    this.running = this.worker.run();
  }

  async tearDown(): Promise<void> {
    if (this.worker) {
      this.worker.shutdown();
      await this.running;
    }
    await this.env?.teardown();
  }

  async now(): Promise<Date> {
    return new Date(await this.env.currentTimeMs());
  }

  /** Move the server clock to the next `weekday` (1 = Monday) at `time` in Tokyo. */
  async advanceToNext(weekday: number, time: string): Promise<Date> {
    const now = DateTime.fromJSDate(await this.now(), { zone: CLINIC_ZONE });
    const [h, m] = time.split(':').map(Number) as [number, number];
    let target = now.set({ hour: h, minute: m, second: 0, millisecond: 0 });
    while (target.weekday !== weekday || target <= now.plus({ minutes: 1 }))
      target = target.plus({ days: 1 });
    await this.env.sleep(target.toMillis() - now.toMillis());
    return target.toJSDate();
  }

  async advance(ms: number): Promise<void> {
    await this.env.sleep(ms);
  }

  async start(
    overrides: Partial<StartJourneyRequest> = {},
    extra: Partial<CareJourneyInput> = {},
    /** Set at start as the API does (it keys it from the phone): the pseudonymous ContactKey. */
    contactKey?: string,
  ): Promise<CareJourneyInput> {
    const performedAt = (await this.now()).toISOString();
    const input = {
      ...journeyInput({
        surgery: { procedureCode: 'rhinoplasty', performedAt, surgeonId: 'dr-sato' },
        ...overrides,
      }),
      ...extra,
    };
    await this.env.client.workflow.start(careJourney, {
      taskQueue: this.taskQueue,
      workflowId: input.journeyId,
      args: [input],
      ...(contactKey ? { typedSearchAttributes: [{ key: ContactKey, value: contactKey }] } : {}),
    });
    await this.until(input, (s) => s.stage !== 'starting', 'the journey to start');
    return input;
  }

  /**
   * Starts a complaint at the fixture clinic (policies of config/clinics.json), or at `atClinic`
   * (e.g. with other holidays); `extra` sets workflow input such as a small `historyLimit`.
   */
  async startComplaint(
    overrides: Partial<StartComplaintRequest> = {},
    atClinic: Clinic = clinic,
    extra: Partial<ComplaintInput> = {},
  ): Promise<ComplaintInput> {
    const request = startComplaintRequestSchema.parse({
      clinicId: clinic.id,
      complaintId: `C-${Math.random().toString(36).slice(2, 10)}`,
      channel: 'front-desk',
      category: 'side-effect',
      severity: 'medium',
      customer: { ref: 'P-2001', phone: '+819055556666', language: 'ja', timeZone: CLINIC_ZONE },
      description: 'Redness after laser treatment is worse than expected; wants a refund.',
      ...overrides,
    });
    const input = { ...toComplaintInput(request, atClinic), ...extra };
    await this.env.client.workflow.start(complaint, {
      taskQueue: this.taskQueue,
      workflowId: input.caseId,
      args: [input],
    });
    await this.untilComplaint(input, (c) => c.timeline.length > 0, 'the complaint to start');
    return input;
  }

  async complaintState(input: ComplaintInput): Promise<ComplaintState> {
    const asOf = (await this.now()).toISOString();
    return this.env.client.workflow.getHandle(input.caseId).query(complaintStateQuery, asOf);
  }

  /** Waits until nothing of the complaint is under way with the worker (see `quiet`). */
  quietComplaint(input: ComplaintInput): Promise<void> {
    return quiet(this.env.client, input.caseId);
  }

  async untilComplaint(
    input: ComplaintInput,
    ok: (c: ComplaintState) => boolean,
    what: string,
  ): Promise<ComplaintState> {
    let last: ComplaintState | undefined;
    for (let i = 0; i < 600; i++) {
      last = await this.complaintState(input);
      if (ok(last)) return last;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}; state: ${JSON.stringify(last, null, 1).slice(0, 3000)}`);
  }

  decideComplaint<N extends ComplaintDecisionName>(
    input: ComplaintInput,
    name: N,
    payload: ComplaintDecision<N>,
  ) {
    return this.env.client.workflow
      .getHandle(input.caseId)
      .executeUpdate(complaintDecisionUpdate(name), { args: [payload] });
  }

  async customerReply(
    input: ComplaintInput,
    text: string,
    providerMessageId = `msg-${Math.random().toString(36).slice(2)}`,
  ) {
    await this.env.client.workflow
      .getHandle(input.caseId)
      .signal(customerReplySignal, { providerMessageId, text });
  }

  handle(input: CareJourneyInput | string) {
    return this.env.client.workflow.getHandle(typeof input === 'string' ? input : input.journeyId);
  }

  state(input: CareJourneyInput): Promise<JourneyState> {
    return this.handle(input).query(journeyStateQuery);
  }

  /** Poll (without moving the clock) until the journey's state satisfies `ok`. */
  async until(
    input: CareJourneyInput,
    ok: (s: JourneyState) => boolean,
    what: string,
  ): Promise<JourneyState> {
    let last: JourneyState | undefined;
    for (let i = 0; i < 600; i++) {
      last = await this.state(input);
      if (ok(last)) return last;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}; state: ${JSON.stringify(last, null, 1).slice(0, 3000)}`);
  }

  async reply(
    input: CareJourneyInput,
    text: string,
    providerMessageId = `msg-${Math.random().toString(36).slice(2)}`,
  ) {
    await this.handle(input).signal(patientReplySignal, { providerMessageId, text });
    return providerMessageId;
  }

  decide<N extends DecisionName>(input: CareJourneyInput, name: N, payload: DecisionPayload<N>) {
    return this.handle(input).executeUpdate(decisionUpdate(name), { args: [payload] });
  }

  sent(input: CareJourneyInput | string, kind?: OutboxKind): OutboxEntry[] {
    return this.outbox.list({
      caseId: typeof input === 'string' ? input : input.journeyId,
      ...(kind ? { kind } : {}),
    });
  }

  /** A child workflow's record (its record query), as it is now. */
  async record<T>(workflowId: string): Promise<T> {
    return (await this.env.client.workflow.getHandle(workflowId).query(recordQuery)) as T;
  }

  /** Poll (without moving the clock) until a child workflow's record query satisfies `ok`. */
  async untilRecord<T>(workflowId: string, ok: (r: T) => boolean, what: string): Promise<T> {
    let last: T | undefined;
    for (let i = 0; i < 200; i++) {
      last = await this.record<T>(workflowId);
      if (ok(last)) return last;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}; record: ${JSON.stringify(last)}`);
  }

  /** Wait (real time, clock still) until the outbox has what `ok` wants. */
  async untilSent(input: CareJourneyInput | string, ok: (entries: OutboxEntry[]) => boolean, what: string) {
    for (let i = 0; i < 600; i++) {
      const entries = this.sent(input);
      if (ok(entries)) return entries;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(
      `timed out waiting for ${what}; outbox: ${JSON.stringify(this.sent(input).map((e) => [e.kind, e.idempotencyKey]))}`,
    );
  }
}

const { EventType } = temporal.api.enums.v1;

/** Whether a run's history shows a workflow task or an activity not finished yet. */
function underWay(events: temporal.api.history.v1.IHistoryEvent[]): boolean {
  let task = false;
  const activities = new Set<string>();
  for (const e of events) {
    switch (e.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
      case EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED:
        task = true;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
      case EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED:
      case EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
        task = false;
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        activities.add(String(e.eventId));
        break;
      default: {
        const ended =
          e.activityTaskCompletedEventAttributes ??
          e.activityTaskFailedEventAttributes ??
          e.activityTaskTimedOutEventAttributes ??
          e.activityTaskCanceledEventAttributes;
        if (ended) activities.delete(String(ended.scheduledEventId));
      }
    }
  }
  return task || activities.size > 0;
}

/**
 * Waits until the workflow's current run has no workflow task and no activity under way (or has
 * ended), read from its history. Tests of a workflow that continues as new query it, signal it
 * and decide on it only then: on the time-skipping test server a query or signal that reaches the
 * run while the task that continues it as new is with the worker leaves the old run half-closed —
 * its last task never completes ("workflow execution already completed"), the query is never
 * answered, a signal lands in the old run, and the server's clock stops for good. (Real servers
 * close the old run atomically.)
 */
export async function quiet(client: Client, workflowId: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const described = await client.workflow.getHandle(workflowId).describe();
    if (described.status.name !== 'RUNNING') return;
    const history = await client.workflow.getHandle(workflowId, described.runId).fetchHistory();
    const events = history.events ?? [];
    const closed = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes;
    if (!closed && !underWay(events)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${workflowId} never came to rest`);
}

export function localTime(at: string | Date, zone = CLINIC_ZONE): string {
  return DateTime.fromJSDate(new Date(at), { zone }).toFormat('ccc HH:mm');
}
