import { ActivityFailure } from '@temporalio/workflow';
import { withSummary } from '../activity-proxy';
import { whyActivityFailed } from '../failures';
import type { ComplaintContext, Work } from './context';
import type { PlanExecution } from './execution';

// The complaint's queued side effects (the customer's SMS, staff tasks, carrying out the plan,
// the training case): how each is carried out, and what happens when a provider cannot do it.

export function createSideEffects(c: ComplaintContext, plan: PlanExecution) {
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

  /**
   * Runs the queued side effects in order. Customer SMS are never urgent here, so during quiet
   * hours they stay queued (in order) while staff tasks and the SLA clocks carry on.
   */
  async function runDueWork(): Promise<void> {
    const held: Work[] = [];
    while (work.length) {
      const item = work.shift()!;
      if (item.kind === 'sms' && (held.length > 0 || c.quietUntil() > Date.now())) held.push(item);
      else await runOrHandOver(item);
    }
    work.push(...held);
  }

  return { runDueWork };
}
