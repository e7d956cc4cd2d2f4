import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { ComplaintInput, StartComplaintRequest } from '../../domain/complaint';
import type { ComplaintDecision, ComplaintDecisionName } from '../../domain/complaint-decisions';
import type { ComplaintState } from '../../workflows/complaint-definitions';
import { DAY, JourneyHarness, MINUTE } from '../helpers/journey-harness';

// Staff decisions and customer answers on a complaint, on a time-skipping server: declining a
// plan, reopening at follow-up and after closing, corrective actions that hold the closing, and
// every decision the case refuses (synchronous validators: WorkflowUpdateFailedError with the
// reason, nothing changes).

const h = new JourneyHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

// Cases a test leaves open keep running on the shared server; their clock timers simply fire
// as later tests move time on. (Terminating them stalls the time-skipping test server's clock.)

const sms = (c: ComplaintInput) => h.sent(c.caseId, 'sms');
const view = (s: ComplaintState, id: string) => s.clockViews!.find((v) => v.id === id)!;
const clock = (s: ComplaintState, id: string) => s.clocks.find((x) => x.id === id)!;

/** A waiting-time complaint (owner and only participant: the front desk), Tuesday 10:00. */
async function open(overrides: Partial<StartComplaintRequest> = {}): Promise<ComplaintInput> {
  await h.advanceToNext(2, '10:00');
  const c = await h.startComplaint({
    category: 'waiting-time',
    severity: 'low',
    description: 'Waited 90 minutes past the appointment time without an explanation.',
    ...overrides,
  });
  // Intake done: the acknowledgement and the owner's task are out (a later state is stable).
  await h.untilComplaint(c, (x) => x.timeline.some((e) => e.event === 'task-opened'), 'intake');
  await h.untilSent(c.caseId, (e) => e.some((x) => x.kind === 'sms'), 'acknowledgement');
  return c;
}

async function investigate(c: ComplaintInput): Promise<void> {
  await h.decideComplaint(c, 'record-first-contact', { staffId: 'front-desk-1', note: 'called, apologised' });
  for (const p of (await h.complaintState(c)).participants) {
    await h.decideComplaint(c, 'submit-assessment', {
      role: p.role,
      staffId: `${p.role}-1`,
      findings: 'double-booked slot',
      rootCause: 'booking system allowed overlap',
    });
  }
  expect((await h.complaintState(c)).stage).toBe('planning');
}

async function proposeAndApprove(
  c: ComplaintInput,
  actions: ComplaintDecision<'propose-plan'>['actions'],
): Promise<ComplaintState> {
  await h.decideComplaint(c, 'propose-plan', { staffId: 'front-desk-1', summary: 'make it right', actions });
  await h.decideComplaint(c, 'approve-plan', { staffId: 'manager' });
  return h.untilComplaint(c, (x) => x.stage === 'awaiting-customer', 'the plan to go out');
}

/** Through execution to the satisfaction follow-up (accepted at the desk). */
async function toFollowUp(c: ComplaintInput): Promise<ComplaintState> {
  await investigate(c);
  await proposeAndApprove(c, [{ kind: 'apology', detail: 'apology from the manager' }]);
  await h.decideComplaint(c, 'record-customer-response', { staffId: 'front-desk-1', accepted: true });
  return h.untilComplaint(c, (x) => x.stage === 'follow-up', 'follow-up');
}

/** Seven days later the follow-up SMS asks; the customer answers YES. */
async function satisfiedBySms(c: ComplaintInput): Promise<ComplaintState> {
  const before = sms(c).length;
  await h.advance(7 * DAY + MINUTE);
  await h.untilSent(c.caseId, () => sms(c).length === before + 1, 'follow-up SMS');
  await h.customerReply(c, 'YES');
  return h.untilComplaint(c, (x) => x.satisfaction !== null, 'the satisfaction answer');
}

/** The state without the views, which are derived from the clocks at the query's instant. */
const stable = ({ clockViews: _views, ...rest }: ComplaintState) => rest;

