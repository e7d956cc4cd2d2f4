import { ActivityFailure } from '@temporalio/workflow';
import { withSummary } from '../activity-proxy';
import { WorkLanes } from '../case/work-lanes';
import { whyActivityFailed } from '../failures';
import type { ComplaintContext, Work } from './context';
import type { PlanExecution } from './execution';

// The complaint's queued side effects (the customer's SMS, staff tasks, carrying out the plan,
// the training case): how each is carried out, and what happens when a provider cannot do it.
// They run in lanes beside the loop (workflows/case/work-lanes.ts), so a provider that is slow
// or down never holds back the SLA clocks, their escalations or the customer's messages
// (complaints started before COMPLAINT_WORK_IN_LANES: in the loop, in order).

export type SideEffects = ReturnType<typeof createSideEffects>;

export function createSideEffects(c: ComplaintContext, plan: PlanExecution, inLanes: boolean) {
  const { id, s, request, work } = c;

  async function perform(item: Work): Promise<void> {
    switch (item.kind) {
      case 'sms': {
        await withSummary('sendPatientSms', item.summary, {
          caseId: id,
          to: request.customer.phone!,
          idempotencyKey: `${id}:${item.key}`,
          message: item.message,
        });
        c.note('sms-sent', item.summary);
        return;
      }
      case 'task':
        await withSummary('createStaffTask', `Task for ${item.role}`, {
          caseId: id,
          taskId: item.key,
          role: item.role as never,
          kind: 'complaint',
          dueAt: c.now().toISOString(),
          summary: item.summary,
          idempotencyKey: `${id}:${item.key}`,
        });
        c.note('task-opened', `${item.role}: ${item.summary}`);
        return;
      case 'execute':
        await plan.execute();
        return;
      case 'training-case':
        await withSummary('recordTrainingCase', 'Add the closed case to the training library', {
          caseId: id,
          category: request.category,
          summary:
            `${request.category} (${request.severity}), ${s.reopenCount} reopen(s). ` +
            `Root causes: ${s.assessments.map((a) => `${a.role}: ${a.rootCause ?? a.findings}`).join(' | ')}. ` +
            `Resolution: ${s.plan?.actions.map((a) => `${a.kind} (${a.detail})`).join('; ') ?? 'none'}. ` +
            `Corrective actions: ${s.correctiveActions.map((a) => a.description).join('; ') || 'none'}.`,
          idempotencyKey: `${id}:training:${s.reopenCount}`,
        });
        return;
    }
  }

  /**
   * A side effect whose provider fails past its retry budget never fails the case: it goes on the
   * timeline and, for the customer's SMS, the owner is asked to phone instead. A task that cannot
   * be created stays on the timeline, where the API and the console show it.
   */
  async function runOrHandOver(item: Work): Promise<void> {
    try {
      await perform(item);
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      const why = whyActivityFailed(err);
      c.note('side-effect-failed', `${item.kind}: ${why}`);
      if (item.kind === 'sms')
        c.task(
          `sms-failed-${item.key}`,
          s.owner,
          `The customer did not get "${item.summary}" (${why}): phone them`,
        );
    }
  }

  /** Customer SMS are never urgent here: during quiet hours they wait, in order. */
  const isDue = (item: Work) => item.kind !== 'sms' || c.quietUntil() <= Date.now();

  const lane = new WorkLanes<Work>({
    queue: () => work,
    remove: (item) => {
      const i = work.indexOf(item);
      if (i >= 0) work.splice(i, 1);
    },
    // The customer's SMS, staff tasks and the back office each in their own lane: a provider
    // that is down holds back only its own kind of work.
    laneOf: (item) => (item.kind === 'sms' ? 'customer' : item.kind === 'task' ? 'staff' : 'back-office'),
    isDue,
    run: runOrHandOver,
    settled: () => {
      c.dirty = true;
    },
  });

  /** Starts what is due beside the loop (before COMPLAINT_WORK_IN_LANES: runs it in the loop). */
  async function runDueWork(): Promise<void> {
    if (inLanes) lane.kick();
    else await runInLoop();
  }

  /**
   * Before COMPLAINT_WORK_IN_LANES: runs the queued side effects in order, in the loop; customer
   * SMS held in quiet hours while staff tasks and the SLA clocks carry on.
   */
  async function runInLoop(): Promise<void> {
    const held: Work[] = [];
    while (work.length) {
      const item = work.shift()!;
      if (item.kind === 'sms' && (held.length > 0 || c.quietUntil() > Date.now())) held.push(item);
      else await runOrHandOver(item);
    }
    work.push(...held);
  }

  /** When the loop must look again for work held back (quiet hours); undefined if none is. */
  function heldUntil(): number | undefined {
    if (!inLanes) return work.length ? c.quietUntil() : undefined;
    // In flight work wakes the loop when done; only what waits for its time needs a timer.
    return work.some((item) => !isDue(item)) ? c.quietUntil() : undefined;
  }

  return { runDueWork, heldUntil };
}
