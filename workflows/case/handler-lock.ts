/**
 * Runs a case's async message handlers one at a time. A staff decision that awaits (starting a
 * child, signalling one) must not interleave with another decision that read the same state
 * before the first one changed it. Uncontended, the handler starts in the same tick as before,
 * so the commands a run issues (and its recorded histories) are unchanged.
 */
export class HandlerLock {
  private tail: Promise<void> | undefined;

  /** Whether a handler is running (a new one would wait for it). */
  get busy(): boolean {
    return this.tail !== undefined;
  }

  /**
   * Runs `fn` after every earlier run has settled; at once when none is running, answering with
   * `fn`'s own promise (no extra tick between the handler and its caller).
   */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    const result = previous ? previous.then(fn) : fn();
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tail = tail;
    void tail.then(() => {
      if (this.tail === tail) this.tail = undefined;
    });
    return result;
  }
}