/** The state once the side effects of the last decision (tasks, SMS) have run: two equal reads. */
async function settled(c: ComplaintInput): Promise<ComplaintState> {
  let last = await h.complaintState(c);
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await h.complaintState(c);
    if (JSON.stringify(stable(now)) === JSON.stringify(stable(last))) return now;
    last = now;
  }
  throw new Error(`complaint ${c.caseId} did not settle`);
}

/** The decision is refused with `reason` and leaves the case exactly as it was. */
async function rejected<N extends ComplaintDecisionName>(
  c: ComplaintInput,
  name: N,
  payload: unknown,
  reason: RegExp,
): Promise<void> {
  const before = await settled(c);
  const error = await h.decideComplaint(c, name, payload as ComplaintDecision<N>).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  expect((error as WorkflowUpdateFailedError).cause?.message).toMatch(reason);
  expect(stable(await h.complaintState(c))).toEqual(stable(before));
}

test('the customer declines the plan (NO): back to planning; a second plan is accepted; NO at follow-up reopens with a new resolution-plan clock', async () => {
  const c = await open();
  await investigate(c);
  await proposeAndApprove(c, [{ kind: 'compensation', detail: 'shopping voucher', amount: 3000 }]);
  await h.untilSent(c.caseId, () => sms(c).length === 2, 'plan SMS');
  await h.customerReply(c, 'NO');
  let s = await h.untilComplaint(c, (x) => x.stage === 'planning', 'back to planning');
  expect(s.plan).toBeNull();
  expect(s.customerResponse).toMatchObject({ accepted: false, via: 'sms' });
  expect(s.waitingOnCustomer).toBe(false);
  await h.untilSent(
    c.caseId,
    (e) => e.some((x) => x.kind === 'task' && x.to === 'front-desk' && /declined the plan/.test(x.body!)),
    'a task to propose another plan',
  );

  // A second plan, accepted by SMS.
  s = await proposeAndApprove(c, [
    { kind: 'apology', detail: 'written apology' },
    { kind: 'fee-waiver', detail: 'next consultation free of charge', amount: 5500 },
  ]);
  expect(s.plan!.actions.map((a) => a.kind)).toEqual(['apology', 'fee-waiver']);
  await h.customerReply(c, 'YES');
  s = await h.untilComplaint(c, (x) => x.stage === 'follow-up', 'executed');
  expect(s.customerResponse).toMatchObject({ accepted: true, via: 'sms' });
  expect(h.sent(c.caseId, 'billing').map((b) => b.data!.kind)).toEqual(['fee-waiver']);

  // Not satisfied at the follow-up: reopened, with a new 48 h resolution-plan clock from now.
  const smsBefore = sms(c).length;
  await h.advance(7 * DAY + MINUTE);
  await h.untilSent(c.caseId, () => sms(c).length === smsBefore + 1, 'follow-up SMS');
  await h.customerReply(c, 'NO');
  s = await h.untilComplaint(c, (x) => x.reopenCount === 1, 'reopened');
  const reopenedAt = s.timeline.find((e) => e.event === 'reopened')!.at;
  expect(s).toMatchObject({ stage: 'planning', plan: null, satisfaction: null, closedAt: null });
  expect(clock(s, 'resolution-plan')).toMatchObject({
    state: 'running',
    startedAt: reopenedAt,
    bankedMinutes: 0,
  });
  expect(clock(s, 'resolution-plan').breachedAt).toBeUndefined();
  expect(view(s, 'resolution-plan')).toMatchObject({ state: 'running', remainingMinutes: 48 * 60 });
  expect(view(s, 'resolution-plan').dueAt).toBe(new Date(Date.parse(reopenedAt) + 2 * DAY).toISOString());
  expect(view(s, 'first-contact').state).toBe('stopped'); // first contact and root cause stay met
  await h.untilSent(
    c.caseId,
    (e) => e.some((x) => x.kind === 'task' && /reopened: customer not satisfied/.test(x.body!)),
    'a task for the owner',
  );
});

