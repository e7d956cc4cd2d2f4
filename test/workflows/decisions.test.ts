import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DateTime } from 'luxon';
import type { DecisionName } from '../../domain/decisions';
import type { CareJourneyInput, JourneyState } from '../../domain/journey';
import { getProtocol } from '../../domain/protocol-catalogue';
import type { Protocol } from '../../domain/protocol';
import type { DecisionPayload } from '../../workflows/journey-definitions';
import {
  adherenceUpdateSignal,
  decisionUpdate,
  visitUpdateSignal,
} from '../../workflows/journey-definitions';
import { careJourney } from '../../workflows';
import { journeyInput } from '../helpers/fixtures';
import { DAY, HOUR, JourneyHarness, localTime, CLINIC_ZONE } from '../helpers/journey-harness';

// Staff decisions are Temporal updates with synchronous validators (DESIGN §3.1 point 8): an
// accepted decision changes the journey and is audited on its timeline (`by` = the staff id); a
// rejected one fails the call, never enters the history (no UpdateAccepted event) and leaves
// the state exactly as it was. Surgery is on a Monday at 10:00 Tokyo unless a test says so.

const h = new JourneyHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const UPDATE_ACCEPTED = temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED;
const protocol = (id: string): Protocol => {
  const p = getProtocol(id);
  if (!p) throw new Error(`no protocol ${id} in the catalogue`);
  return p;
};

let rejections = 0;
/**
 * The decision fails with WorkflowUpdateFailedError whose cause matches `reason`, nothing about
 * it is in the history, and the journey's state is unchanged.
 */
async function expectRejected<N extends DecisionName>(
  j: CareJourneyInput,
  name: N,
  payload: DecisionPayload<N>,
  reason: RegExp,
): Promise<void> {
  const before = await steady(j);
  const updateId = `rejected-${name}-${++rejections}`;
  const error: unknown = await h
    .handle(j)
    .executeUpdate(decisionUpdate(name), { args: [payload], updateId })
    .then(
      (result) => new Error(`accepted: ${JSON.stringify(result)}`),
      (err: unknown) => err,
    );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  expect((error as WorkflowUpdateFailedError).cause?.message).toMatch(reason);
  const { events } = await h.handle(j).fetchHistory();
  const accepted = (events ?? []).filter(
    (e) =>
      e.eventType === UPDATE_ACCEPTED &&
      e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId === updateId,
  );
  expect(accepted).toEqual([]);
  expect(JSON.stringify(events)).not.toContain(updateId);
  expect(await h.state(j)).toEqual(before);
}

/** The journey's state once it has stopped changing (queued SMS and tasks have gone out). */
async function steady(j: CareJourneyInput): Promise<JourneyState> {
  let last = await h.state(j);
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const next = await h.state(j);
    if (JSON.stringify(next) === JSON.stringify(last)) return next;
    last = next;
  }
  throw new Error('the journey did not settle');
}

/** An instant `days` after the surgery at `time` Tokyo. */
const tokyo = (surgery: string, days: number, time: string) => {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return DateTime.fromISO(surgery, { zone: CLINIC_ZONE })
    .plus({ days })
    .set({ hour, minute, second: 0, millisecond: 0 })
    .toJSDate();
};
const smsKeys = (j: CareJourneyInput) => h.sent(j, 'sms').map((e) => e.idempotencyKey);
const events = (s: JourneyState, event: string) => s.timeline.filter((e) => e.event === event);
const settle = () => new Promise((r) => setTimeout(r, 300));

