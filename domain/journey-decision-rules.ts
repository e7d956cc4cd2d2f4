import type { Decision, DecisionName } from './decisions';
import type { JourneyState } from './journey';
import type { Protocol } from './protocol';
import { protocolSchema } from './protocol';

// When a staff decision applies to a journey, as pure rules over its state: each answers why the
// decision cannot be taken now (the refusal the caller sees, 422), or undefined when it can.
// The workflow's synchronous update validators call them (workflows/journey/decisions.ts); the
// decision's schema has been checked before.

/** What the rules look at besides the state. */
export interface JourneyFacts {
  /** Now, in epoch ms (the workflow's time). */
  now: number;
  /** The protocol the journey follows. */
  pinned: Protocol;
}

type Payload<N extends DecisionName> = N extends 'migrate-protocol'
  ? Decision<N> & { protocol: Protocol }
  : Decision<N>;
type Rule<N extends DecisionName> = (
  s: JourneyState,
  d: Payload<N>,
  facts: JourneyFacts,
) => string | undefined;

/** Kinds of task that are a phone call with an outcome. */
const CALL_TASKS = ['nurse-call', 'nurse-callback', 'missed-doses'];

function openTask(s: JourneyState, taskId: string): string | undefined {
  const task = s.tasks.find((t) => t.taskId === taskId);
  if (!task) return `no task "${taskId}" on this journey`;
  if (task.status !== 'open') return `task "${taskId}" is already done`;
  return undefined;
}

function incidentStatus(s: JourneyState, incidentId: string) {
  return s.escalations.find((e) => e.incidentId === incidentId)?.status;
}

function transferOf(s: JourneyState, transferId: string) {
  return s.transfers.find((t) => t.transferId === transferId);
}

export const JOURNEY_DECISION_RULES: { [N in DecisionName]: Rule<N> } = {
  'record-call-outcome': (s, d) => {
    const why = openTask(s, d.taskId);
    if (why) return why;
    const task = s.tasks.find((t) => t.taskId === d.taskId)!;
    return CALL_TASKS.includes(task.kind) ? undefined : `task "${d.taskId}" is not a call`;
  },
  'complete-task': (s, d) => openTask(s, d.taskId),
  'add-check-in': (s, d, { now }) => {
    const at = Date.parse(d.at);
    if (at <= now) return 'at: must be in the future';
    if (at > Date.parse(s.followUpEndsAt))
      return `at: must be before the end of follow-up (${s.followUpEndsAt})`;
    return undefined;
  },
  pause: (s) => (s.stage === 'paused' ? 'the journey is already paused' : undefined),
  resume: (s) => (s.stage !== 'paused' ? 'the journey is not paused' : undefined),
  'migrate-protocol': (_s, d, { pinned }) => {
    if (!protocolSchema.safeParse(d.protocol).success || d.protocol.id !== d.protocolId)
      return `protocol "${d.protocolId}" is not a valid protocol document`;
    if (d.protocol.procedureCode !== pinned.procedureCode)
      return `protocol "${d.protocolId}" is for ${d.protocol.procedureCode}, not ${pinned.procedureCode}`;
    if (d.protocol.version <= pinned.version)
      return `protocol "${d.protocolId}" is not newer than the pinned "${pinned.id}"`;
    return undefined;
  },
  'close-early': () => undefined,
  cancel: () => undefined,
  'acknowledge-escalation': (s, d) => {
    const status = incidentStatus(s, d.incidentId);
    if (!status) return `no incident "${d.incidentId}" on this journey`;
    return status === 'paging' ? undefined : `incident "${d.incidentId}" is not waiting for acknowledgement`;
  },
  'resolve-escalation': (s, d) => {
    const status = incidentStatus(s, d.incidentId);
    if (!status) return `no incident "${d.incidentId}" on this journey`;
    return status === 'paging' || status === 'acknowledged'
      ? undefined
      : `incident "${d.incidentId}" is ${status}`;
  },
  'transfer-decision': (s, d) => {
    const transfer = transferOf(s, d.transferId);
    if (!transfer) return `no transfer "${d.transferId}" on this journey`;
    if (!['awaiting-doctor', 'referring'].includes(transfer.status))
      return `transfer "${d.transferId}" is ${transfer.status}`;
    if (d.decision === 'proceed' && transfer.status !== 'awaiting-doctor')
      return `transfer "${d.transferId}" is already under way`;
    return undefined;
  },
  'hospital-response': (s, d) => {
    const transfer = transferOf(s, d.transferId);
    if (!transfer) return `no transfer "${d.transferId}" on this journey`;
    return transfer.status === 'referring' && transfer.awaitingHospitalId === d.hospitalId
      ? undefined
      : `transfer "${d.transferId}" is not waiting for hospital "${d.hospitalId}"`;
  },
  'confirm-handover': (s, d) => {
    const transfer = transferOf(s, d.transferId);
    if (!transfer) return `no transfer "${d.transferId}" on this journey`;
    return transfer.status === 'accepted'
      ? undefined
      : `transfer "${d.transferId}" has no accepted hospital waiting for hand-over`;
  },
  'record-visit-attendance': (s, d) => {
    const visit = s.returnVisits.find((v) => v.visitId === d.visitId);
    if (!visit) return `no return visit "${d.visitId}" on this journey`;
    return visit.status === 'attended' || visit.status === 'cancelled'
      ? `return visit "${d.visitId}" is ${visit.status}`
      : undefined;
  },
};