test('after a decline the second plan reaches the customer in its own SMS', async () => {
  const c = await open();
  await investigate(c);
  await proposeAndApprove(c, [{ kind: 'compensation', detail: 'shopping voucher', amount: 3000 }]);
  await h.untilSent(c.caseId, () => sms(c).length === 2, 'first plan SMS');
  await h.customerReply(c, 'NO');
  await h.untilComplaint(c, (x) => x.stage === 'planning', 'back to planning');
  await proposeAndApprove(c, [
    { kind: 'fee-waiver', detail: 'next consultation free of charge', amount: 5500 },
  ]);
  await h.untilComplaint(c, (x) => x.timeline.filter((e) => e.event === 'sms-sent').length === 3, 'sent');
  const plans = sms(c).filter((m) => m.body!.includes('ご提案'));
  expect(plans).toHaveLength(2);
  expect(plans[1]!.body).toContain('next consultation free of charge');
});

test('closed, then the customer answers NO within the reopen window: reopened; after the window the case ends', async () => {
  const c = await open();
  await toFollowUp(c);
  let s = await satisfiedBySms(c);
  expect(s.stage).toBe('closed');
  expect(s.closedAt).not.toBeNull();
  await h.untilSent(c.caseId, (e) => e.some((x) => x.kind === 'training-case'), 'training case');

  await h.advance(10 * DAY);
  await h.customerReply(c, 'YES'); // a thank-you changes nothing
  await h.customerReply(c, 'いいえ');
  s = await h.untilComplaint(c, (x) => x.reopenCount === 1, 'reopened');
  expect(s).toMatchObject({ stage: 'planning', closedAt: null, plan: null });
  expect(s.timeline.find((e) => e.event === 'reopened')!.detail).toBe('the customer says it is not resolved');
  expect(clock(s, 'resolution-plan').startedAt).toBe(s.timeline.find((e) => e.event === 'reopened')!.at);

  // Staff close it again; 30 days after closing the workflow completes, closed.
  await proposeAndApprove(c, [{ kind: 'apology', detail: 'apology from the director' }]);
  await h.decideComplaint(c, 'record-customer-response', { staffId: 'front-desk-1', accepted: true });
  await h.untilComplaint(c, (x) => x.stage === 'follow-up', 'follow-up');
  await h.advance(7 * DAY + MINUTE); // the follow-up SMS; staff record the answer from a call
  await h.untilComplaint(c, (x) => x.followUpDueAt === null, 'the follow-up question');
  await h.decideComplaint(c, 'record-satisfaction', { staffId: 'front-desk-1', satisfied: true });
  await h.untilComplaint(c, (x) => x.stage === 'closed', 'closed again');
  await h.untilSent(
    c.caseId,
    (e) => e.filter((x) => x.kind === 'training-case').length === 2,
    'the second training case',
  );
  const result: ComplaintState = await h.env.client.workflow.getHandle(c.caseId).result();
  expect(result).toMatchObject({ stage: 'closed', reopenCount: 1 });
});

test('staff reopen a closed case within the window', async () => {
  const c = await open();
  await toFollowUp(c);
  expect((await satisfiedBySms(c)).stage).toBe('closed');
  await h.advance(2 * DAY);
  await h.decideComplaint(c, 'reopen', { staffId: 'manager', reason: 'customer called: still unhappy' });
  const s = await h.complaintState(c);
  expect(s).toMatchObject({ stage: 'planning', reopenCount: 1, closedAt: null });
  expect(s.timeline.find((e) => e.event === 'reopened')).toMatchObject({
    by: 'manager',
    detail: 'customer called: still unhappy',
  });
});