describe('add-check-in', () => {
  test('adds an audited check-in for this patient only, sent when due', async () => {
    await h.advanceToNext(1, '10:00');
    const j = await h.start();
    const other = await h.start();
    let s = await h.state(j);
    const at = tokyo(s.surgeryAt, 4, '11:00'); // Friday 11:00, no protocol check-in that day
    const result = await h.decide(j, 'add-check-in', {
      at: at.toISOString(),
      channel: 'sms',
      staffId: 'nurse-kato',
      reason: 'worried about swelling at the day-2 call',
    });
    expect(result).toEqual({ accepted: true, detail: 'extra-1' });
    const byCall = await h.decide(j, 'add-check-in', {
      at: tokyo(s.surgeryAt, 4, '15:00').toISOString(),
      channel: 'nurse-call',
      staffId: 'dr-sato',
      reason: 'check the splint by phone',
    });
    expect(byCall).toEqual({ accepted: true, detail: 'extra-2' });

    s = await h.state(j);
    expect(s.checkIns.find((c) => c.id === 'extra-1')).toMatchObject({
      channel: 'sms',
      status: 'scheduled',
      dueAt: at.toISOString(),
      addedBy: 'nurse-kato',
    });
    expect(s.checkIns.map((c) => c.dueAt)).toEqual([...s.checkIns.map((c) => c.dueAt)].sort());
    const audit = events(s, 'check-in-added');
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ by: 'nurse-kato' });
    expect(audit[0]!.detail).toContain('extra-1');
    expect(audit[0]!.detail).toContain('worried about swelling at the day-2 call');
    expect(audit[1]).toMatchObject({ by: 'dr-sato' });
    // Only this patient's journey has it.
    expect((await h.state(other)).checkIns.some((c) => c.addedBy)).toBe(false);

    await h.advance(4 * DAY + 2 * HOUR); // Friday 12:00
    s = await h.until(
      j,
      (x) => x.checkIns.find((c) => c.id === 'extra-1')?.status === 'sent',
      'extra check-in sent',
    );
    expect(smsKeys(j)).toContain(`${j.journeyId}:check-in-extra-1`);
    expect(
      events(s, 'sms-sent')
        .filter((e) => e.detail === 'Check-in extra-1')
        .map((e) => localTime(e.at)),
    ).toEqual(['Fri 11:00']);
    expect(smsKeys(other)).not.toContain(`${other.journeyId}:check-in-extra-1`);
    await h.advance(4 * HOUR); // Friday 16:00: the nurse-call check-in became a task
    s = await h.until(
      j,
      (x) => x.tasks.some((t) => t.summary.startsWith('Check-in extra-2: call the patient')),
      'extra nurse call task',
    );
    expect(s.checkIns.find((c) => c.id === 'extra-2')?.status).toBe('sent');
  });

  test('rejected in the past or after the end of follow-up', async () => {
    const j = await h.start();
    const now = await h.now();
    const s = await h.state(j);
    const base = { channel: 'sms' as const, staffId: 'nurse-kato', reason: 'extra check' };
    await expectRejected(
      j,
      'add-check-in',
      { ...base, at: new Date(now.getTime() - HOUR).toISOString() },
      /must be in the future/,
    );
    await expectRejected(
      j,
      'add-check-in',
      { ...base, at: new Date(Date.parse(s.followUpEndsAt) + DAY).toISOString() },
      /before the end of follow-up/,
    );
  });
});

describe('pause and resume', () => {
  test('nothing goes out while paused; resume sends what fell due; double pause / resume when running rejected', async () => {
    await h.advanceToNext(1, '10:00');
    const j = await h.start();
    await expectRejected(j, 'resume', { staffId: 'nurse-kato' }, /not paused/);

    await h.decide(j, 'pause', { staffId: 'nurse-kato', reason: 'patient in hospital for another reason' });
    let s = await h.state(j);
    expect(s.stage).toBe('paused');
    expect(events(s, 'paused')).toEqual([
      expect.objectContaining({ by: 'nurse-kato', detail: 'patient in hospital for another reason' }),
    ]);
    await expectRejected(j, 'pause', { staffId: 'nurse-kato', reason: 'again' }, /already paused/);

    // The first-night check-in falls due (Tue 08:00) while paused: nothing is sent.
    await h.advance(26 * HOUR); // Tue 12:00
    await settle();
    s = await h.state(j);
    expect(s.stage).toBe('paused');
    expect(s.checkIns[0]).toMatchObject({ id: 'first-night', status: 'scheduled' });
    expect(smsKeys(j)).toEqual([`${j.journeyId}:after-care`]);

    await h.decide(j, 'resume', { staffId: 'dr-sato' });
    s = await h.until(j, (x) => x.checkIns[0]!.status === 'sent', 'first-night sent after resume');
    expect(s.stage).toBe('monitoring');
    expect(events(s, 'resumed')).toEqual([expect.objectContaining({ by: 'dr-sato' })]);
    await h.untilSent(
      j,
      (e) => e.some((x) => x.idempotencyKey === `${j.journeyId}:check-in-first-night`),
      'first-night SMS',
    );
    expect(
      events(await h.state(j), 'sms-sent')
        .filter((e) => e.detail === 'Check-in first-night')
        .map((e) => localTime(e.at)),
    ).toEqual(['Tue 12:00']);
  });
});

