// Queued side effects (SMS, calls, staff tasks, record writes) run in lanes beside the case's
// loop, never in it: a provider that is down or slow holds back only its own lane, while replies
// are still read, triaged and escalated in the workflow task in which they arrive. Within a lane
// items run one at a time in queue order (a patient's messages arrive in the order written).

export interface WorkLaneOptions<W> {
  /** The case's queue of pending work (it stays there, and is carried over, until done). */
  queue: () => W[];
  remove: (item: W) => void;
  laneOf: (item: W) => string;
  /** Whether an item may run now (e.g. a routine SMS waits out the patient's quiet hours). */
  isDue: (item: W) => boolean;
  /** Which due item of a lane goes first (lower first; queue order among equals). */
  priority?: (item: W) => number;
  /** Runs one item; handles its own failures (a bug that throws fails the workflow task). */
  run: (item: W) => Promise<void>;
  /** Called when an item is done or a lane falls idle: the case's loop should look again. */
  settled: () => void;
}

export class WorkLanes<W> {
  private readonly busy = new Set<string>();

  constructor(private readonly options: WorkLaneOptions<W>) {}

  /** Starts every idle lane that has due work. Returns at once: the caller does not wait. */
  kick(): void {
    const { queue, laneOf, isDue } = this.options;
    for (const item of queue()) {
      const lane = laneOf(item);
      if (this.busy.has(lane) || !isDue(item)) continue;
      this.busy.add(lane);
      void this.drain(lane);
    }
  }

  /** No side effect is in flight. */
  get idle(): boolean {
    return this.busy.size === 0;
  }

  private async drain(lane: string): Promise<void> {
    const { queue, remove, laneOf, isDue, run, settled, priority = () => 0 } = this.options;
    try {
      for (;;) {
        const due = queue().filter((w) => laneOf(w) === lane && isDue(w));
        const item = due.reduce<W | undefined>(
          (a, w) => (a && priority(a) <= priority(w) ? a : w),
          undefined,
        );
        if (!item) return;
        await run(item);
        remove(item);
        settled();
      }
    } finally {
      this.busy.delete(lane);
      settled();
    }
  }
}
