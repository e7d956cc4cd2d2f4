import type { Client } from '@temporalio/client';
import type { Role } from '../../domain/access';
import { mayDo, PARTICIPANTS_OF_ROLE } from '../../domain/access';
import { OPAQUE_ID } from '../../domain/case-ids';
import type { ComplaintStage, ParticipantRole } from '../../domain/complaint';
import { parseComplaintId } from '../../domain/complaint';
import type { ComplaintDecision, ComplaintDecisionName } from '../../domain/complaint-decisions';
import { COMPLAINT_DECISION_RULES } from '../../domain/complaint-decision-rules';
import type { ClockView } from '../../domain/sla-clock';
import type { ComplaintState } from '../../workflows/complaint-definitions';
import { complaintStateQuery } from '../../workflows/complaint-definitions';

// The complaints board: the clinic's running complaints by stage, each SLA clock as of the
// console's clock, and what the signed-in person may decide on each one now. What may be decided
// follows the API's checks (the role matrix, a participant's own assessment) and the stage the
// complaint's own rules need; the complaint's validator still has the last word.

/** More running complaints than this in one clinic are not listed (one query each). */
export const AT_MOST_COMPLAINTS = 200;

/** The stages the board shows, in the order a complaint moves through them. */
export const BOARD_STAGES: readonly ComplaintStage[] = [
  'awaiting-first-contact',
  'investigating',
  'planning',
  'awaiting-approval',
  'awaiting-customer',
  'executing',
  'follow-up',
];

/** How an SLA clock reads at a glance. */
export type ClockReading = 'met' | 'breached' | 'warned' | 'on-track' | 'paused';

export interface BoardClock {
  id: ClockView['id'];
  reading: ClockReading;
  /** Minutes left until breach (negative: minutes over); none once the clock has stopped. */
  minutesLeft?: number;
  dueAt: string | null;
}

/** What the signed-in person may decide on the complaint now. */
export interface ComplaintChoices {
  recordFirstContact: boolean;
  /** The participants whose assessment this person may submit (their own department's). */
  assess: ParticipantRole[];
  proposePlan: boolean;
  approvePlan: boolean;
  /** After approval: the customer's answer, the wait for them, the plan's failed actions, the follow-up. */
  recordCustomerResponse: boolean;
  pauseForCustomer: boolean;
  resumeFromCustomer: boolean;
  retryPlanActions: boolean;
  /** Failed plan actions this person may record as done by hand. */
  completePlanActions: string[];
  recordSatisfaction: boolean;
  addCorrectiveAction: boolean;
  /** Open corrective actions this person may record as done. */
  completeCorrectiveActions: string[];
  reopen: boolean;
}

export interface BoardComplaint {
  complaintId: string;
  /** The clinic's own reference of the complaint. */
  ref: string;
  category: ComplaintState['category'];
  severity: ComplaintState['severity'];
  stage: ComplaintStage;
  owner: ParticipantRole;
  waitingOnCustomer: boolean;
  participants: { role: ParticipantRole; assessedBy?: string }[];
  plan: {
    summary: string;
    actions: string[];
    proposedBy: string;
    /** What became of each action once the plan was accepted. */
    outcomes: { id: string; kind: string; status: 'pending' | 'done' | 'failed'; reason?: string }[];
  } | null;
  correctiveActions: {
    id: string;
    description: string;
    owner: string;
    dueDate: string;
    status: 'open' | 'done';
  }[];
  clocks: BoardClock[];
  choices: ComplaintChoices;
}

export function readClock(view: ClockView): BoardClock {
  const reading: ClockReading =
    view.state === 'stopped'
      ? view.met
        ? 'met'
        : 'breached'
      : view.breached
        ? 'breached'
        : view.warned
          ? 'warned'
          : view.state === 'paused'
            ? 'paused'
            : 'on-track';
  return {
    id: view.id,
    reading,
    ...(view.state === 'stopped' ? {} : { minutesLeft: view.remainingMinutes }),
    dueAt: view.dueAt,
  };
}

/**
 * Whether `role` may take decision `name` on the complaint now: the role matrix, then the
 * complaint's own rule (domain/complaint-decision-rules.ts) for a decision with `d` as its body.
 */
