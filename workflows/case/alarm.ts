import { condition, sleep } from '@temporalio/workflow';

/**
 * A case loop's alarm clock: one timer for the next due instant, kept (not cancelled) when the
 * loop wakes early for a reply, a decision or a child's report, and re-used while the due
 * instant stays the same.
 *
 * Why not `condition(wake, timeout)`: it cancels its timer on every early wake. That writes a
 * TimerCanceled and a new TimerStarted for each wake, and a timer that fires while the task
 * that cancels it is with the worker strands the run on the time-skipping test server
 * (temporalio/sdk-java#2606) — seen when a return visit's report and the journey's own 08:00
 * timer met at the end of quiet hours. A kept timer that is no longer needed just rings once
 * more and the loop finds nothing due.
 */
export class Alarm {
  private armed: { at: number; rang: boolean } | undefined;

  /**
   * Arms the alarm for `at` (epoch ms) unless it is already set for that instant. `summary` says
   * in the Web UI what the timer is for (metadata: replay does not compare it).
   */
  setFor(at: number, summary: string): void {
    if (this.armed && !this.armed.rang && this.armed.at === at) return;
    const armed = { at, rang: false };
    this.armed = armed;
    // If the run is cancelled the sleep rejects; the loop's own wait sees the cancellation.
    sleep(Math.max(1, at - Date.now()), { summary }).then(
      () => (armed.rang = true),
      () => undefined,
    );
  }

  /** Whether the alarm set last has rung. */
  rang(): boolean {
    return this.armed?.rang ?? false;
  }
}

/**
 * A case loop's sleep: until `wake()` (a reply, a decision, a child's report) or the next due
 * instant. With a kept alarm (runs since the alarm patch) the timer survives early wakes; older
 * runs keep their condition-with-timeout so their histories replay.
 */
export async function sleepUntilWokenOrDue(
  wake: () => boolean,
  next: { at: number; what: string } | undefined,
  alarm: Alarm | undefined,
): Promise<void> {
  const summary = next && `Next: ${next.what}`;
  if (next && alarm) {
    alarm.setFor(next.at, summary!);
    await condition(() => wake() || alarm.rang());
  } else if (next) await condition(wake, Math.max(1, next.at - Date.now()), { summary });
  else await condition(wake);
}
