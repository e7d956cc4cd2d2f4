import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Adapters } from '../../adapters';
import type { ComplaintInput, PlanAction } from '../../domain/complaint';
import type { ComplaintState } from '../../workflows/complaint-definitions';
import { budgetMs, Faults } from '../helpers/faults';
import { CLINIC_ZONE, JourneyHarness, MINUTE } from '../helpers/journey-harness';

// Carrying out an accepted complaint plan when a back-office system fails (issue 9): every
// action's outcome is a record (pending / done / failed with the reason) in the state and on the
// timeline; a transient failure is retried by Temporal and nothing is done twice; an action that
// fails for good opens a task for the owner naming it, the other actions are still done, and the
// case stays "executing" (no follow-up) until staff retry it — only what is not done runs again,
// under the same idempotency keys — or record that they did it by hand.

const faults = new Faults();
/** Every back-office call the worker made, failed or not: `<caseId> <what>`. */
const calls: string[] = [];
const counted = (dev: Adapters): Adapters => ({
  ...dev,
  billing: {
    request: async (r) => {
      calls.push(`${r.caseId} billing:${r.kind}`);
      return dev.billing.request(r);
    },
  },
  suppliers: {
    notify: async (n) => {
      calls.push(`${n.caseId} supplier`);
      return dev.suppliers.notify(n);
    },
  },
  ehr: Object.assign(Object.create(dev.ehr) as Adapters['ehr'], {
    bookVisit: async (b: Parameters<Adapters['ehr']['bookVisit']>[0]) => {
      calls.push(`${b.caseId} booking`);
      return dev.ehr.bookVisit(b);
    },
  }),
});
const h = new JourneyHarness((dev) => counted(faults.adapt(dev)));
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());
afterEach(() => faults.clear());

const events = (s: ComplaintState, event: string) => s.timeline.filter((e) => e.event === event);
const callsOf = (c: ComplaintInput) =>
  calls.filter((x) => x.startsWith(`${c.caseId} `)).map((x) => x.slice(c.caseId.length + 1));
const product = { name: 'Hydra Barrier Serum', batch: 'HBS-2026-0412', supplierId: 'sup-dermalab' };
const APOLOGY: PlanAction = { kind: 'apology', detail: 'apology from the manager' };
const REFUND: PlanAction = { kind: 'refund', detail: 'serum refunded', amount: 6800 };
const WAIVER: PlanAction = { kind: 'fee-waiver', detail: 'consultation fee waived', amount: 3000 };
const NOTICE: PlanAction = { kind: 'supplier-notice', detail: 'contact dermatitis; other cases?' };
const TREATMENT: PlanAction = {
  kind: 'free-treatment',
  detail: 'one soothing treatment',
  department: 'Dermatology',
};

/** The decision is refused, naming why. */
async function refused(decision: Promise<unknown>, reason: RegExp): Promise<void> {
  const error = await decision.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  expect((error as WorkflowUpdateFailedError).cause?.message).toMatch(reason);
}

/** A product complaint (owner: front desk) whose plan the customer has just accepted at the desk. */
async function accepted(actions: PlanAction[]): Promise<ComplaintInput> {
  await h.advanceToNext(2, '10:00');
  const c = await h.startComplaint({
    category: 'product',
    severity: 'medium',
    product,
    customer: { ref: 'P-2001', phone: '+819055556666', language: 'en', timeZone: CLINIC_ZONE },
  });
  await h.decideComplaint(c, 'record-first-contact', { staffId: 'front-desk-1', note: 'called back' });
  for (const { role } of (await h.complaintState(c)).participants)
    await h.decideComplaint(c, 'submit-assessment', { role, staffId: `${role}-1`, findings: 'findings' });
  await h.decideComplaint(c, 'propose-plan', { staffId: 'front-desk-1', summary: 'make it right', actions });
  await h.decideComplaint(c, 'approve-plan', { staffId: 'manager' });
  await h.decideComplaint(c, 'record-customer-response', { staffId: 'front-desk-1', accepted: true });
  return c;
}

