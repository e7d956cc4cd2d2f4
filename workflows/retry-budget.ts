import type { ActivityOptions } from '@temporalio/workflow';

// A retry policy bounded by a time budget, expressed as a number of attempts. (The time-skipping
// test server stalls on activities that carry a schedule-to-close timeout, so the bound is the
// attempt count, computed here from the budget, rather than a server-side deadline.)

export interface Backoff {
  /** Longest a single attempt may take. */
  startToClose: string;
  initial: string;
  max: string;
  /** Multiplier between retries (default 2). */
  coefficient?: number;
}

export type BoundedOptions = ActivityOptions & {
  startToCloseTimeout: number;
  retry: { maximumAttempts: number };
  /** The worst case from the first attempt to the final failure, in ms: every attempt timing out. */
  budgetMs: number;
};

const UNITS: Record<string, number> = { second: 1_000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** "30 seconds", "1 minute", "72 hours" → milliseconds. */
export function durationMs(text: string): number {
  const m = /^(\d+) (second|minute|hour|day)s?$/.exec(text);
  // A typo in this module's own budgets, found when the worker loads it: not a refusal.
  // eslint-disable-next-line no-restricted-syntax
  if (!m) throw new Error(`not a duration: "${text}"`);
  return Number(m[1]) * UNITS[m[2]!]!;
}

/** The waits between attempts: initial, doubled each time, capped at max. */
export function retryWaits(backoff: Backoff, attempts: number): number[] {
  const waits: number[] = [];
  let wait = durationMs(backoff.initial);
  for (let i = 1; i < attempts; i++) {
    waits.push(Math.min(wait, durationMs(backoff.max)));
    wait *= backoff.coefficient ?? 2;
  }
  return waits;
}

/** Worst case for `attempts` attempts: each runs to its timeout, with the waits between them. */
export function worstCaseMs(backoff: Backoff, attempts: number): number {
  const waits = retryWaits(backoff, attempts).reduce((a, b) => a + b, 0);
  return attempts * durationMs(backoff.startToClose) + waits;
}

/**
 * As many attempts as fit in `budget` in the worst case (at least one). Counted attempt by
 * attempt, each adding its wait and its timeout: every workflow evaluates this module's budgets
 * when it loads, and recounting from the first attempt each time cost ~3 ms a workflow (issue 13).
 */
export function within(budget: string, backoff: Backoff): BoundedOptions {
  const limit = durationMs(budget);
  const attemptMs = durationMs(backoff.startToClose);
  const maxWait = durationMs(backoff.max);
  let wait = durationMs(backoff.initial);
  let attempts = 1;
  let worst = attemptMs;
  for (;;) {
    const withOneMore = worst + Math.min(wait, maxWait) + attemptMs;
    if (withOneMore > limit) break;
    worst = withOneMore;
    attempts += 1;
    wait *= backoff.coefficient ?? 2;
  }
  return {
    startToCloseTimeout: attemptMs,
    retry: {
      initialInterval: durationMs(backoff.initial),
      backoffCoefficient: backoff.coefficient ?? 2,
      maximumInterval: maxWait,
      maximumAttempts: attempts,
    },
    budgetMs: worst,
  };
}
