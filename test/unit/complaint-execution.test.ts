import type { PlanActionOutcome } from '../../domain/complaint';
import {
  actionsToRun,
  allDone,
  boundTimeline,
  notDoneWords,
  pendingOutcomes,
  TIMELINE_TRIMMED,
} from '../../domain/complaint-execution';
import { COMPLAINT_DECISIONS } from '../../domain/complaint-decisions';
import type { TimelineEntry } from '../../domain/journey';

// The pure rules of carrying out a complaint plan action by action, and of a bounded timeline.

const AT = '2026-12-01T01:00:00.000Z';
const outcome = (i: number, status: PlanActionOutcome['status'], extra: Partial<PlanActionOutcome> = {}) =>
  ({ id: `action-${i}`, kind: 'refund', status, at: AT, failures: 0, ...extra }) as PlanActionOutcome;

describe('plan action outcomes', () => {
  test('a plan just accepted: every action pending, ids by position', () => {
    expect(
      pendingOutcomes(
        [
          { kind: 'apology', detail: 'sorry' },
          { kind: 'refund', detail: 'refund', amount: 100 },
        ],
        AT,
      ),
    ).toEqual([
      { id: 'action-0', kind: 'apology', status: 'pending', at: AT, failures: 0 },
      { id: 'action-1', kind: 'refund', status: 'pending', at: AT, failures: 0 },
    ]);
  });

  test('a run of the execute step carries out every action not done, in plan order', () => {
    expect(
      actionsToRun([outcome(0, 'done'), outcome(1, 'failed'), outcome(2, 'pending'), outcome(3, 'done')]),
    ).toEqual([1, 2]);
    expect(actionsToRun([outcome(0, 'done')])).toEqual([]);
  });

  test('only all done moves the case on', () => {
    expect(allDone([outcome(0, 'done'), outcome(1, 'done')])).toBe(true);
    expect(allDone([outcome(0, 'done'), outcome(1, 'failed')])).toBe(false);
    expect(allDone([outcome(0, 'pending')])).toBe(false);
  });

  test('what is not done, with the reason of a failure', () => {
    expect(
      notDoneWords([
        outcome(0, 'done'),
        outcome(1, 'failed', { reason: 'permanent (rejected)' }),
        outcome(2, 'pending', { kind: 'supplier-notice' }),
      ]),
    ).toBe('refund (action-1) failed: permanent (rejected); supplier-notice (action-2) pending');
  });

  test('staff name an action by its id; a note says what was done by hand', () => {
    const complete = COMPLAINT_DECISIONS['complete-plan-action'];
    expect(
      complete.safeParse({ staffId: 'fd-1', actionId: 'action-3', note: 'refunded at the till' }).success,
    ).toBe(true);
    expect(complete.safeParse({ staffId: 'fd-1', actionId: 'refund', note: 'x' }).success).toBe(false);
    expect(complete.safeParse({ staffId: 'fd-1', actionId: 'action-3' }).success).toBe(false);
    expect(COMPLAINT_DECISIONS['retry-plan-actions'].safeParse({ staffId: 'fd-1' }).success).toBe(true);
  });
});

describe('a bounded timeline', () => {
  const entries = (n: number, from = 0): TimelineEntry[] =>
    Array.from({ length: n }, (_, i) => ({ at: `t${from + i}`, event: `e${from + i}` }));

  test('within the limit it is kept whole', () => {
    const timeline = entries(5);
    expect(boundTimeline(timeline, 5, 5)).toBe(timeline);
  });

  test('past it: the first entry, one note of what was dropped, the newest entries', () => {
    const bounded = boundTimeline(entries(8), 5, 8);
    expect(bounded).toEqual([
      { at: 't0', event: 'e0' },
      { at: 't4', event: TIMELINE_TRIMMED, detail: '4 older entries dropped, the newest of them from t4' },
      { at: 't5', event: 'e5' },
      { at: 't6', event: 'e6' },
      { at: 't7', event: 'e7' },
    ]);
  });

  test('trimmed again, the note counts everything dropped so far and stays single', () => {
    let timeline = boundTimeline(entries(8), 5, 8);
    timeline = boundTimeline([...timeline, ...entries(2, 8)], 5, 10);
    expect(timeline.filter((e) => e.event === TIMELINE_TRIMMED)).toHaveLength(1);
    expect(timeline).toHaveLength(5);
    expect(timeline[0]).toEqual({ at: 't0', event: 'e0' });
    expect(timeline[1]!.detail).toBe('6 older entries dropped, the newest of them from t6');
    expect(timeline.slice(2).map((e) => e.event)).toEqual(['e7', 'e8', 'e9']);
  });
});