test('billing down for three attempts: the refund is retried until it goes through, shown pending meanwhile, and nothing is done twice', async () => {
  faults.set('billing', 'transient', (kind) => kind === 'refund', 3);
  const c = await accepted([APOLOGY, REFUND, WAIVER, NOTICE]);
  let s = await h.untilComplaint(c, (x) => x.plan?.outcomes?.[0]?.status === 'done', 'the apology done');
  expect(s.stage).toBe('executing');
  expect(s.plan!.outcomes!.map((o) => [o.id, o.status])).toEqual([
    ['action-0', 'done'],
    ['action-1', 'pending'], // Temporal is retrying it
    ['action-2', 'pending'],
    ['action-3', 'pending'],
  ]);
  await refused(h.decideComplaint(c, 'retry-plan-actions', { staffId: 'manager' }), /being carried out/);

  await h.advance(5 * MINUTE); // the retries (10 s, 20 s, 40 s apart)
  s = await h.untilComplaint(c, (x) => x.stage === 'follow-up', 'the follow-up');
  expect(faults.attempts.get('billing')).toBe(3);
  expect(callsOf(c)).toEqual([
    'billing:refund',
    'billing:refund',
    'billing:refund',
    'billing:refund',
    'billing:fee-waiver',
    'supplier',
  ]);
  expect(s.plan!.outcomes).toEqual([
    expect.objectContaining({ kind: 'apology', status: 'done', outcome: 'given with the plan', failures: 0 }),
    expect.objectContaining({ kind: 'refund', status: 'done', outcome: expect.stringMatching(/^requested/) }),
    expect.objectContaining({ kind: 'fee-waiver', status: 'done', failures: 0 }),
    expect.objectContaining({ kind: 'supplier-notice', status: 'done', outcome: 'notified sup-dermalab' }),
  ]);
  expect(s.plan!.executed!.map((e) => e.kind)).toEqual([
    'apology',
    'refund',
    'fee-waiver',
    'supplier-notice',
  ]);
  expect(events(s, 'action-executed')).toHaveLength(4);
  expect(events(s, 'action-failed')).toEqual([]);
  expect(h.sent(c.caseId, 'billing')).toHaveLength(2);
  expect(h.sent(c.caseId, 'supplier-notice')).toHaveLength(1);
});

test('billing refuses the refund: recorded failed with the reason, a task names it, the other actions are done, the case waits; a retry runs only the refund', async () => {
  faults.set('billing', 'permanent', (kind) => kind === 'refund');
  const c = await accepted([APOLOGY, REFUND, TREATMENT, NOTICE]);
  let s = await h.untilComplaint(c, (x) => events(x, 'execution-incomplete').length === 1, 'the execution');
  expect(s.stage).toBe('executing');
  expect(s.followUpDueAt).toBeNull();
  expect(s.plan!.outcomes).toEqual([
    expect.objectContaining({ id: 'action-0', status: 'done' }),
    {
      id: 'action-1',
      kind: 'refund',
      status: 'failed',
      at: expect.any(String),
      reason: 'permanent (Simulated)',
      failures: 1,
    },
    expect.objectContaining({ id: 'action-2', status: 'done', outcome: expect.stringMatching(/^booked /) }),
    expect.objectContaining({ id: 'action-3', status: 'done' }),
  ]);
  expect(s.plan!.executed!.map((e) => e.kind)).toEqual(['apology', 'free-treatment', 'supplier-notice']);
  expect(events(s, 'action-failed').map((e) => e.detail)).toEqual([
    'refund (action-1): permanent (Simulated)',
  ]);
  expect(events(s, 'execution-incomplete').map((e) => e.detail)).toEqual([
    'refund (action-1) failed: permanent (Simulated)',
  ]);
  const tasks = await h.untilSent(
    c.caseId,
    (e) => e.some((t) => t.kind === 'task' && (t.body ?? '').includes('action-1')),
    'the task naming the refund',
  );
  const task = tasks.find((t) => t.kind === 'task' && (t.body ?? '').includes('action-1'))!;
  expect(task.to).toBe('front-desk'); // the owner of a product complaint
  expect(task.body).toContain('the refund (action-1, "serum refunded") could not be carried out');
  expect(task.body).not.toContain(c.request.customer.phone!);

  // Nothing moves on by itself, and what does not apply now is refused.
  await refused(
    h.decideComplaint(c, 'record-satisfaction', { staffId: 'front-desk-1', satisfied: true }),
    /needs follow-up/,
  );
  await refused(
    h.decideComplaint(c, 'complete-plan-action', {
      staffId: 'front-desk-1',
      actionId: 'action-2',
      note: 'x',
    }),
    /already done/,
  );
  await refused(
    h.decideComplaint(c, 'complete-plan-action', {
      staffId: 'front-desk-1',
      actionId: 'action-7',
      note: 'x',
    }),
    /no action "action-7"/,
  );

  // Billing works again: the retry runs the refund only, under its own idempotency key.
  faults.clear();
  const retried = await h.decideComplaint(c, 'retry-plan-actions', { staffId: 'manager' });
  expect(retried).toEqual({ accepted: true, detail: 'action-1' });
  s = await h.untilComplaint(c, (x) => x.stage === 'follow-up', 'the follow-up');
  expect(callsOf(c)).toEqual(['billing:refund', 'booking', 'supplier', 'billing:refund']);
  expect(s.plan!.outcomes![1]).toMatchObject({ status: 'done', failures: 1 });
  expect(s.plan!.outcomes![1]!.reason).toBeUndefined();
  expect(s.plan!.executed!.map((e) => e.kind)).toEqual([
    'apology',
    'free-treatment',
    'supplier-notice',
    'refund',
  ]);
  expect(events(s, 'actions-retried')).toEqual([
    expect.objectContaining({ detail: 'refund (action-1)', by: 'manager' }),
  ]);
  expect(h.sent(c.caseId, 'billing').map((b) => b.idempotencyKey)).toEqual([`${c.caseId}:r0:action-1`]);
  expect(h.sent(c.caseId, 'booking')).toHaveLength(1);
  expect(typeof s.followUpDueAt).toBe('string');
});

