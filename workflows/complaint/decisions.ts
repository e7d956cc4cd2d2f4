import type { CorrectiveAction } from '../../domain/complaint';
import { allDone } from '../../domain/complaint-execution';
import type { ComplaintDecision, ComplaintDecisionName } from '../../domain/complaint-decisions';
import type * as ComplaintDecisions from '../../domain/complaint-decisions';
import { COMPLAINT_DECISION_RULES } from '../../domain/complaint-decision-rules';
import { pauseClock, resumeClock } from '../../domain/sla-clock';
import { onDecision as registerDecision } from '../case/decisions';
import { complaintDecisionUpdate } from '../complaint-definitions';
import { refuse } from '../refusal';
import type { ComplaintContext } from './context';
import type { Customer } from './customer';
import type { PlanExecution } from './execution';
import { ACTION_WORDS } from './execution';

// Staff decisions on a complaint, each an update with a synchronous validator (workflows/case/
// decisions.ts): the payload's schema, the case still open, then the decision's pure rule
// (domain/complaint-decision-rules.ts).
// A refusal names what is wrong and changes nothing.

export function acceptDecisions(c: ComplaintContext, customer: Customer, execution: PlanExecution): void {
  const { s, request, cal } = c;

  const facts = { hasProduct: request.product !== undefined };
  function onDecision<N extends ComplaintDecisionName>(
    name: N,
    apply: (d: ComplaintDecision<N>) => string | undefined,
  ) {
    const rule = COMPLAINT_DECISION_RULES[name] as (
      state: typeof s,
      d: ComplaintDecision<N>,
      f: typeof facts,
    ) => string | undefined;
    registerDecision(complaintDecisionUpdate(name), {
      schema: { safeParse: (d) => decisionSchemas().COMPLAINT_DECISIONS[name].safeParse(d) },
      closed: () => (c.done ? 'the complaint is finished' : undefined),
      validate: (d) => {
        const why = rule(s, d, facts);
        if (why) refuse(why);
      },
      apply,
      taken: () => {
        c.dirty = true;
      },
    });
  }
  onDecision('record-first-contact', (d) => {
    c.stopClockNamed('first-contact');
    c.note('first-contact', d.note, d.staffId);
    c.enterStage(s.assessments.length === s.participants.length ? 'planning' : 'investigating');
    return undefined;
  });
  onDecision('submit-assessment', (d) => {
    const at = c.now().toISOString();
    s.assessments.push({
      role: d.role,
      staffId: d.staffId,
      findings: d.findings,
      ...(d.rootCause ? { rootCause: d.rootCause } : {}),
      at,
    });
    Object.assign(
      s.participants.find((p) => p.role === d.role)!,
      { assessedBy: d.staffId, assessedAt: at },
    );
    c.note('assessment', `${d.role}: ${d.findings}`, d.staffId);
    const missing = s.participants.filter((p) => !p.assessedBy).map((p) => p.role);
    if (missing.length === 0) {
      c.stopClockNamed('root-cause');
      if (s.stage === 'investigating') c.enterStage('planning');
    }
    return missing.length ? `waiting for ${missing.join(', ')}` : 'all assessments in';
  });
  onDecision('propose-plan', (d) => {
    s.plan = {
      summary: d.summary,
      actions: d.actions,
      proposedBy: d.staffId,
      proposedAt: c.now().toISOString(),
      sentBack: s.plan?.sentBack ?? [],
    };
    c.note('plan-proposed', d.actions.map((a) => a.kind).join(', '), d.staffId);
    c.enterStage('awaiting-approval');
    c.task(
      `approve-${s.reopenCount}-${c.written}`,
      'management',
      `Approve or send back the resolution plan of complaint ${request.complaintId}`,
    );
    return undefined;
  });
  onDecision('approve-plan', (d) => {
    Object.assign(s.plan!, { approvedBy: d.staffId, approvedAt: c.now().toISOString() });
    c.stopClockNamed('resolution-plan');
    c.note('plan-approved', undefined, d.staffId);
    c.enterStage('awaiting-customer');
    s.waitingOnCustomer = true;
    c.tellCustomer(
      `plan-${c.plansOffered++}`,
      c.message('complaint-plan', {
        actions: s.plan!.actions.map((a) => `${ACTION_WORDS[a.kind]}: ${a.detail}`),
      }),
      'Propose the resolution to the customer',
    );
    return undefined;
  });
  onDecision('send-back-plan', (d) => {
    s.plan!.sentBack = [
      ...(s.plan!.sentBack ?? []),
      { by: d.staffId, reason: d.reason, at: c.now().toISOString() },
    ];
    c.note('plan-sent-back', d.reason, d.staffId);
    c.enterStage('planning');
    return undefined;
  });
  onDecision('record-customer-response', (d) => {
    customer.answered(d.accepted, 'staff', d.comment);
    return undefined;
  });
  onDecision('pause-for-customer', (d) => {
    s.waitingOnCustomer = true;
    for (const clock of s.clocks) c.setClock(clock.id, (x) => pauseClock(x, c.now(), cal));
    c.note('waiting-on-customer', d.reason, d.staffId);
    return undefined;
  });
  onDecision('resume-from-customer', (d) => {
    s.waitingOnCustomer = false;
    for (const clock of s.clocks) c.setClock(clock.id, (x) => resumeClock(x, c.now()));
    c.note('customer-back', undefined, d.staffId);
    return undefined;
  });
  onDecision('record-satisfaction', (d) => {
    customer.satisfied(d.satisfied, 'staff', d.comment);
    return undefined;
  });
  onDecision('add-corrective-action', (d) => {
    const action: CorrectiveAction = {
      id: `ca-${s.correctiveActions.length + 1}`,
      description: d.description,
      owner: d.owner,
      dueDate: d.dueDate,
      status: 'open',
    };
    s.correctiveActions.push(action);
    c.note('corrective-action', `${action.id} for ${d.owner} by ${d.dueDate}: ${d.description}`, d.staffId);
    return action.id;
  });
  onDecision('complete-corrective-action', (d) => {
    Object.assign(
      s.correctiveActions.find((a) => a.id === d.actionId)!,
      { status: 'done', completedBy: d.staffId, completedAt: c.now().toISOString() },
    );
    c.note('corrective-action-done', d.actionId, d.staffId);
    if (s.stage === 'follow-up' && s.satisfaction?.satisfied) customer.tryClose();
    return undefined;
  });
  onDecision('reopen', (d) => {
    customer.reopen(d.reason, d.staffId);
    return undefined;
  });
  onDecision('retry-plan-actions', (d) => {
    const plan = s.plan!;
    const again = plan.outcomes!.filter((o) => o.status === 'failed');
    const at = c.now().toISOString();
    plan.outcomes = plan.outcomes!.map((o) =>
      o.status === 'failed' ? { id: o.id, kind: o.kind, status: 'pending', at, failures: o.failures } : o,
    );
    c.note(
      'actions-retried',
      again.map((o) => `${o.kind} (${o.id})`).join(', ') + (d.note ? `: ${d.note}` : ''),
      d.staffId,
    );
    c.queue({ kind: 'execute' });
    return again.map((o) => o.id).join(', ');
  });
  onDecision('complete-plan-action', (d) => {
    const plan = s.plan!;
    const i = plan.outcomes!.findIndex((o) => o.id === d.actionId);
    const record = plan.outcomes![i]!;
    const at = c.now().toISOString();
    const outcome = `done by hand: ${d.note}`;
    plan.outcomes![i] = {
      id: record.id,
      kind: record.kind,
      status: 'done',
      at,
      outcome,
      failures: record.failures,
      by: d.staffId,
    };
    plan.executed = [...(plan.executed ?? []), { kind: record.kind, outcome, at }];
    c.note('action-done-by-hand', `${record.kind} (${record.id}): ${d.note}`, d.staffId);
    // The last one not done: no run of the execute step is under way to move the case on.
    if (allDone(plan.outcomes!)) execution.finish();
    return undefined;
  });
}

/**
 * The decisions' schemas (zod) are evaluated on a complaint's first staff decision, not in every
 * complaint the worker keeps cached (issue 13). Synchronous, so the validators stay synchronous.
 */
function decisionSchemas(): typeof ComplaintDecisions {
  // eslint-disable-next-line @typescript-eslint/no-require-imports, no-restricted-globals -- on first use
  return require('../../domain/complaint-decisions');
}