describe('migrate-protocol', () => {
  const migrate = (protocolId: string, document: Protocol) => ({
    protocolId,
    staffId: 'dr-sato',
    reason: 'the clinic adopted the new protocol',
    protocol: document,
  });

  test('rhinoplasty@1 → @2: day-21 check-in added, sent check-ins kept, audited, used from then on', async () => {
    await h.advanceToNext(1, '10:00');
    const j = await h.start({ protocolId: 'rhinoplasty@1' }, { protocol: protocol('rhinoplasty@1') });
    let s = await h.state(j);
    expect(s.protocolId).toBe('rhinoplasty@1');
    expect(s.checkIns.map((c) => c.id)).not.toContain('day-21');

    await h.advance(23 * HOUR); // Tue 09:00: first-night went out at 08:00
    const before = await h.until(j, (x) => x.checkIns[0]!.status === 'sent', 'first-night sent');

    const result = await h.decide(j, 'migrate-protocol', migrate('rhinoplasty@2', protocol('rhinoplasty@2')));
    expect(result.accepted).toBe(true);
    expect(result.detail).toContain('new check-in day-21');
    s = await h.state(j);
    expect(s.protocolId).toBe('rhinoplasty@2');
    expect(s.checkIns.map((c) => c.id)).toEqual([
      'first-night',
      'nurse-call-day-2',
      'day-7',
      'day-14',
      'day-21',
      'day-30',
    ]);
    expect(s.checkIns[0]).toEqual(before.checkIns[0]); // already sent: kept as it was
    expect(s.checkIns.find((c) => c.id === 'day-21')?.dueAt).toBe(
      new Date(Date.parse(s.surgeryAt) + 21 * DAY).toISOString(),
    );
    expect(events(s, 'protocol-migrated')).toEqual([
      expect.objectContaining({
        by: 'dr-sato',
        detail: expect.stringContaining('rhinoplasty@1 → rhinoplasty@2'),
      }),
    ]);
    await expectRejected(
      j,
      'migrate-protocol',
      migrate('rhinoplasty@2', protocol('rhinoplasty@2')),
      /not newer than the pinned "rhinoplasty@2"/,
    );

    await h.advance(20 * DAY + 2 * HOUR); // day 21, 11:00
    await h.untilSent(
      j,
      (e) => e.some((x) => x.idempotencyKey === `${j.journeyId}:check-in-day-21`),
      'day-21 check-in SMS',
    );
    await h.decide(j, 'close-early', { staffId: 'dr-sato', reason: 'end of test' });
    await h.handle(j).result();
    expect(h.sent(j, 'ehr-note').at(-1)!.body).toMatch(
      /^Care journey closed-early \(protocol rhinoplasty@2\)/,
    );
  });

  test('rejected: not newer, another procedure, a document that is not the named protocol', async () => {
    const j = await h.start({ protocolId: 'rhinoplasty@1' }, { protocol: protocol('rhinoplasty@1') });
    expect((await h.state(j)).protocolId).toBe('rhinoplasty@1');
    await expectRejected(
      j,
      'migrate-protocol',
      migrate('rhinoplasty@1', protocol('rhinoplasty@1')),
      /not newer than the pinned "rhinoplasty@1"/,
    );
    await expectRejected(
      j,
      'migrate-protocol',
      migrate('filler-injection@1', protocol('filler-injection@1')),
      /is for filler-injection, not rhinoplasty/,
    );
    await expectRejected(
      j,
      'migrate-protocol',
      migrate('rhinoplasty@3', protocol('rhinoplasty@2')),
      /not a valid protocol document/,
    );
    await expectRejected(
      j,
      'migrate-protocol',
      migrate('rhinoplasty@2', { ...protocol('rhinoplasty@2'), followUpDays: 3 }),
      /not a valid protocol document/,
    );
  });
});

