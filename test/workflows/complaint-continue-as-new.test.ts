import { temporal } from '@temporalio/proto';
import { DateTime } from 'luxon';
import type { ComplaintInput } from '../../domain/complaint';
import { BreachedClocks, CaseKind, ClinicId, ComplaintStage } from '../../temporal/search-attributes';
import type { ComplaintState } from '../../workflows/complaint-definitions';
import { clinic } from '../helpers/fixtures';
import { CLINIC_ZONE, DAY, JourneyHarness, MINUTE } from '../helpers/journey-harness';

// A complaint continues as new before its history grows large (issue 9), carrying the case: its
// SLA clocks, the provider message ids already seen, the plan and what the next run needs. A
// small `historyLimit` in the input makes it continue as new several times within one case.
// The test asks, signals and decides only while nothing is under way with the worker
// (`quiet` in the harness: the time-skipping server's continue-as-new is not atomic).

const h = new JourneyHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const { EventType } = temporal.api.enums.v1;
/** The state, asked once the case is at rest. */
async function look(c: ComplaintInput): Promise<ComplaintState> {
  await h.quietComplaint(c);
  return h.complaintState(c);
}
async function until(c: ComplaintInput, ok: (s: ComplaintState) => boolean, what: string) {
  for (let i = 0; i < 200; i++) {
    const s = await look(c);
    if (ok(s)) return s;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}
const events = (s: ComplaintState, event: string) => s.timeline.filter((e) => e.event === event);
const tokyo = (at: string) =>
  DateTime.fromMillis(Math.round(Date.parse(at) / MINUTE) * MINUTE, { zone: CLINIC_ZONE }).toFormat('HH:mm');

/** Every run of the complaint, oldest first: its event count and last event. */
async function runsOf(c: ComplaintInput): Promise<{ events: number; lastEvent: string }[]> {
  const runs: { events: number; lastEvent: string }[] = [];
  let runId: string | undefined = (await h.env.client.workflow.getHandle(c.caseId).describe()).runId;
  while (runId) {
    const history = await h.env.client.workflow.getHandle(c.caseId, runId).fetchHistory();
    const all: temporal.api.history.v1.IHistoryEvent[] = history.events ?? [];
    runs.unshift({ events: all.length, lastEvent: EventType[all.at(-1)?.eventType ?? 0] ?? '' });
    runId = all[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return runs;
}

test('a complaint that continues as new mid-way keeps its clocks and seen replies, answers queries and decisions, and closes', async () => {
  await h.advanceToNext(2, '10:00'); // Tuesday 10:00: first contact due 12:00, warning at 11:30
  const c = await h.startComplaint({ category: 'side-effect', severity: 'medium' }, clinic, {
    historyLimit: 25,
  });
  let s = await look(c);
  expect(s.run).toBe(1);

  // A message before the first continue-as-new: read once, a task for the owner.
  await h.quietComplaint(c);
  await h.customerReply(c, 'Please call me after lunch', 'SM-early');
  s = await until(c, (x) => events(x, 'customer-message').length === 1, 'the message read');
  await h.untilSent(
    c.caseId,
    (e) => e.some((t) => t.kind === 'task' && /after lunch/.test(t.body ?? '')),
    "the owner's task",
  );
  s = await look(c);
  expect(s.run).toBeGreaterThan(1); // the history passed 25 events: continued as new
  const firstRuns = s.run;
  expect(events(s, 'continued-as-new').length).toBe(firstRuns - 1);
  expect(events(s, 'received')).toHaveLength(1); // intake happened once, not again in a later run
  expect(h.sent(c.caseId, 'sms').filter((m) => m.idempotencyKey === `${c.caseId}:received`)).toHaveLength(1);

  // The provider redelivers the early message to the new run: it is the same message, ignored.
  await h.quietComplaint(c);
  await h.customerReply(c, 'Please call me after lunch', 'SM-early');
  await h.customerReply(c, 'Also my cheek itches', 'SM-later');
  s = await until(c, (x) => events(x, 'customer-message').length === 2, 'the new message');
  await new Promise((r) => setTimeout(r, 300));
  s = await look(c);
  expect(events(s, 'customer-message').map((e) => e.detail)).toEqual([
    'Please call me after lunch',
    'Also my cheek itches',
  ]);

  // The first-contact clock, started in run 1, warns at 75 % (11:30) in a later run.
  await h.quietComplaint(c);
  await h.advance(91 * MINUTE);
  s = await until(c, (x) => events(x, 'clock-warning').length === 1, 'the warning');
  expect(tokyo(events(s, 'clock-warning')[0]!.at)).toBe('11:30');
  expect(tokyo(s.clocks.find((x) => x.id === 'first-contact')!.startedAt)).toBe('10:00');

  // Decisions in later runs: first contact in time, assessments, plan, approval.
  await h.quietComplaint(c);
  await h.advance(10 * MINUTE); // 11:41
  await h.quietComplaint(c);
  await h.decideComplaint(c, 'record-first-contact', { staffId: 'front-desk-1', note: 'called back' });
  for (const role of ['front-desk', 'beautician', 'doctor'] as const) {
    await h.quietComplaint(c);
    await h.decideComplaint(c, 'submit-assessment', { role, staffId: `${role}-1`, findings: 'findings' });
  }
  await h.quietComplaint(c);
  await h.decideComplaint(c, 'propose-plan', {
    staffId: 'dr-sato',
    summary: 'Apologise and refund the session',
    actions: [
      { kind: 'apology', detail: 'apology from the doctor' },
      { kind: 'refund', detail: 'laser session refunded', amount: 30000 },
    ],
  });
  await h.quietComplaint(c);
  await h.decideComplaint(c, 'approve-plan', { staffId: 'manager' });
  s = await until(c, (x) => x.stage === 'awaiting-customer', 'the plan sent');
  await h.untilSent(c.caseId, (e) => e.some((m) => m.idempotencyKey === `${c.caseId}:plan-0`), 'plan SMS');
  await h.quietComplaint(c);
  await h.customerReply(c, 'はい', 'SM-yes');
  s = await until(c, (x) => x.stage === 'follow-up', 'the plan carried out');
  expect(s.plan!.outcomes!.map((o) => o.status)).toEqual(['done', 'done']);
  expect(h.sent(c.caseId, 'billing')).toHaveLength(1);

  await h.quietComplaint(c);
  await h.advance(7 * DAY + MINUTE);
  await h.untilSent(
    c.caseId,
    (e) => e.some((m) => m.idempotencyKey === `${c.caseId}:follow-up-0`),
    'the follow-up SMS',
  );
  await h.quietComplaint(c);
  await h.customerReply(c, 'はい', 'SM-satisfied');
  s = await until(c, (x) => x.stage === 'closed', 'closed');
  await h.untilSent(c.caseId, (e) => e.some((x) => x.kind === 'training-case'), 'training case');

  // Every clock met, across the runs.
  for (const view of s.clockViews!) expect(view).toMatchObject({ state: 'stopped', met: true });
  expect(s.breachedClocks).toEqual([]);

  // The reopen window passes: the case ends, with its whole story.
  await h.quietComplaint(c);
  await h.advance(31 * DAY);
  const result = (await h.env.client.workflow.getHandle(c.caseId).result()) as ComplaintState;
  expect(result.stage).toBe('closed');
  expect(result.run).toBeGreaterThan(firstRuns);
  expect(result.timeline[0]!.event).toBe('received');
  expect(events(result, 'action-executed')).toHaveLength(2);

  const runs = await runsOf(c);
  expect(runs).toHaveLength(result.run);
  for (const run of runs.slice(0, -1))
    expect(run.lastEvent).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW');
  expect(runs.at(-1)!.lastEvent).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');

  // Search attributes carried to the last run: ids and categories only, no personal data.
  const described = await h.env.client.workflow.getHandle(c.caseId).describe();
  const attributes = described.typedSearchAttributes;
  expect(attributes.get(ClinicId)).toBe(clinic.id);
  expect(attributes.get(CaseKind)).toBe('complaint');
  expect(attributes.get(ComplaintStage)).toBe('closed');
  expect(attributes.get(BreachedClocks)).toEqual([]);
  const shown = JSON.stringify(described.searchAttributes) + described.workflowId;
  expect(shown).not.toContain(c.request.customer.phone!);
  expect(shown).not.toContain(c.request.customer.ref);
});
