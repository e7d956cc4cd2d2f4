import { TokenBuckets } from './token-buckets';

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

export class FailedSignIns {
  private readonly byCredential: TokenBuckets;
  private readonly byAddress: TokenBuckets;

  constructor(
    limit: FailureLimit = DEFAULT_FAILURE_LIMIT,
    private readonly now: () => number = Date.now,
  ) {
    // A full bucket refills over the window.
    const perMinute = (capacity: number) => capacity / limit.windowMinutes;
    this.byCredential = new TokenBuckets(limit.perCredential, perMinute(limit.perCredential));
    this.byAddress = new TokenBuckets(limit.perAddress, perMinute(limit.perAddress));
  }

  /** Seconds until the next attempt for this credential id from this address is heard; 0: now. */
  retryAfter(credentialId: string, address: string): number {
    const t = this.now();
    return Math.max(
      this.byCredential.secondsUntilOne(credentialId, t),
      this.byAddress.secondsUntilOne(address, t),
    );
  }

  /** A wrong secret or an unknown credential id. */
  failed(credentialId: string, address: string): void {
    const t = this.now();
    this.byCredential.spend(credentialId, t);
    this.byAddress.spend(address, t);
  }
}
