import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  ComplaintAssessment,
  ComplaintCategory,
  ComplaintInput,
  ComplaintParticipant,
  ComplaintSeverity,
  ComplaintStage,
  CorrectiveAction,
  ParticipantRole,
  ResolutionPlan,
} from '../domain/complaint';
import type { ComplaintDecision, ComplaintDecisionName } from '../domain/complaint-decisions';
import type { PatientReply } from '../domain/decisions';
import type { TimelineEntry } from '../domain/journey';
import type { ClockView, SlaClock } from '../domain/sla-clock';

// Messages the API exchanges with a running complaint, and its state: what the API may import
// (never the workflow module itself).

/** The complaint workflow's signature, for starting it by name. */
export type ComplaintWorkflow = (input: ComplaintInput) => Promise<ComplaintState>;

export interface ComplaintState {
  caseId: string;
  clinicId: string;
  /** The clinic's opaque reference of the customer (never a name), for staff to find the record. */
  customerRef?: string;
  category: ComplaintCategory;
  severity: ComplaintSeverity;
  channel: string;
  stage: ComplaintStage;
  owner: ParticipantRole;
  participants: ComplaintParticipant[];
  assessments: ComplaintAssessment[];
  plan: ResolutionPlan | null;
  customerResponse: { accepted: boolean; comment?: string; via: 'sms' | 'staff'; at: string } | null;
  waitingOnCustomer: boolean;
  clocks: SlaClock[];
  clockViews?: ClockView[];
  breachedClocks: string[];
  escalations: { clockId: string; level: number; at: string }[];
  correctiveActions: CorrectiveAction[];
  satisfaction: { satisfied: boolean; comment?: string; via: 'sms' | 'staff'; at: string } | null;
  followUpDueAt: string | null;
  reopenCount: number;
  journeyId: string | null;
  /** A complaint from the closing survey: the patient's score and comment. */
  survey: { score: number; comment?: string } | null;
  closedAt: string | null;
  /**
   * Newest last. Kept within a limit: past it, the first entry, one `timeline-trimmed` entry and
   * the newest entries (domain/complaint-execution.ts `boundTimeline`).
   */
  timeline: TimelineEntry[];
  /** Which run of the workflow this is (1 + the times it continued as new). */
  run: number;
}

/**
 * The case state. `asOf` (the caller's clock) lets the clock views count up to the moment of the
 * query: inside a query the workflow's own time is that of its last task, which can be hours old.
 */
export const complaintStateQuery = defineQuery<ComplaintState, [asOf?: string]>('complaintState');
export const customerReplySignal = defineSignal<[PatientReply]>('customerReply');
export const complaintDecisionUpdate = <N extends ComplaintDecisionName>(name: N) =>
  defineUpdate<{ accepted: true; detail?: string }, [ComplaintDecision<N>]>(`complaint:${name}`);
