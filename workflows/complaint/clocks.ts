import { nextWake, tick } from '../../domain/sla-clock';
import { slaClockBreached } from '../care-metrics';
import type { ComplaintContext } from './context';

// The complaint's SLA clocks (domain/sla-clock.ts keeps time): what their ticking means for the
// case — a warning task for the owner, a breach on record, an escalation to management and then
// the director.

export function createClocks(c: ComplaintContext) {
  const { s, input, request, cal } = c;

  function tickClocks(): void {
    for (const clock of s.clocks) {
      const { clock: next, events } = tick(clock, c.now(), cal, input.sla.directorAfterMinutes);
      c.setClock(clock.id, () => next);
      for (const e of events) {
        if (e.kind === 'warn') {
          c.note('clock-warning', `${clock.id} at ${clock.warnAtPercent}%`);
          c.task(
            `warn-${clock.id}-${s.reopenCount}`,
            s.owner,
            `SLA "${clock.name}" is at ${clock.warnAtPercent}% of its time`,
          );
        } else if (e.kind === 'breach') {
          if (!s.breachedClocks.includes(clock.id)) s.breachedClocks.push(clock.id);
          c.note('clock-breached', clock.id);
          slaClockBreached(request.clinicId, clock.id, request.severity);
        } else if (e.kind === 'escalate') {
          const role = e.level === 1 ? 'management' : 'director';
          s.escalations.push({ clockId: clock.id, level: e.level ?? 1, at: c.now().toISOString() });
          c.note('clock-escalated', `${clock.id} to ${role}`);
          c.task(
            `escalate-${clock.id}-${e.level}-${s.reopenCount}`,
            role,
            `SLA "${clock.name}" breached on complaint ${request.complaintId}: take over`,
          );
        }
      }
    }
    c.syncSearchAttributes();
  }

  /** When the next clock needs looking at (a warning, a breach, an escalation). */
  function nextClockWake(): number | undefined {
    const wakes = s.clocks
      .map((clock) => nextWake(clock, c.now(), cal, input.sla.directorAfterMinutes))
      .filter((w): w is string => w !== null)
      .map((w) => Date.parse(w));
    return wakes.length ? Math.min(...wakes) : undefined;
  }

  return { tickClocks, nextClockWake };
}
