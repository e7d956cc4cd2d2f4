import type { ComplaintParticipant, ComplaintStage, CorrectiveAction, ResolutionPlan } from './complaint';
import type { ComplaintDecision, ComplaintDecisionName } from './complaint-decisions';

// When a staff decision applies to a complaint, as pure rules over the case: each answers why the
// decision cannot be taken now (the refusal the caller sees, 422), or undefined when it can. The
// workflow's synchronous update validators call them (workflows/complaint/decisions.ts); the
// decision's schema has been checked before.

/** What the rules look at: the complaint's state (ComplaintState has these fields). */
export interface ComplaintCase {
  stage: ComplaintStage;
  participants: ComplaintParticipant[];
  plan: ResolutionPlan | null;
  waitingOnCustomer: boolean;
  correctiveActions: CorrectiveAction[];
}

/** Facts of the complaint's intake. */
export interface ComplaintFacts {
  /** A product (name, batch, supplier) was recorded at intake. */
  hasProduct: boolean;
}

type Rule<N extends ComplaintDecisionName> = (
  c: ComplaintCase,
  d: ComplaintDecision<N>,
  facts: ComplaintFacts,
) => string | undefined;

/** Refused unless the complaint is at one of `stages`. */
function stageIs(c: ComplaintCase, ...stages: ComplaintStage[]): string | undefined {
  return stages.includes(c.stage)
    ? undefined
    : `not possible while the complaint is ${c.stage} (needs ${stages.join(' or ')})`;
}

export const COMPLAINT_DECISION_RULES: { [N in ComplaintDecisionName]: Rule<N> } = {
  'record-first-contact': (c) => stageIs(c, 'awaiting-first-contact'),
  'submit-assessment': (c, d) => {
    const stage = stageIs(c, 'awaiting-first-contact', 'investigating');
    if (stage) return stage;
    const participant = c.participants.find((p) => p.role === d.role);
    if (!participant)
      return `${d.role} is not a participant of this complaint (${c.participants.map((p) => p.role).join(', ')})`;
    return participant.assessedBy ? `${d.role} has already submitted an assessment` : undefined;
  },
  'propose-plan': (c, d, { hasProduct }) =>
    stageIs(c, 'planning') ??
    (d.actions.some((a) => a.kind === 'supplier-notice') && !hasProduct
      ? 'a supplier notice needs the product (name, batch, supplier) recorded at intake'
      : undefined),
  'approve-plan': (c) => stageIs(c, 'awaiting-approval'),
  'send-back-plan': (c) => stageIs(c, 'awaiting-approval'),
  'record-customer-response': (c) => stageIs(c, 'awaiting-customer'),
  'pause-for-customer': (c) =>
    c.waitingOnCustomer
      ? 'already waiting on the customer'
      : stageIs(c, 'awaiting-first-contact', 'investigating', 'planning'),
  'resume-from-customer': (c) =>
    !c.waitingOnCustomer || c.stage === 'awaiting-customer' ? 'not waiting on the customer' : undefined,
  'record-satisfaction': (c) => stageIs(c, 'follow-up'),
  'add-corrective-action': (c) =>
    c.stage === 'closed' ? 'the complaint is closed: reopen it first' : undefined,
  'complete-corrective-action': (c, d) => {
    const action = c.correctiveActions.find((a) => a.id === d.actionId);
    if (!action) return `no corrective action "${d.actionId}"`;
    return action.status === 'done' ? `corrective action "${d.actionId}" is already done` : undefined;
  },
  reopen: (c) => stageIs(c, 'closed', 'follow-up'),
  'retry-plan-actions': (c) => {
    const stage = stageIs(c, 'executing');
    if (stage) return stage;
    const outcomes = c.plan?.outcomes ?? [];
    if (outcomes.some((o) => o.status === 'pending')) return 'the plan is being carried out: wait for it';
    return outcomes.some((o) => o.status === 'failed') ? undefined : 'no action of the plan has failed';
  },
  'complete-plan-action': (c, d) => {
    const stage = stageIs(c, 'executing');
    if (stage) return stage;
    const record = c.plan?.outcomes?.find((o) => o.id === d.actionId);
    if (!record) return `no action "${d.actionId}" in the plan`;
    if (record.status === 'done') return `action "${d.actionId}" is already done`;
    if (record.status === 'pending') return `action "${d.actionId}" is being carried out: wait for it`;
    return undefined;
  },
};
