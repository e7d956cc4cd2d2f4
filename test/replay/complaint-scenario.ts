import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createDevAdapters } from '../../adapters/dev';
import type { ComplaintDecision, ComplaintDecisionName } from '../../domain/complaint-decisions';
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
import { historyToObject } from './history-file';

// [003] case 2 (product allergy: refund, waived consultation fee, supplier told) run to its end,
// recorded for the replay tests.
export const COMPLAINT_SCENARIO = 'complaint-product-allergy';

export async function runComplaintScenario(env: TestWorkflowEnvironment): Promise<Record<string, unknown>> {
  const taskQueue = 'record-complaint';
  const request = startComplaintRequestSchema.parse({
    clinicId: clinic.id,
    complaintId: 'C-replay-1',
    channel: 'front-desk',
    category: 'product',
    severity: 'medium',
    customer: { ref: 'P-3001', phone: '+819077778888', language: 'zh-Hant', timeZone: 'Asia/Tokyo' },
    description: 'Allergic reaction after using the recommended cream; believes the product is faulty.',
    product: { name: 'Hydra Calm Cream', batch: 'HC-2611', supplierId: 'derma-supplies' },
  });
  const input = toComplaintInput(request, clinic);
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    adapters: createDevAdapters(tempOutboxFile(), clinics),
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
        if (ok(await handle.query(complaintStateQuery))) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('complaint scenario state never reached');
    };
    const decide = <N extends ComplaintDecisionName>(name: N, payload: ComplaintDecision<N>) =>
      handle.executeUpdate(complaintDecisionUpdate(name), { args: [payload] });
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
    await handle.signal(customerReplySignal, { providerMessageId: 'c1', text: '是' });
    await waitFor((s) => s.stage === 'follow-up');
    await decide('add-corrective-action', {
      staffId: 'manager',
      description: 'patch-test advice before recommending skincare',
      owner: 'beautician-1',
      dueDate: '2027-01-15',
    });
    await env.sleep(7 * 24 * 3_600_000 + 60_000);
    await handle.signal(customerReplySignal, { providerMessageId: 'c2', text: '是' });
    await waitFor((s) => s.satisfaction !== null);
    await decide('complete-corrective-action', { staffId: 'beautician-1', actionId: 'ca-1' });
    await waitFor((s) => s.stage === 'closed');
    await handle.result();
    return { journey: historyToObject(await handle.fetchHistory()) };
  });
}
