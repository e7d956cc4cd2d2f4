import { ActivityFailure, patched } from '@temporalio/workflow';
import type { PlanAction } from '../../domain/complaint';
import { actionsToRun, allDone, notDoneWords, pendingOutcomes } from '../../domain/complaint-execution';
import { withSummary } from '../activity-proxy';
import { whyActivityFailed } from '../failures';
import { DAY } from '../parent';
import type { ComplaintContext } from './context';
import { ACTION_OUTCOMES } from './patches';

// Carrying out the accepted resolution plan through the adapters ([003] cases: free treatment
// booked in a real slot, refund requested, supplier told), one action at a time, each with its
// outcome on record.

export const ACTION_WORDS: Record<PlanAction['kind'], string> = {
  apology: 'Apology',
  refund: 'Refund',
  compensation: 'Compensation',
  'free-treatment': 'Free treatment',
  'plan-adjustment': 'Adjusted treatment plan',
  'fee-waiver': 'Fee waived',
  'supplier-notice': 'Supplier informed',
};

export type PlanExecution = ReturnType<typeof createPlanExecution>;

export function createPlanExecution(c: ComplaintContext) {
  const { id, s, request, clinic, input } = c;

  /**
   * Each action's record says pending, done or failed; an action whose adapter fails for good (or
   * past its retry budget) is recorded failed with a task for the owner, and the others still run.
   * The case moves to the follow-up only once every action is done; until then it stays
   * "executing" and shows which action failed and why. Run again (staff: retry-plan-actions), it
   * carries out only the actions not done yet, under the same idempotency keys.
   */
  async function execute(): Promise<void> {
    const plan = s.plan!;
    // Histories from before ACTION_OUTCOMES: every action from the start, the first failure stops.
    const recorded = patched(ACTION_OUTCOMES);
    if (!recorded) plan.executed = [];
    plan.executed ??= [];
    const outcomes = (plan.outcomes ??= pendingOutcomes(plan.actions, c.now().toISOString()));
    for (const i of recorded ? actionsToRun(outcomes) : plan.actions.keys()) {
      const action = plan.actions[i]!;
      const record = outcomes[i]!;
      let outcome: string;
      try {
        outcome = await carryOut(action, i);
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        const reason = whyActivityFailed(err);
        const at = c.now().toISOString();
        const failed = { id: record.id, kind: action.kind, status: 'failed' as const, at };
        outcomes[i] = { ...failed, reason, failures: record.failures + 1 };
        if (!recorded) {
          // Before ACTION_OUTCOMES the step stopped here and the case stayed "executing": the
          // records now say so (state only), and staff may retry what is not done.
          for (const j of outcomes.keys())
            if (j > i)
              outcomes[j] = {
                ...outcomes[j]!,
                status: 'failed',
                at,
                reason: 'not attempted: an earlier action failed',
              };
          throw err;
        }
        c.note('action-failed', `${action.kind} (${record.id}): ${reason}`);
        c.task(
          `action-failed-${s.reopenCount}-${i}-${record.failures + 1}`,
          s.owner,
          `Complaint ${request.complaintId}: the ${action.kind} (${record.id}, "${action.detail}") could not be ` +
            `carried out (${reason}). Do it by hand and record it (complete-plan-action ${record.id}), ` +
            'or retry it once the system works (retry-plan-actions)',
        );
        continue;
      }
      const at = c.now().toISOString();
      outcomes[i] = {
        id: record.id,
        kind: action.kind,
        status: 'done',
        at,
        outcome,
        failures: record.failures,
      };
      plan.executed.push({ kind: action.kind, outcome, at });
      c.note('action-executed', `${action.kind}: ${outcome}`);
    }
    finish();
  }

  /** Every action done: on to the satisfaction follow-up. Otherwise the case says what is not done. */
  function finish(): void {
    const outcomes = s.plan!.outcomes!;
    if (!allDone(outcomes)) {
      c.note('execution-incomplete', notDoneWords(outcomes));
      return;
    }
    s.followUpDueAt = new Date(Date.now() + input.sla.satisfactionFollowUpDays * DAY).toISOString();
    c.enterStage('follow-up');
  }

  /** One action of the plan through its adapter; what was done. Throws the adapter's ActivityFailure. */
  async function carryOut(action: PlanAction, i: number): Promise<string> {
    const round = s.reopenCount;
    const key = `${id}:r${round}:action-${i}`;
    switch (action.kind) {
      case 'refund':
      case 'compensation':
      case 'fee-waiver': {
        const { requestId } = await withSummary('requestBilling', `${ACTION_WORDS[action.kind]} request`, {
          caseId: id,
          customerRef: request.customer.ref,
          kind: action.kind,
          ...(action.amount !== undefined ? { amount: action.amount } : {}),
          detail: action.detail,
          idempotencyKey: key,
        });
        return `requested (${requestId})`;
      }
      case 'free-treatment': {
        const [slot] = await withSummary('findFreeSlots', 'Find a free slot for the free treatment', {
          clinicId: clinic.id,
          department: action.department!,
          from: new Date(Date.now() + DAY).toISOString(),
          count: 1,
        });
        if (!slot) {
          c.task(
            `book-${round}-${i}`,
            'front-desk',
            `Book the free treatment by phone: no free slot found (${action.detail})`,
          );
          return 'no free slot: front desk books by phone';
        }
        await withSummary('bookVisit', 'Book the free treatment', {
          caseId: id,
          visitId: `${request.complaintId}-free-treatment-${round}-${i}`,
          patientRef: request.customer.ref,
          slot,
          idempotencyKey: key,
        });
        return `booked ${slot.at} (${slot.department})`;
      }
      case 'supplier-notice':
        await withSummary('notifySupplier', 'Notify the product supplier', {
          caseId: id,
          supplierId: request.product!.supplierId,
          product: request.product!.name,
          batch: request.product!.batch,
          detail: action.detail,
          idempotencyKey: key,
        });
        return `notified ${request.product!.supplierId}`;
      case 'plan-adjustment':
        await withSummary('recordEhrCommunication', 'Record the adjusted plan in the EHR', {
          caseId: id,
          patientRef: request.customer.ref,
          channel: 'note',
          summary: `Treatment plan adjusted after complaint ${request.complaintId}: ${action.detail}`,
          idempotencyKey: key,
        });
        return 'recorded in the EHR';
      case 'apology':
        return 'given with the plan';
    }
  }

  return { execute, finish };
}