function may<N extends ComplaintDecisionName>(
  c: ComplaintState,
  role: Role,
  name: N,
  d: Partial<ComplaintDecision<N>> = {},
): boolean {
  // The intake facts only matter to a plan's supplier notice, which is not checked ahead here.
  const facts = { hasProduct: true };
  return (
    mayDo(role, `complaint:${name}`) &&
    COMPLAINT_DECISION_RULES[name](c, d as ComplaintDecision<N>, facts) === undefined
  );
}

export function choicesOf(c: ComplaintState, role: Role): ComplaintChoices {
  const own = PARTICIPANTS_OF_ROLE[role];
  const assessing = c.stage === 'awaiting-first-contact' || c.stage === 'investigating';
  return {
    recordFirstContact: c.stage === 'awaiting-first-contact' && mayDo(role, 'complaint:record-first-contact'),
    assess:
      assessing && mayDo(role, 'complaint:submit-assessment')
        ? c.participants.filter((p) => !p.assessedBy && own.includes(p.role)).map((p) => p.role)
        : [],
    proposePlan: c.stage === 'planning' && mayDo(role, 'complaint:propose-plan'),
    approvePlan: c.stage === 'awaiting-approval' && mayDo(role, 'complaint:approve-plan'),
    recordCustomerResponse: may(c, role, 'record-customer-response'),
    pauseForCustomer: may(c, role, 'pause-for-customer'),
    resumeFromCustomer: may(c, role, 'resume-from-customer'),
    retryPlanActions: may(c, role, 'retry-plan-actions'),
    completePlanActions: (c.plan?.outcomes ?? [])
      .filter((o) => may(c, role, 'complete-plan-action', { actionId: o.id }))
      .map((o) => o.id),
    recordSatisfaction: may(c, role, 'record-satisfaction'),
    addCorrectiveAction: may(c, role, 'add-corrective-action'),
    completeCorrectiveActions: c.correctiveActions
      .filter((a) => may(c, role, 'complete-corrective-action', { actionId: a.id }))
      .map((a) => a.id),
    reopen: may(c, role, 'reopen'),
  };
}

export function onBoard(c: ComplaintState, role: Role): BoardComplaint {
  return {
    complaintId: c.caseId,
    ref: parseComplaintId(c.caseId)?.complaintId ?? '',
    category: c.category,
    severity: c.severity,
    stage: c.stage,
    owner: c.owner,
    waitingOnCustomer: c.waitingOnCustomer,
    participants: c.participants.map((p) => ({
      role: p.role,
      ...(p.assessedBy ? { assessedBy: p.assessedBy } : {}),
    })),
    plan: c.plan
      ? {
          summary: c.plan.summary,
          actions: c.plan.actions.map((a) => `${a.kind}: ${a.detail}`),
          proposedBy: c.plan.proposedBy,
          outcomes: (c.plan.outcomes ?? []).map(({ id, kind, status, reason }) => ({
            id,
            kind,
            status,
            ...(reason ? { reason } : {}),
          })),
        }
      : null,
    correctiveActions: c.correctiveActions.map(({ id, description, owner, dueDate, status }) => ({
      id,
      description,
      owner,
      dueDate,
      status,
    })),
    clocks: (c.clockViews ?? []).map(readClock),
    choices: choicesOf(c, role),
  };
}

/** A complaint's state with its clocks read at `now`; undefined when it cannot be read. */
export function complaintAt(
  client: Client,
  complaintId: string,
  now: Date,
): Promise<ComplaintState | undefined> {
  return client.workflow
    .getHandle(complaintId)
    .query(complaintStateQuery, now.toISOString())
    .catch(() => undefined);
}

/**
 * The clinic's running complaints that are not closed, oldest first. Listed from visibility by
 * case kind and clinic (no personal data in the query); the clinic is checked again on each state.
 */
export async function runningComplaints(
  client: Client,
  clinicId: string,
  now: Date,
): Promise<ComplaintState[]> {
  if (!OPAQUE_ID.test(clinicId)) return [];
  const query = `CaseKind = 'complaint' AND ClinicId = '${clinicId}' AND ExecutionStatus = 'Running'`;
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query })) {
    ids.push(wf.workflowId);
    if (ids.length >= AT_MOST_COMPLAINTS) break;
  }
  const states = await Promise.all(ids.map((id) => complaintAt(client, id, now)));
  return states
    .filter((s): s is ComplaintState => s !== undefined && s.clinicId === clinicId && s.stage !== 'closed')
    .sort((a, b) => (a.timeline[0]?.at ?? '').localeCompare(b.timeline[0]?.at ?? ''));
}
