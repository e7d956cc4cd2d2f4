import { POLICY_OF, RETRY_POLICIES } from '../../workflows/activity-proxy';
import { durationMs, retryWaits, within, worstCaseMs } from '../../workflows/retry-budget';

describe('retry budgets', () => {
  test('durations in words', () => {
    expect(durationMs('30 seconds')).toBe(30_000);
    expect(durationMs('1 minute')).toBe(60_000);
    expect(durationMs('72 hours')).toBe(72 * 3_600_000);
    expect(() => durationMs('soon')).toThrow('not a duration: "soon"');
  });

  test('waits double from the initial interval up to the maximum', () => {
    expect(retryWaits({ startToClose: '1 second', initial: '2 seconds', max: '10 seconds' }, 6)).toEqual([
      2_000, 4_000, 8_000, 10_000, 10_000,
    ]);
  });

  test('as many attempts as fit in the budget when every attempt times out', () => {
    const backoff = { startToClose: '15 seconds', initial: '2 seconds', max: '10 seconds' };
    const page = within('45 seconds', backoff);
    // 15 s, wait 2 s, 15 s = 32 s; a third attempt (+4 s +15 s = 51 s) would not fit.
    expect(page.retry.maximumAttempts).toBe(2);
    expect(page.budgetMs).toBe(32_000);
    expect(worstCaseMs(backoff, 3)).toBe(51_000);
    expect(within('1 second', backoff).retry.maximumAttempts).toBe(1);
  });

  test('the attempts counted one by one are the most whose worst case fits the budget', () => {
    const backoff = { startToClose: '20 seconds', initial: '2 seconds', max: '1 minute', coefficient: 3 };
    for (const budget of ['20 seconds', '21 seconds', '42 seconds', '10 minutes', '24 hours']) {
      const { retry, budgetMs } = within(budget, backoff);
      const a = retry.maximumAttempts;
      expect([budget, budgetMs]).toEqual([budget, worstCaseMs(backoff, a)]);
      expect([budget, worstCaseMs(backoff, a) <= durationMs(budget)]).toEqual([budget, true]);
      expect([budget, worstCaseMs(backoff, a + 1) > durationMs(budget)]).toEqual([budget, true]);
    }
  });

  test('every policy is bounded: a finite number of attempts within its budget', () => {
    for (const [name, policy] of Object.entries(RETRY_POLICIES)) {
      expect([name, policy.retry.maximumAttempts >= 1]).toEqual([name, true]);
      expect([name, Number.isFinite(policy.budgetMs)]).toEqual([name, true]);
    }
  });

  test('the safety path fails over in seconds or minutes, never hours', () => {
    expect(RETRY_POLICIES.page.budgetMs).toBeLessThanOrEqual(60_000);
    expect(RETRY_POLICIES.roster.budgetMs).toBeLessThanOrEqual(60_000);
    expect(RETRY_POLICIES['patient-urgent'].budgetMs).toBeLessThanOrEqual(2 * 60_000);
    expect(RETRY_POLICIES.referral.budgetMs).toBeLessThanOrEqual(5 * 60_000);
    expect(RETRY_POLICIES['patient-sms'].budgetMs).toBeLessThanOrEqual(30 * 60_000);
  });

  test('every activity has a policy that exists', () => {
    for (const [activity, policy] of Object.entries(POLICY_OF))
      expect([activity, policy in RETRY_POLICIES]).toEqual([activity, true]);
  });
});
