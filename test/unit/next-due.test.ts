import type { CheckInState } from '../../domain/journey';
import { nextDue } from '../../domain/next-due';

// What a journey sleeps until. Fixed instants in a fixed zone (Asia/Tokyo, UTC+9, no DST).

const TOKYO = 'Asia/Tokyo';
const QUIET = { start: '21:00', end: '08:00' };

function checkIn(id: string, fields: Partial<CheckInState>): CheckInState {
  return {
    id,
    channel: 'sms',
    questionSet: 'wound',
    dueAt: '2026-11-25T03:00:00.000Z', // 12:00 in Tokyo
    replyWindowHours: 6,
    noReply: 'nurse-call',
    status: 'scheduled',
    ...fields,
  };
}

const journey = (
  checkIns: CheckInState[],
  extra: Partial<{
    stage: 'paused' | 'monitoring';
    optedOut: boolean;
    survey: { sentAt?: string } | null;
  }> = {},
) => ({
  stage: 'monitoring' as const,
  checkIns,
  optedOut: false,
  survey: null,
  followUpEndsAt: '2027-01-05T00:00:00.000Z',
  ...extra,
});
const context = (heldSms: Array<{ summary: string; notBefore: string }> = []) => ({
  quietHours: QUIET,
  timeZone: TOKYO,
  surveyDueAt: new Date('2026-12-30T01:00:00.000Z'),
  heldSms,
});

describe('what a journey waits for next', () => {
  test('the earliest scheduled check-in', () => {
    const next = nextDue(
      journey([checkIn('day-7', { dueAt: '2026-12-01T03:00:00.000Z' }), checkIn('day-2', {})]),
      context(),
    );
    expect(next).toEqual({ what: 'check-in day-2 (sms)', at: Date.parse('2026-11-25T03:00:00.000Z') });
  });

  test('an SMS check-in due in quiet hours waits for their end; a nurse call or an opted-out patient does not', () => {
    const night = '2026-11-25T14:00:00.000Z'; // 23:00 in Tokyo; quiet until 08:00 = 23:00Z
    expect(nextDue(journey([checkIn('n', { dueAt: night })]), context())?.at).toBe(
      Date.parse('2026-11-25T23:00:00.000Z'),
    );
    expect(nextDue(journey([checkIn('n', { dueAt: night, channel: 'nurse-call' })]), context())?.at).toBe(
      Date.parse(night),
    );
    expect(nextDue(journey([checkIn('n', { dueAt: night })], { optedOut: true }), context())?.at).toBe(
      Date.parse(night),
    );
  });

  test('a sent SMS check-in waits for the end of its reply window; answered ones wait for nothing', () => {
    const sent = checkIn('day-2', { status: 'sent', sentAt: '2026-11-25T03:00:00.000Z' });
    expect(nextDue(journey([sent]), context())).toEqual({
      what: 'reply window of check-in day-2 ends',
      at: Date.parse('2026-11-25T09:00:00.000Z'),
    });
    const reminded = { ...sent, status: 'reminded' as const };
    expect(nextDue(journey([reminded]), context())?.what).toBe('reply window of check-in day-2 ends');
    const answered = { ...sent, status: 'answered' as const };
    expect(nextDue(journey([answered]), context())?.what).toBe('closing survey');
    const called = checkIn('day-2', {
      status: 'sent',
      channel: 'nurse-call',
      sentAt: '2026-11-25T03:00:00.000Z',
    });
    expect(nextDue(journey([called]), context())?.what).toBe('closing survey');
  });

  test('the survey until it is sent, then the end of follow-up', () => {
    expect(nextDue(journey([]), context())).toEqual({
      what: 'closing survey',
      at: Date.parse('2026-12-30T01:00:00.000Z'),
    });
    expect(nextDue(journey([], { survey: { sentAt: '2026-12-30T01:00:00.000Z' } }), context())).toEqual({
      what: 'end of follow-up',
      at: Date.parse('2027-01-05T00:00:00.000Z'),
    });
  });

  test('a paused journey waits only for held SMS and the end of follow-up', () => {
    const held = { summary: 'After-care instructions', notBefore: '2026-11-26T23:00:00.000Z' };
    expect(nextDue(journey([checkIn('day-2', {})], { stage: 'paused' }), context([held]))).toEqual({
      what: 'After-care instructions',
      at: Date.parse(held.notBefore),
    });
  });

  test('after a given instant: what is due at or before it is already under way', () => {
    const j = journey([checkIn('day-2', {})]);
    const due = Date.parse('2026-11-25T03:00:00.000Z');
    expect(nextDue(j, context(), due)?.what).toBe('closing survey');
    expect(nextDue(j, context(), due - 1)?.what).toBe('check-in day-2 (sms)');
    expect(nextDue(j, context(), Date.parse('2027-01-05T00:00:00.000Z'))).toBeNull();
  });
});