describe('record-call-outcome and complete-task', () => {
  test('unknown and already-done tasks rejected; needs-review opens a doctor task', async () => {
    await h.advanceToNext(2, '11:00');
    const j = await h.start();
    await h.reply(j, 'pain 6');
    let s = await h.until(j, (x) => x.tasks.some((t) => t.kind === 'nurse-callback'), 'callback task');
    const callback = s.tasks.find((t) => t.kind === 'nurse-callback')!;

    await expectRejected(
      j,
      'record-call-outcome',
      { taskId: 'task-99', staffId: 'nurse-kato', outcome: 'reached' },
      /no task "task-99"/,
    );
    await expectRejected(
      j,
      'complete-task',
      { taskId: 'task-99', staffId: 'nurse-kato' },
      /no task "task-99"/,
    );

    await h.decide(j, 'record-call-outcome', {
      taskId: callback.taskId,
      staffId: 'nurse-kato',
      outcome: 'needs-review',
      note: 'bruising spreading to the cheek',
    });
    s = await h.state(j);
    expect(s.tasks.find((t) => t.taskId === callback.taskId)).toMatchObject({
      status: 'done',
      outcome: 'needs-review',
      closedBy: 'nurse-kato',
    });
    const review = s.tasks.find((t) => t.role === 'doctor');
    expect(review).toMatchObject({
      status: 'open',
      summary: `Review after call ${callback.taskId}: bruising spreading to the cheek`,
    });
    expect(events(s, 'call-outcome')).toEqual([
      expect.objectContaining({ by: 'nurse-kato', detail: expect.stringContaining('needs-review') }),
    ]);
    await h.untilSent(
      j,
      (e) => e.some((x) => x.kind === 'task' && x.body === review!.summary),
      'doctor task sent to the staff-task system',
    );
    await h.untilSent(
      j,
      (e) =>
        e.some((x) => x.kind === 'ehr-note' && x.body!.startsWith(`Call ${callback.taskId}: needs-review`)),
      'call outcome in the EHR',
    );

    await expectRejected(
      j,
      'record-call-outcome',
      { taskId: callback.taskId, staffId: 'nurse-kato', outcome: 'reached' },
      /already done/,
    );
    await expectRejected(
      j,
      'complete-task',
      { taskId: callback.taskId, staffId: 'nurse-kato' },
      /already done/,
    );

    await h.decide(j, 'complete-task', {
      taskId: review!.taskId,
      staffId: 'dr-sato',
      note: 'reviewed photos',
    });
    s = await h.state(j);
    expect(s.tasks.find((t) => t.taskId === review!.taskId)).toMatchObject({
      status: 'done',
      closedBy: 'dr-sato',
      outcome: 'reviewed photos',
    });
    expect(events(s, 'task-done')).toEqual([
      expect.objectContaining({ by: 'dr-sato', detail: review!.taskId }),
    ]);
    expect(s.risk).toBe('normal');
    await expectRejected(j, 'complete-task', { taskId: review!.taskId, staffId: 'dr-sato' }, /already done/);
  });
});

