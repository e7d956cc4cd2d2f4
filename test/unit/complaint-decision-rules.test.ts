import type { ComplaintDecision, ComplaintDecisionName } from '../../domain/complaint-decisions';
import type { ComplaintCase, ComplaintFacts } from '../../domain/complaint-decision-rules';
import { COMPLAINT_DECISION_RULES } from '../../domain/complaint-decision-rules';

// The rules behind a complaint's staff decisions, without Temporal: each refusal names what is
// wrong; a decision that applies gets undefined.

function complaint(overrides: Partial<ComplaintCase> = {}): ComplaintCase {
  return {
    stage: 'awaiting-first-contact',
    participants: [{ role: 'doctor' }, { role: 'front-desk', assessedBy: 'fd-1' }],
    plan: null,
    waitingOnCustomer: false,
    correctiveActions: [
      { id: 'ca-1', description: 'retrain', owner: 'nurse-lead', dueDate: '2026-04-01', status: 'open' },
      { id: 'ca-2', description: 'new form', owner: 'front-desk', dueDate: '2026-04-01', status: 'done' },
    ],
    ...overrides,
  } as ComplaintCase;
}

function why<N extends ComplaintDecisionName>(
  name: N,
  c: ComplaintCase,
  d: Partial<ComplaintDecision<N>> & Record<string, unknown> = {},
  facts: ComplaintFacts = { hasProduct: false },
) {
  const rule = COMPLAINT_DECISION_RULES[name] as (
    c: ComplaintCase,
    d: unknown,
    f: ComplaintFacts,
  ) => string | undefined;
  return rule(c, { staffId: 'manager-1', ...d }, facts);
}

const at = (stage: ComplaintCase['stage'], more: Partial<ComplaintCase> = {}) =>
  complaint({ stage, ...more });

test('decisions tied to a stage name the stage they need', () => {
  expect(why('record-first-contact', at('awaiting-first-contact'))).toBeUndefined();
  expect(why('record-first-contact', at('planning'))).toBe(
    'not possible while the complaint is planning (needs awaiting-first-contact)',
  );
  expect(why('approve-plan', at('awaiting-approval'))).toBeUndefined();
  expect(why('send-back-plan', at('planning'))).toMatch(/needs awaiting-approval/);
  expect(why('record-customer-response', at('awaiting-customer'))).toBeUndefined();
  expect(why('record-satisfaction', at('executing'))).toMatch(/needs follow-up/);
  expect(why('reopen', at('closed'))).toBeUndefined();
  expect(why('reopen', at('follow-up'))).toBeUndefined();
  expect(why('reopen', at('planning'))).toBe(
    'not possible while the complaint is planning (needs closed or follow-up)',
  );
});

test('an assessment: from a participant who has not assessed, before planning', () => {
  expect(why('submit-assessment', at('investigating'), { role: 'doctor' })).toBeUndefined();
  expect(why('submit-assessment', at('investigating'), { role: 'front-desk' })).toBe(
    'front-desk has already submitted an assessment',
  );
  expect(why('submit-assessment', at('investigating'), { role: 'beautician' })).toBe(
    'beautician is not a participant of this complaint (doctor, front-desk)',
  );
  expect(why('submit-assessment', at('planning'), { role: 'doctor' })).toMatch(
    /needs awaiting-first-contact or investigating/,
  );
});

test('a plan with a supplier notice needs the product recorded at intake', () => {
  const notice = { actions: [{ kind: 'supplier-notice' as const, detail: 'tell them' }] };
  expect(why('propose-plan', at('planning'), notice)).toBe(
    'a supplier notice needs the product (name, batch, supplier) recorded at intake',
  );
  expect(why('propose-plan', at('planning'), notice, { hasProduct: true })).toBeUndefined();
  expect(
    why('propose-plan', at('planning'), { actions: [{ kind: 'apology' as const, detail: 'sorry' }] }),
  ).toBeUndefined();
  expect(why('propose-plan', at('investigating'), notice, { hasProduct: true })).toMatch(/needs planning/);
});

test('waiting on the customer pauses once and resumes once, never while the plan is with them', () => {
  expect(why('pause-for-customer', at('investigating'))).toBeUndefined();
  expect(why('pause-for-customer', at('investigating', { waitingOnCustomer: true }))).toBe(
    'already waiting on the customer',
  );
  expect(why('pause-for-customer', at('executing'))).toMatch(
    /needs awaiting-first-contact or investigating or planning/,
  );
  expect(why('resume-from-customer', at('planning', { waitingOnCustomer: true }))).toBeUndefined();
  expect(why('resume-from-customer', at('planning'))).toBe('not waiting on the customer');
  expect(why('resume-from-customer', at('awaiting-customer', { waitingOnCustomer: true }))).toBe(
    'not waiting on the customer',
  );
});

test('corrective actions: added until closed, completed once', () => {
  expect(why('add-corrective-action', at('follow-up'))).toBeUndefined();
  expect(why('add-corrective-action', at('closed'))).toBe('the complaint is closed: reopen it first');
  expect(why('complete-corrective-action', at('closed'), { actionId: 'ca-1' })).toBeUndefined();
  expect(why('complete-corrective-action', at('closed'), { actionId: 'ca-2' })).toBe(
    'corrective action "ca-2" is already done',
  );
  expect(why('complete-corrective-action', at('closed'), { actionId: 'ca-9' })).toBe(
    'no corrective action "ca-9"',
  );
});

test("the plan's actions: retried when one failed and none is under way; done by hand when not done", () => {
  const outcome = (id: string, status: 'pending' | 'done' | 'failed') => ({
    id,
    kind: 'refund' as const,
    status,
    at: '2026-03-10T01:00:00Z',
    failures: 0,
  });
  const executing = (...outcomes: ReturnType<typeof outcome>[]) =>
    at('executing', {
      plan: { summary: '', actions: [], proposedBy: 'm', proposedAt: '', outcomes } as never,
    });
  expect(
    why('retry-plan-actions', executing(outcome('action-0', 'failed'), outcome('action-1', 'done'))),
  ).toBeUndefined();
  expect(
    why('retry-plan-actions', executing(outcome('action-0', 'failed'), outcome('action-1', 'pending'))),
  ).toBe('the plan is being carried out: wait for it');
  expect(why('retry-plan-actions', executing(outcome('action-0', 'done')))).toBe(
    'no action of the plan has failed',
  );
  expect(why('retry-plan-actions', at('follow-up'))).toMatch(/needs executing/);
  const plan = executing(
    outcome('action-0', 'failed'),
    outcome('action-1', 'done'),
    outcome('action-2', 'pending'),
  );
  expect(why('complete-plan-action', plan, { actionId: 'action-0' })).toBeUndefined();
  expect(why('complete-plan-action', plan, { actionId: 'action-1' })).toBe(
    'action "action-1" is already done',
  );
  expect(why('complete-plan-action', plan, { actionId: 'action-2' })).toBe(
    'action "action-2" is being carried out: wait for it',
  );
  expect(why('complete-plan-action', plan, { actionId: 'action-7' })).toBe(
    'no action "action-7" in the plan',
  );
});