test('the supplier cannot be reached past the retry budget, then refuses on a retry: each failure its own task; staff record the notice done by hand', async () => {
  faults.set('supplier', 'transient');
  const c = await accepted([REFUND, NOTICE]);
  await h.advance(budgetMs('back-office') + MINUTE);
  let s = await h.untilComplaint(c, (x) => events(x, 'execution-incomplete').length === 1, 'the execution');
  expect(s.stage).toBe('executing');
  expect(s.plan!.outcomes!.map((o) => [o.kind, o.status, o.reason])).toEqual([
    ['refund', 'done', undefined],
    ['supplier-notice', 'failed', 'retry budget exhausted'],
  ]);

  faults.clear();
  faults.set('supplier', 'permanent');
  await h.decideComplaint(c, 'retry-plan-actions', { staffId: 'front-desk-1', note: 'supplier portal back' });
  s = await h.untilComplaint(c, (x) => events(x, 'execution-incomplete').length === 2, 'the second run');
  expect(s.plan!.outcomes![1]).toMatchObject({
    status: 'failed',
    reason: 'permanent (Simulated)',
    failures: 2,
  });
  await h.untilSent(
    c.caseId,
    (e) =>
      e.filter((t) => t.kind === 'task' && (t.body ?? '').includes('supplier-notice (action-1')).length === 2,
    'a task for each failure',
  );
  expect(callsOf(c).filter((x) => x.startsWith('billing'))).toEqual(['billing:refund']); // once, never again

  await h.decideComplaint(c, 'complete-plan-action', {
    staffId: 'front-desk-1',
    actionId: 'action-1',
    note: 'phoned the supplier, batch reported',
  });
  s = await h.untilComplaint(c, (x) => x.stage === 'follow-up', 'the follow-up');
  expect(s.plan!.outcomes![1]).toMatchObject({
    status: 'done',
    outcome: 'done by hand: phoned the supplier, batch reported',
    by: 'front-desk-1',
    failures: 2,
  });
  expect(events(s, 'action-done-by-hand')).toEqual([
    expect.objectContaining({
      detail: 'supplier-notice (action-1): phoned the supplier, batch reported',
      by: 'front-desk-1',
    }),
  ]);
  await refused(h.decideComplaint(c, 'retry-plan-actions', { staffId: 'front-desk-1' }), /needs executing/);
});
