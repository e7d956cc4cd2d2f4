import { ApiError } from './errors';

// Journeys started as a bulk import (POST /journeys with bulkImport) go to Temporal at most
// `perSecond` a second from this API process, in the order they came; one over that waits its
// turn, up to `maxWaitMs`, else it is refused with 429 and Retry-After (nothing was started).
// Why: a burst of starts fills the server with creates, where task priority cannot help — the
// first red flags waited 1.0–2.0 s while 1,000 imports went out as fast as a client could send
// them (~120/s); the worker settles ~20–25 new journeys a second on 2 cores anyway, so starting
// faster only builds a backlog. Measured (issue 13, 40 red flags beside each import): pacing
// removes that burst but not the tail — paced at 20/s the red flag's p99 was 1.77 s (unpaced
// 1.78 / 1.95 s), at 10/s 1.27 s. Live journeys (no bulkImport) are never paced.

/** When each import start may go: the pure part, with the clock given. */
export class ImportSlots {
  /** The earliest time the next start may go. */
  private next = 0;

  constructor(
    readonly perSecond: number,
    readonly maxWaitMs: number,
  ) {}

  /** How long a start asked for at `now` waits for its turn (and takes it); undefined: too long. */
  take(now: number): number | undefined {
    const at = Math.max(now, this.next);
    if (at - now > this.maxWaitMs) return undefined;
    this.next = at + 1000 / this.perSecond;
    return at - now;
  }

  /** Whole seconds until a start asked for at `now` would be taken. */
  retryAfterSeconds(now: number): number {
    return Math.max(1, Math.ceil((this.next - now - this.maxWaitMs) / 1000));
  }
}

export class ImportPacing {
  private readonly slots: ImportSlots;

  constructor(
    perSecond: number,
    maxWaitMs = 10_000,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.slots = new ImportSlots(perSecond, maxWaitMs);
  }

  /** Waits for this import start's turn; 429 (with `retryAfter` seconds) when the queue is too long. */
  async turn(): Promise<void> {
    const now = this.now();
    const wait = this.slots.take(now);
    if (wait === undefined) {
      const seconds = this.slots.retryAfterSeconds(now);
      throw new ApiError(
        429,
        'import-paced',
        `bulk imports start at most ${this.slots.perSecond} journeys a second and ${Math.round(this.slots.maxWaitMs / 1000)} s of them are already waiting; retry after ${seconds} s (nothing was started)`,
      ).withRetryAfter(seconds);
    }
    if (wait > 0) await this.sleep(wait);
  }
}
