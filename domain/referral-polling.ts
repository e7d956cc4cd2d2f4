// Following a referral's answer in the hospital's system: how often to look, and for how long.
// The transfer asks each hospital in turn with its own acceptance timeout; the answer is read
// every minute (every quarter of a short timeout), so an acceptance is seen within a minute and
// the next hospital is asked within a minute of a refusal.

/** The failure type of "not answered yet": retried, which is the polling. */
export const REFERRAL_NOT_ANSWERED = 'ReferralNotAnswered';

const MINUTE = 60_000;

export function referralPolling(acceptanceTimeoutMinutes: number): { intervalMs: number; attempts: number } {
  const timeoutMs = Math.max(1, acceptanceTimeoutMinutes) * MINUTE;
  const intervalMs = Math.min(MINUTE, Math.max(5_000, Math.floor(timeoutMs / 4)));
  // The first look at once, then one per interval until the timeout.
  return { intervalMs, attempts: Math.floor(timeoutMs / intervalMs) + 1 };
}