test('satisfaction recorded by staff before the follow-up is due: the closed case sleeps, no timer loop when that time passes', async () => {
  const c = await open();
  await toFollowUp(c);
  // The customer called in on day 2 to say all is well; staff record it.
  await h.advance(2 * DAY);
  await h.decideComplaint(c, 'record-satisfaction', { staffId: 'front-desk-1', satisfied: true });
  let s = await h.untilComplaint(c, (x) => x.stage === 'closed', 'closed');
  await h.untilSent(c.caseId, (e) => e.some((x) => x.kind === 'training-case'), 'training case');
  const handle = h.env.client.workflow.getHandle(c.caseId);
  const eventsNow = async () => (await handle.fetchHistory()).events!.length;
  const before = await eventsNow();
  // Just past the day the follow-up would have been asked (5 days on), by 300 ms.
  const followUpWas = Date.parse(s.timeline.find((e) => e.event === 'stage-follow-up')!.at) + 7 * DAY;
  await h.advance(followUpWas - (await h.now()).getTime() + 300);
  s = await h.complaintState(c);
  expect(s.stage).toBe('closed');
  expect(h.sent(c.caseId, 'sms').filter((m) => m.idempotencyKey.endsWith(':follow-up-0'))).toEqual([]);
  // A healthy case wakes at most once here (a handful of events); not a timer every millisecond.
  expect((await eventsNow()) - before).toBeLessThan(20);
});

test('a YES to the plan that arrives after staff recorded the acceptance is not the satisfaction answer', async () => {
  const c = await open();
  await investigate(c);
  await proposeAndApprove(c, [{ kind: 'apology', detail: 'apology from the manager' }]);
  // The customer accepts on the phone; staff record it; then the customer's SMS "YES" arrives too.
  await h.decideComplaint(c, 'record-customer-response', { staffId: 'front-desk-1', accepted: true });
  await h.untilComplaint(c, (x) => x.stage === 'follow-up', 'follow-up');
  await h.customerReply(c, 'YES');
  await h.customerReply(c, 'thank you for calling me'); // handled after the YES: a marker
  const s = await h.untilComplaint(
    c,
    (x) => x.timeline.some((e) => e.event === 'customer-message'),
    'the replies to be handled',
  );
  // Satisfaction is asked 7 days after execution; this YES answered the plan, not that question.
  expect(s.stage).toBe('follow-up');
  expect(s.satisfaction).toBeNull();
});

test('corrective actions: closing waits while one is open; completing it closes; completing it twice is refused', async () => {
  const c = await open();
  await toFollowUp(c);
  const added = await h.decideComplaint(c, 'add-corrective-action', {
    staffId: 'manager',
    description: 'block overlapping bookings in the scheduling system',
    owner: 'it-lead',
    dueDate: '2027-03-31',
  });
  expect(added).toEqual({ accepted: true, detail: 'ca-1' });
  let s = await satisfiedBySms(c);
  expect(s.stage).toBe('follow-up');
  expect(s.closedAt).toBeNull();
  expect(s.timeline.find((e) => e.event === 'closing-waits')).toMatchObject({
    detail: 'open corrective actions',
  });
  expect(s.correctiveActions).toEqual([
    {
      id: 'ca-1',
      description: 'block overlapping bookings in the scheduling system',
      owner: 'it-lead',
      dueDate: '2027-03-31',
      status: 'open',
    },
  ]);

  await h.advance(3 * DAY);
  await h.decideComplaint(c, 'complete-corrective-action', { staffId: 'it-lead', actionId: 'ca-1' });
  s = await h.untilComplaint(c, (x) => x.stage === 'closed', 'closed');
  expect(s.correctiveActions[0]).toMatchObject({ status: 'done', completedBy: 'it-lead' });
  expect(s.closedAt).toBe(s.correctiveActions[0]!.completedAt);
  const [training] = (
    await h.untilSent(c.caseId, (e) => e.some((x) => x.kind === 'training-case'), 'training case')
  ).filter((x) => x.kind === 'training-case');
  expect(training!.body).toContain('block overlapping bookings in the scheduling system');

  await rejected(c, 'complete-corrective-action', { staffId: 'it-lead', actionId: 'ca-1' }, /already done/);
  await rejected(
    c,
    'complete-corrective-action',
    { staffId: 'it-lead', actionId: 'ca-7' },
    /no corrective action "ca-7"/,
  );
  await rejected(
    c,
    'add-corrective-action',
    { staffId: 'manager', description: 'more training', owner: 'manager', dueDate: '2027-04-30' },
    /closed: reopen it first/,
  );
});

