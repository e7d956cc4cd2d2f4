import type { Decision, DecisionName } from '../../domain/decisions';
import type { JourneyState } from '../../domain/journey';
import type { JourneyFacts } from '../../domain/journey-decision-rules';
import { JOURNEY_DECISION_RULES } from '../../domain/journey-decision-rules';
import { RHINOPLASTY_V1, RHINOPLASTY_V2 } from '../../domain/protocols/rhinoplasty';
import { BLEPHAROPLASTY_V1 } from '../../domain/protocols/blepharoplasty';

// The rules behind the journey's staff decisions, without Temporal: each refusal names what is
// wrong; a decision that applies gets undefined.

const NOW = Date.parse('2026-03-10T01:00:00Z');
const facts: JourneyFacts = { now: NOW, pinned: RHINOPLASTY_V1 };

/** The fields the rules read; the rest of a journey's state plays no part. */
function journey(overrides: Partial<JourneyState> = {}): JourneyState {
  return {
    stage: 'monitoring',
    followUpEndsAt: '2026-04-01T00:00:00Z',
    tasks: [
      { taskId: 'task-1', kind: 'nurse-call', role: 'nurse', dueAt: '', summary: '', status: 'open' },
      { taskId: 'task-2', kind: 'front-desk', role: 'front-desk', dueAt: '', summary: '', status: 'open' },
      { taskId: 'task-3', kind: 'nurse-callback', role: 'nurse', dueAt: '', summary: '', status: 'done' },
    ],
    escalations: [
      { incidentId: 'incident-1', status: 'paging' },
      { incidentId: 'incident-2', status: 'acknowledged' },
      { incidentId: 'incident-3', status: 'resolved' },
    ],
    transfers: [
      { transferId: 'transfer-1', status: 'awaiting-doctor' },
      { transferId: 'transfer-2', status: 'referring', awaitingHospitalId: 'h-1' },
      { transferId: 'transfer-3', status: 'accepted' },
    ],
    returnVisits: [
      { visitId: 'rv-1', at: '', status: 'scheduled' },
      { visitId: 'rv-2', at: '', status: 'attended' },
    ],
    ...overrides,
  } as unknown as JourneyState;
}

function why<N extends DecisionName>(
  name: N,
  d: Partial<Decision<N>> & Record<string, unknown>,
  s = journey(),
) {
  const rule = JOURNEY_DECISION_RULES[name] as (
    s: JourneyState,
    d: unknown,
    f: JourneyFacts,
  ) => string | undefined;
  return rule(s, { staffId: 'nurse-1', ...d }, facts);
}

test('a call outcome: only for an open call task on this journey', () => {
  expect(why('record-call-outcome', { taskId: 'task-1', outcome: 'reached' })).toBeUndefined();
  expect(why('record-call-outcome', { taskId: 'task-9', outcome: 'reached' })).toBe(
    'no task "task-9" on this journey',
  );
  expect(why('record-call-outcome', { taskId: 'task-3', outcome: 'reached' })).toBe(
    'task "task-3" is already done',
  );
  expect(why('record-call-outcome', { taskId: 'task-2', outcome: 'reached' })).toBe(
    'task "task-2" is not a call',
  );
});

test('completing a task: any open task', () => {
  expect(why('complete-task', { taskId: 'task-2' })).toBeUndefined();
  expect(why('complete-task', { taskId: 'task-3' })).toBe('task "task-3" is already done');
  expect(why('complete-task', { taskId: 'nope' })).toBe('no task "nope" on this journey');
});

test('an extra check-in: in the future and within the follow-up', () => {
  expect(why('add-check-in', { at: '2026-03-10T01:00:01Z' })).toBeUndefined();
  expect(why('add-check-in', { at: '2026-03-10T01:00:00Z' })).toBe('at: must be in the future');
  expect(why('add-check-in', { at: '2026-04-01T00:00:00Z' })).toBeUndefined();
  expect(why('add-check-in', { at: '2026-04-01T00:00:01Z' })).toBe(
    'at: must be before the end of follow-up (2026-04-01T00:00:00Z)',
  );
});

test('pause and resume', () => {
  expect(why('pause', {})).toBeUndefined();
  expect(why('pause', {}, journey({ stage: 'paused' }))).toBe('the journey is already paused');
  expect(why('resume', {})).toBe('the journey is not paused');
  expect(why('resume', {}, journey({ stage: 'paused' }))).toBeUndefined();
});