describe('close-early and cancel', () => {
  test('close-early ends the journey with an EHR summary; later decisions fail', async () => {
    await h.advanceToNext(3, '11:00');
    const j = await h.start();
    await h.decide(j, 'close-early', { staffId: 'dr-sato', reason: 'patient moved abroad' });
    const result: JourneyState = await h.handle(j).result();
    expect(result.stage).toBe('closed-early');
    expect(result.nextAction).toBeNull();
    expect(events(result, 'closed-early')).toEqual([
      expect.objectContaining({ by: 'dr-sato', detail: 'patient moved abroad' }),
    ]);
    expect(h.sent(j, 'ehr-note').at(-1)!.body).toMatch(
      /^Care journey closed-early \(protocol rhinoplasty@2\)/,
    );
    expect((await h.handle(j).describe()).status.name).toBe('COMPLETED');
    await expect(h.decide(j, 'pause', { staffId: 'dr-sato', reason: 'too late' })).rejects.toThrow();
    await expect(h.decide(j, 'cancel', { staffId: 'dr-sato', reason: 'too late' })).rejects.toThrow();
  });

  test('cancel ends the journey and cancels its medication course and return visit; later decisions fail', async () => {
    await h.advanceToNext(3, '11:00');
    const now = await h.now();
    const j = await h.start({
      prescriptions: [{ id: 'rx-1', name: 'Cefalexin', dose: '500 mg', times: ['08:00', '20:00'], days: 5 }],
      returnVisits: [
        {
          id: 'v-1',
          // Three weeks away: the visit's notice (a week before) is not due yet.
          at: new Date(now.getTime() + 21 * DAY).toISOString(),
          place: 'Aoyama clinic, 3F',
          department: 'Plastic surgery',
          doctor: 'Dr Sato',
        },
      ],
    });
    await h.decide(j, 'cancel', { staffId: 'director-ito', reason: 'surgery record entered twice' });
    const result: JourneyState = await h.handle(j).result();
    expect(result.stage).toBe('cancelled');
    expect(events(result, 'cancelled')).toEqual([
      expect.objectContaining({ by: 'director-ito', detail: 'surgery record entered twice' }),
    ]);
    expect(result.adherence.map((a) => a.status)).toEqual(['cancelled']);
    expect(result.returnVisits.map((v) => v.status)).toEqual(['cancelled']);
    // Nothing happens on the journey after it ended (a child's late report must not reopen it).
    expect(result.timeline.at(-1)?.event).toBe('journey-ended');
    expect(result.timeline.at(-2)?.event).toBe('cancelled');
    expect(h.sent(j, 'ehr-note').at(-1)!.body).toMatch(/^Care journey cancelled/);
    for (const child of [`${j.journeyId}:medication`, `${j.journeyId}:visit-v-1`]) {
      let status = '';
      for (let i = 0; i < 100 && status !== 'CANCELLED'; i++) {
        status = (await h.handle(child).describe()).status.name;
        if (status !== 'CANCELLED') await new Promise((r) => setTimeout(r, 25));
      }
      expect([child, status]).toEqual([child, 'CANCELLED']);
    }
    await expect(h.decide(j, 'resume', { staffId: 'dr-sato' })).rejects.toThrow();
    await expect(
      h.decide(j, 'add-check-in', {
        at: new Date(now.getTime() + DAY).toISOString(),
        channel: 'sms',
        staffId: 'dr-sato',
        reason: 'too late',
      }),
    ).rejects.toThrow();
  });

  test("a child's report that arrives while the journey is closing does not reopen it", async () => {
    await h.advanceToNext(3, '11:00');
    const now = await h.now();
    const visitAt = new Date(now.getTime() + 21 * DAY).toISOString();
    const j = await h.start({
      prescriptions: [{ id: 'rx-1', name: 'Cefalexin', dose: '500 mg', times: ['08:00', '20:00'], days: 5 }],
      returnVisits: [
        {
          id: 'v-1',
          at: visitAt,
          place: 'Aoyama clinic, 3F',
          department: 'Plastic surgery',
          doctor: 'Dr Sato',
        },
      ],
    });
    await h.decide(j, 'cancel', { staffId: 'director-ito', reason: 'surgery record entered twice' });
    // What the medication course and the return visit send when their work crosses the cancel
    // (a dose reply window ending, a notice going out): the journey is writing its summary now.
    const courseId = `${j.journeyId}:medication-rx-1`;
    await Promise.all([
      h
        .handle(j)
        .signal(adherenceUpdateSignal, {
          courseId,
          medication: 'Cefalexin',
          scheduled: 2,
          taken: 0,
          missed: 2,
          status: 'active',
          alert: '2 doses of Cefalexin in a row missed or unconfirmed',
        })
        .catch(() => undefined),
      h
        .handle(j)
        .signal(visitUpdateSignal, { visitId: 'v-1', at: visitAt, status: 'notified' })
        .catch(() => undefined),
    ]);
    const result: JourneyState = await h.handle(j).result();
    expect({
      stage: result.stage,
      adherence: result.adherence.map((a) => a.status),
      visits: result.returnVisits.map((v) => v.status),
      openTasks: result.tasks.filter((t) => t.status === 'open').map((t) => t.summary),
      lastEvents: result.timeline.slice(-2).map((e) => e.event),
    }).toEqual({
      stage: 'cancelled',
      adherence: ['cancelled'],
      visits: ['cancelled'],
      openTasks: [],
      lastEvents: ['cancelled', 'journey-ended'],
    });
  });

  test('a second ending decision while the journey is closing is rejected', async () => {
    await h.advanceToNext(3, '11:00');
    const j = await h.start();
    await h.decide(j, 'close-early', { staffId: 'dr-sato', reason: 'patient moved abroad' });
    // The journey is now writing its summary: it has ended as far as staff are concerned.
    const second = await h.decide(j, 'cancel', { staffId: 'director-ito', reason: 'duplicate' }).then(
      (r) => r,
      (err: unknown) => err,
    );
    const result: JourneyState = await h.handle(j).result();
    expect({
      second: second instanceof WorkflowUpdateFailedError ? 'rejected' : second,
      stage: result.stage,
      summary: h.sent(j, 'ehr-note').at(-1)!.body!.split(' (')[0],
      audit: result.timeline
        .filter((e) => ['closed-early', 'cancelled'].includes(e.event))
        .map((e) => `${e.event} by ${e.by}`),
    }).toEqual({
      second: 'rejected',
      stage: 'closed-early',
      summary: 'Care journey closed-early',
      audit: ['closed-early by dr-sato'],
    });
  });
});