test('decisions out of order are refused with the reason and change nothing', async () => {
  const c = await open({ category: 'side-effect', severity: 'medium' }); // front desk, beautician, doctor
  const staff = { staffId: 'front-desk-1' };
  const plan = { ...staff, summary: 'apology', actions: [{ kind: 'apology' as const, detail: 'sorry' }] };

  // awaiting-first-contact
  await rejected(c, 'propose-plan', plan, /while the complaint is awaiting-first-contact \(needs planning\)/);
  await rejected(c, 'approve-plan', staff, /needs awaiting-approval/);
  await rejected(c, 'send-back-plan', { ...staff, reason: 'too little' }, /needs awaiting-approval/);
  await rejected(c, 'record-customer-response', { ...staff, accepted: true }, /needs awaiting-customer/);
  await rejected(c, 'record-satisfaction', { ...staff, satisfied: true }, /needs follow-up/);
  await rejected(c, 'resume-from-customer', staff, /not waiting on the customer/);
  await rejected(c, 'reopen', { ...staff, reason: 'again' }, /needs closed or follow-up/);
  await rejected(
    c,
    'submit-assessment',
    { role: 'management', staffId: 'manager', findings: 'n/a' },
    /management is not a participant of this complaint \(front-desk, beautician, doctor\)/,
  );

  await h.decideComplaint(c, 'pause-for-customer', { ...staff, reason: 'customer travelling' });
  await rejected(c, 'pause-for-customer', { ...staff, reason: 'again' }, /already waiting on the customer/);
  await h.decideComplaint(c, 'resume-from-customer', staff);

  await h.decideComplaint(c, 'record-first-contact', { ...staff, note: 'called' });
  await rejected(
    c,
    'record-first-contact',
    { ...staff, note: 'called again' },
    /while the complaint is investigating \(needs awaiting-first-contact\)/,
  );

  // investigating: an assessment is missing
  await h.decideComplaint(c, 'submit-assessment', {
    role: 'doctor',
    staffId: 'dr-sato',
    findings: 'erythema',
  });
  await rejected(
    c,
    'submit-assessment',
    { role: 'doctor', staffId: 'dr-ito', findings: 'second opinion' },
    /doctor has already submitted an assessment/,
  );
  await rejected(c, 'propose-plan', plan, /while the complaint is investigating \(needs planning\)/);
  await h.decideComplaint(c, 'submit-assessment', { role: 'beautician', staffId: 'b-1', findings: 'ok' });
  await h.decideComplaint(c, 'submit-assessment', { role: 'front-desk', staffId: 'fd-1', findings: 'ok' });

  // planning
  await rejected(
    c,
    'submit-assessment',
    { role: 'front-desk', staffId: 'fd-2', findings: 'late' },
    /while the complaint is planning/,
  );
  await rejected(c, 'approve-plan', staff, /while the complaint is planning \(needs awaiting-approval\)/);
  await rejected(
    c,
    'record-customer-response',
    { ...staff, accepted: true },
    /while the complaint is planning/,
  );
  await rejected(
    c,
    'propose-plan',
    { ...plan, actions: [{ kind: 'supplier-notice', detail: 'tell the supplier' }] },
    /a supplier notice needs the product \(name, batch, supplier\) recorded at intake/,
  );

  // awaiting-approval, sent back, awaiting-customer
  await h.decideComplaint(c, 'propose-plan', plan);
  await rejected(c, 'propose-plan', plan, /while the complaint is awaiting-approval/);
  await h.decideComplaint(c, 'send-back-plan', { staffId: 'manager', reason: 'offer more than an apology' });
  let s = await h.complaintState(c);
  expect(s.stage).toBe('planning');
  expect(s.plan!.sentBack).toMatchObject([{ by: 'manager', reason: 'offer more than an apology' }]);
  await h.decideComplaint(c, 'propose-plan', {
    ...plan,
    actions: [{ kind: 'refund', detail: 'laser session', amount: 30000 }],
  });
  await h.decideComplaint(c, 'approve-plan', { staffId: 'manager' });
  await h.untilComplaint(c, (x) => x.timeline.at(-1)!.event === 'sms-sent', 'the plan SMS'); // settled
  await rejected(c, 'approve-plan', { staffId: 'manager' }, /while the complaint is awaiting-customer/);
  await rejected(c, 'pause-for-customer', { ...staff, reason: 'x' }, /already waiting on the customer/);
  await rejected(c, 'resume-from-customer', staff, /not waiting on the customer/);
  await rejected(c, 'record-satisfaction', { ...staff, satisfied: true }, /needs follow-up/);
  await rejected(c, 'reopen', { ...staff, reason: 'again' }, /while the complaint is awaiting-customer/);

  // follow-up
  await h.decideComplaint(c, 'record-customer-response', { ...staff, accepted: true });
  s = await h.untilComplaint(c, (x) => x.stage === 'follow-up', 'follow-up');
  expect(s.plan!.sentBack).toHaveLength(1);
  await rejected(
    c,
    'record-customer-response',
    { ...staff, accepted: false },
    /while the complaint is follow-up/,
  );
  await rejected(c, 'pause-for-customer', { ...staff, reason: 'x' }, /while the complaint is follow-up/);
});

