// Failed authentication is throttled: every wrong secret costs the server a deliberate ~50 ms of
// scrypt, so unthrottled guessing is both a password attack and a cheap way to exhaust the CPU.
// Failures are counted per credential id and per client address, each in a bucket that refills
// over the window; an empty bucket answers 429 with Retry-After before any scrypt is paid.
// A caller whose token was verified before is not affected (it is served from the cache).

export interface FailureLimit {
  /** Wrong secrets for one credential id within the window. */
  perCredential: number;
  /** Failed attempts (any credential, or none that exists) from one address within the window. */
  perAddress: number;
  windowMinutes: number;
}

export const DEFAULT_FAILURE_LIMIT: FailureLimit = { perCredential: 10, perAddress: 30, windowMinutes: 15 };

interface Bucket {
  left: number;
  at: number;
}

const PRUNE_ABOVE = 10_000;

export class FailedSignIns {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: FailureLimit = DEFAULT_FAILURE_LIMIT,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the next attempt for this credential id from this address is heard; 0: now. */
  retryAfter(credentialId: string, address: string): number {
    const t = this.now();
    return Math.max(
      ...this.keys(credentialId, address).map(([key, capacity]) => {
        const left = this.left(key, capacity, t);
        return left >= 1 ? 0 : Math.max(1, Math.ceil((1 - left) / this.rate(capacity) / 1000));
      }),
    );
  }

  /** A wrong secret or an unknown credential id. */
  failed(credentialId: string, address: string): void {
    const t = this.now();
    if (this.buckets.size > PRUNE_ABOVE) this.prune(t);
    for (const [key, capacity] of this.keys(credentialId, address)) {
      this.buckets.set(key, { left: this.left(key, capacity, t) - 1, at: t });
    }
  }

  private keys(credentialId: string, address: string): [string, number][] {
    return [
      [`credential:${credentialId}`, this.limit.perCredential],
      [`address:${address}`, this.limit.perAddress],
    ];
  }

  private rate(capacity: number): number {
    return capacity / (this.limit.windowMinutes * 60_000);
  }

  private left(key: string, capacity: number, t: number): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return capacity;
    return Math.min(capacity, bucket.left + (t - bucket.at) * this.rate(capacity));
  }

  private prune(t: number): void {
    for (const [key] of this.buckets) {
      const capacity = key.startsWith('credential:') ? this.limit.perCredential : this.limit.perAddress;
      if (this.left(key, capacity, t) >= capacity) this.buckets.delete(key);
    }
  }
}