test('a protocol migration: a valid, newer version of the same procedure', () => {
  expect(
    why('migrate-protocol', { protocolId: RHINOPLASTY_V2.id, protocol: RHINOPLASTY_V2 }),
  ).toBeUndefined();
  expect(why('migrate-protocol', { protocolId: 'other', protocol: RHINOPLASTY_V2 })).toBe(
    'protocol "other" is not a valid protocol document',
  );
  expect(
    why('migrate-protocol', {
      protocolId: RHINOPLASTY_V2.id,
      protocol: { ...RHINOPLASTY_V2, checkIns: 'x' },
    }),
  ).toBe(`protocol "${RHINOPLASTY_V2.id}" is not a valid protocol document`);
  expect(why('migrate-protocol', { protocolId: BLEPHAROPLASTY_V1.id, protocol: BLEPHAROPLASTY_V1 })).toBe(
    `protocol "${BLEPHAROPLASTY_V1.id}" is for ${BLEPHAROPLASTY_V1.procedureCode}, not ${RHINOPLASTY_V1.procedureCode}`,
  );
  expect(why('migrate-protocol', { protocolId: RHINOPLASTY_V1.id, protocol: RHINOPLASTY_V1 })).toBe(
    `protocol "${RHINOPLASTY_V1.id}" is not newer than the pinned "${RHINOPLASTY_V1.id}"`,
  );
});

test('ending the journey early is always possible while it runs (the case checks it runs)', () => {
  expect(why('close-early', { reason: 'done' })).toBeUndefined();
  expect(why('cancel', { reason: 'wrong patient' })).toBeUndefined();
});

test('escalations: acknowledge one that is paging; resolve one that is paging or acknowledged', () => {
  expect(why('acknowledge-escalation', { incidentId: 'incident-1' })).toBeUndefined();
  expect(why('acknowledge-escalation', { incidentId: 'incident-2' })).toBe(
    'incident "incident-2" is not waiting for acknowledgement',
  );
  expect(why('acknowledge-escalation', { incidentId: 'incident-9' })).toBe(
    'no incident "incident-9" on this journey',
  );
  expect(why('resolve-escalation', { incidentId: 'incident-1' })).toBeUndefined();
  expect(why('resolve-escalation', { incidentId: 'incident-2' })).toBeUndefined();
  expect(why('resolve-escalation', { incidentId: 'incident-3' })).toBe('incident "incident-3" is resolved');
  expect(why('resolve-escalation', { incidentId: 'incident-9' })).toBe(
    'no incident "incident-9" on this journey',
  );
});

test("transfers: the doctor's decision, the hospital's answer, the hand-over", () => {
  expect(why('transfer-decision', { transferId: 'transfer-1', decision: 'proceed' })).toBeUndefined();
  expect(why('transfer-decision', { transferId: 'transfer-2', decision: 'cancel' })).toBeUndefined();
  expect(why('transfer-decision', { transferId: 'transfer-2', decision: 'proceed' })).toBe(
    'transfer "transfer-2" is already under way',
  );
  expect(why('transfer-decision', { transferId: 'transfer-3', decision: 'cancel' })).toBe(
    'transfer "transfer-3" is accepted',
  );
  expect(why('transfer-decision', { transferId: 'x', decision: 'cancel' })).toBe(
    'no transfer "x" on this journey',
  );
  expect(
    why('hospital-response', { transferId: 'transfer-2', hospitalId: 'h-1', accepted: true }),
  ).toBeUndefined();
  expect(why('hospital-response', { transferId: 'transfer-2', hospitalId: 'h-2', accepted: true })).toBe(
    'transfer "transfer-2" is not waiting for hospital "h-2"',
  );
  expect(why('hospital-response', { transferId: 'transfer-1', hospitalId: 'h-1', accepted: true })).toBe(
    'transfer "transfer-1" is not waiting for hospital "h-1"',
  );
  expect(why('confirm-handover', { transferId: 'transfer-3' })).toBeUndefined();
  expect(why('confirm-handover', { transferId: 'transfer-2' })).toBe(
    'transfer "transfer-2" has no accepted hospital waiting for hand-over',
  );
});

test('return-visit attendance: a visit of this journey not already attended or cancelled', () => {
  expect(why('record-visit-attendance', { visitId: 'rv-1', attended: true })).toBeUndefined();
  expect(why('record-visit-attendance', { visitId: 'rv-2', attended: true })).toBe(
    'return visit "rv-2" is attended',
  );
  expect(why('record-visit-attendance', { visitId: 'rv-9', attended: true })).toBe(
    'no return visit "rv-9" on this journey',
  );
});
