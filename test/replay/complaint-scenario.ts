import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import type { Adapters } from '../../adapters';
import { createDevAdapters } from '../../adapters/dev';
import type { ComplaintDecision, ComplaintDecisionName } from '../../domain/complaint-decisions';
import type { ComplaintInput } from '../../domain/complaint';
import { startComplaintRequestSchema, toComplaintInput } from '../../domain/complaint';
import type { ComplaintState } from '../../workflows/complaint-definitions';
import {
  complaintDecisionUpdate,
  complaintStateQuery,
  customerReplySignal,
} from '../../workflows/complaint-definitions';
import { complaint } from '../../workflows/complaint';
import { createWorker } from '../../worker/create-worker';
import { TEST_DATA_CONVERTER, workflowBundle } from '../helpers/environments';
import { clinic, clinics, tempOutboxFile } from '../helpers/fixtures';
import { quiet } from '../helpers/journey-harness';
import { historyToObject } from './history-file';

// [003] case 2 (product allergy: refund, waived consultation fee, supplier told) run to its end,
// recorded for the replay tests.
export const COMPLAINT_SCENARIO = 'complaint-product-allergy';
/**
 * The same case where billing refuses the refund once (recorded failed, a task, the others done;
 * a staff retry runs the refund alone) and the complaint continues as new several times (a small
 * history limit): every run is recorded.
 */
export const COMPLAINT_RETRY_SCENARIO = 'complaint-refund-retried-continued';
export const COMPLAINT_SCENARIOS = [COMPLAINT_SCENARIO, COMPLAINT_RETRY_SCENARIO];

export function runComplaintScenario(
  env: TestWorkflowEnvironment,
  name = COMPLAINT_SCENARIO,
): Promise<Record<string, unknown>> {
  if (name !== COMPLAINT_RETRY_SCENARIO)
    return runProductAllergy(env, 'C-replay-1', createDevAdapters(tempOutboxFile(), clinics));
  let refused = false;
  const dev = createDevAdapters(tempOutboxFile(), clinics);
  const adapters: Adapters = {
    ...dev,
    billing: {
      request: async (r) => {
        if (r.kind === 'refund' && !refused) {
          refused = true;
          throw ApplicationFailure.create({ message: 'refund refused', type: 'Refused', nonRetryable: true });
        }
        return dev.billing.request(r);
      },
    },
  };
  return runProductAllergy(env, 'C-replay-2', adapters, { historyLimit: 40 }, true);
}

async function runProductAllergy(
  env: TestWorkflowEnvironment,
  complaintId: string,
  adapters: Adapters,
  extra: Partial<ComplaintInput> = {},
  /** The refund is refused once: wait for the failure, then retry. */
  retry = false,
): Promise<Record<string, unknown>> {
  const taskQueue = `record-${complaintId}`;
  const request = startComplaintRequestSchema.parse({
    clinicId: clinic.id,
    complaintId,
    channel: 'front-desk',
    category: 'product',
    severity: 'medium',
    customer: { ref: 'P-3001', phone: '+819077778888', language: 'zh-Hant', timeZone: 'Asia/Tokyo' },
    description: 'Allergic reaction after using the recommended cream; believes the product is faulty.',
    product: { name: 'Hydra Calm Cream', batch: 'HC-2611', supplierId: 'derma-supplies' },
  });
  const input = { ...toComplaintInput(request, clinic), ...extra };
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    adapters,
    dataConverter: TEST_DATA_CONVERTER,
    workflowBundle: await workflowBundle(),
  });
  return worker.runUntil(async () => {
    const handle = await env.client.workflow.start(complaint, {
      taskQueue,
      workflowId: input.caseId,
      args: [input],
    });
    const waitFor = async (ok: (s: ComplaintState) => boolean) => {
      for (let i = 0; i < 400; i++) {
        await quiet(env.client, input.caseId); // see `quiet`: the case may continue as new
        if (ok(await handle.query(complaintStateQuery))) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('complaint scenario state never reached');
    };
    const decide = async <N extends ComplaintDecisionName>(name: N, payload: ComplaintDecision<N>) => {
      await quiet(env.client, input.caseId);
      return handle.executeUpdate(complaintDecisionUpdate(name), { args: [payload] });
    };
    const reply = async (providerMessageId: string, text: string) => {
      await quiet(env.client, input.caseId);
      await handle.signal(customerReplySignal, { providerMessageId, text });
    };
    await waitFor((s) => s.timeline.length > 0);
    await env.sleep(30 * 60_000);
    await decide('record-first-contact', {
      staffId: 'front-desk-1',
      note: 'product name, batch and dates recorded; photos requested',
    });
    for (const role of ['front-desk', 'beautician', 'doctor'] as const) {
      await decide('submit-assessment', {
        role,
        staffId: `${role}-1`,
        findings: `${role} findings`,
        rootCause: 'contact dermatitis',
      });
    }
    await decide('propose-plan', {
      staffId: 'dr-sato',
      summary: 'Refund the product, waive the consultation fee, tell the supplier',
      actions: [
        { kind: 'refund', detail: 'Hydra Calm Cream returned', amount: 6800 },
        { kind: 'fee-waiver', detail: 'consultation fee waived', amount: 3000 },
        { kind: 'supplier-notice', detail: 'contact dermatitis reported; other cases?' },
      ],
    });
    await decide('approve-plan', { staffId: 'manager' });
    await waitFor((s) => s.stage === 'awaiting-customer');
    await reply('c1', '是');
    if (retry) {
      await waitFor((s) => s.plan?.outcomes?.some((o) => o.status === 'failed') === true);
      await waitFor((s) => s.plan?.outcomes?.every((o) => o.status !== 'pending') === true);
      await decide('retry-plan-actions', { staffId: 'manager', note: 'billing fixed' });
    }
    await waitFor((s) => s.stage === 'follow-up');
    await decide('add-corrective-action', {
      staffId: 'manager',
      description: 'patch-test advice before recommending skincare',
      owner: 'beautician-1',
      dueDate: '2027-01-15',
    });
    await quiet(env.client, input.caseId);
    await env.sleep(7 * 24 * 3_600_000 + 60_000);
    await reply('c2', '是');
    await waitFor((s) => s.satisfaction !== null);
    await decide('complete-corrective-action', { staffId: 'beautician-1', actionId: 'ca-1' });
    await waitFor((s) => s.stage === 'closed');
    await handle.result();
    // Every run, the last one as the case's file and the earlier ones as `run-<n>`: the first holds
    // intake, the middle ones carried starts with the failure and the retry, each but the last a
    // continue-as-new.
    const runs = [];
    let runId: string | undefined = (await handle.describe()).runId;
    while (runId) {
      const history = await env.client.workflow.getHandle(input.caseId, runId).fetchHistory();
      runs.unshift(history);
      runId =
        history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    }
    return Object.fromEntries(
      runs.map((history, i) => [
        i === runs.length - 1 ? 'journey' : `run-${i + 1}`,
        historyToObject(history),
      ]),
    );
  });
}