test('malformed payloads are refused with the field and the rule', async () => {
  const c = await open();
  const staff = { staffId: 'front-desk-1' };
  await rejected(c, 'record-first-contact', staff, /note: /);
  await rejected(c, 'record-first-contact', { staffId: 'has spaces!', note: 'x' }, /staffId: must be/);
  await rejected(c, 'record-first-contact', { ...staff, note: '' }, /note: /);
  await rejected(c, 'record-first-contact', { ...staff, note: 'x', extra: 1 }, /extra/);
  await rejected(c, 'submit-assessment', { role: 'janitor', ...staff, findings: 'x' }, /role: /);
  await rejected(c, 'pause-for-customer', staff, /reason: /);
  await rejected(
    c,
    'add-corrective-action',
    { ...staff, description: 'x', owner: 'manager', dueDate: 'next week' },
    /dueDate: must be a date "YYYY-MM-DD"/,
  );
  await rejected(c, 'complete-corrective-action', { ...staff, actionId: '' }, /actionId: /);
  await rejected(c, 'record-satisfaction', { ...staff, satisfied: 'yes' }, /satisfied: /);

  await investigate(c);
  const plan = (actions: unknown[]) => ({ ...staff, summary: 'plan', actions });
  await rejected(c, 'propose-plan', plan([]), /actions: /);
  await rejected(
    c,
    'propose-plan',
    plan([{ kind: 'refund', detail: 'money back' }]),
    /actions\.0\.amount: a refund needs an amount/,
  );
  await rejected(
    c,
    'propose-plan',
    plan([{ kind: 'compensation', detail: 'voucher', amount: -5 }]),
    /actions\.0\.amount: /,
  );
  await rejected(
    c,
    'propose-plan',
    plan([
      { kind: 'apology', detail: 'sorry' },
      { kind: 'free-treatment', detail: 'one session' },
    ]),
    /actions\.1\.department: a free treatment needs the department that books it/,
  );
  await rejected(c, 'propose-plan', plan([{ kind: 'gift', detail: 'flowers' }]), /actions\.0\.kind: /);
  expect((await h.complaintState(c)).stage).toBe('planning');
});