describe('malformed payloads', () => {
  test('the validator rejects what does not match the decision schema', async () => {
    const j = await h.start();
    await expectRejected(j, 'pause', { reason: 'no staff id' } as never, /staffId/);
    await expectRejected(
      j,
      'add-check-in',
      { at: 'tomorrow morning', channel: 'sms', staffId: 'nurse-kato', reason: 'x' },
      /^at: must be an ISO 8601 date-time/,
    );
    await expectRejected(
      j,
      'record-call-outcome',
      { taskId: 'task-1', staffId: 'nurse-kato', outcome: 'maybe' } as never,
      /outcome/,
    );
    await expectRejected(
      j,
      'close-early',
      { staffId: 'dr-sato', reason: 'x', force: true } as never,
      /Unrecognized key.*force/,
    );
    await expectRejected(j, 'cancel', { staffId: 'dr-sato', reason: '' }, /reason/);
    expect((await h.state(j)).stage).toBe('monitoring');
  });
});

test('a decision that arrives with the start (the same first workflow task) is validated and applied', async () => {
  const input = journeyInput({
    surgery: {
      procedureCode: 'rhinoplasty',
      performedAt: (await h.now()).toISOString(),
      surgeonId: 'dr-sato',
    },
  });
  const start = new WithStartWorkflowOperation(careJourney, {
    taskQueue: h.taskQueue,
    workflowId: input.journeyId,
    args: [input],
    workflowIdConflictPolicy: 'FAIL',
  });
  const result = await h.env.client.workflow.executeUpdateWithStart(decisionUpdate('cancel'), {
    args: [{ staffId: 'dr-sato', reason: 'surgery cancelled by the patient' }],
    startWorkflowOperation: start,
  });
  expect(result).toEqual({ accepted: true });
  const s = await h.until(input, (x) => x.stage === 'cancelled', 'cancelled');
  expect(
    s.timeline.some((e) => e.event === 'stage-cancelled' || e.detail?.includes('surgery cancelled')),
  ).toBe(true);
});

test('two staff resolve the same escalation at once: one is taken, the other refused after it (decisions that await run one at a time)', async () => {
  await h.advanceToNext(2, '14:00');
  const j = await h.start();
  await h.reply(j, 'pain 9, it is getting worse');
  const s = await h.until(j, (x) => x.escalations.length === 1, 'escalation');
  const incidentId = s.escalations[0]!.incidentId;
  // Both are accepted by the validator (the incident is paging); the first awaits its signal to
  // the escalation, and the second, re-checked after it, finds the incident resolved.
  const results = await Promise.allSettled([
    h.decide(j, 'resolve-escalation', { incidentId, staffId: 'nurse-day', note: 'first' }),
    h.decide(j, 'resolve-escalation', { incidentId, staffId: 'dr-oncall-b', note: 'second' }),
  ]);
  expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  expect(refused.reason).toBeInstanceOf(WorkflowUpdateFailedError);
  expect(String(refused.reason.cause?.message)).toContain(`incident "${incidentId}" is resolved`);
  const after = await h.until(j, (x) => x.openEscalations.length === 0, 'resolved');
  // Resolved once by staff (the escalation's own report of it carries no staff id).
  expect(after.timeline.filter((e) => e.event === 'escalation-resolved' && e.by)).toHaveLength(1);
});
