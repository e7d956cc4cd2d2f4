// Token buckets by key, in this API process: each holds up to `capacity` tokens and refills at
// `perMinute`. The rate limit spends one per request; failed sign-ins spend one per failure.

interface Bucket {
  tokens: number;
  at: number;
}

// Full buckets are forgotten once there are this many, so many keys cannot grow memory for ever.
const PRUNE_ABOVE = 10_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly capacity: number,
    perMinute: number,
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** Tokens `key` holds at `t` (a new key is full). */
  left(key: string, t: number): number {
    const bucket = this.buckets.get(key);
    return bucket ? Math.min(this.capacity, bucket.tokens + (t - bucket.at) * this.perMs) : this.capacity;
  }

  /** Spends one token of `key` at `t` (it may go below one; `secondsUntilOne` then says how long). */
  spend(key: string, t: number): void {
    if (this.buckets.size > PRUNE_ABOVE) {
      for (const [k] of this.buckets) if (this.left(k, t) >= this.capacity) this.buckets.delete(k);
    }
    this.buckets.set(key, { tokens: this.left(key, t) - 1, at: t });
  }

  /** Whole seconds until `key` holds a token again; 0 when it holds one now. */
  secondsUntilOne(key: string, t: number): number {
    const left = this.left(key, t);
    // Whole milliseconds first: float noise must not add a second (90.0000001 s is 90 s).
    return left >= 1 ? 0 : Math.max(1, Math.ceil(Math.round((1 - left) / this.perMs) / 1000));
  }
}
