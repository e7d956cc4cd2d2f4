import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { assessContact } from '../../domain/after-hours';
import { toContactInput } from '../../domain/contact';
import { createDevAdapters } from '../../adapters/dev';
import { contact } from '../../workflows/contact';
import { contactStateQuery } from '../../workflows/contact-definitions';
import { decisionUpdate } from '../../workflows/journey-definitions';
import { createWorker } from '../../worker/create-worker';
import { TEST_DATA_CONVERTER, workflowBundle } from '../helpers/environments';
import { clinic, clinics, tempOutboxFile } from '../helpers/fixtures';
import { historyToObject } from './history-file';

// An after-hours call ("the tape came off"): a polite SMS and a nurse callback when the clinic
// opens; the nurse records the callback done and the contact closes. Recorded for the replay tests.
export const CONTACT_SCENARIO = 'contact-callback';
export const CONTACT_SCENARIOS = [CONTACT_SCENARIO];

export async function runContactScenario(env: TestWorkflowEnvironment): Promise<Record<string, unknown>> {
  const text = 'The tape on my nose came off';
  const input = toContactInput(
    clinic,
    {
      contactId: 'CA-replay-1',
      channel: 'phone',
      source: 'after-hours',
      phone: '+819087654321',
      language: 'en',
      text,
    },
    assessContact({ text, language: 'en' }),
  );
  const taskQueue = 'record-contact';
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    adapters: createDevAdapters(tempOutboxFile(), clinics),
    dataConverter: TEST_DATA_CONVERTER,
    workflowBundle: await workflowBundle(),
  });
  return worker.runUntil(async () => {
    const handle = await env.client.workflow.start(contact, {
      taskQueue,
      workflowId: input.caseId,
      args: [input],
    });
    for (let i = 0; i < 400; i++) {
      const s = await handle.query(contactStateQuery);
      if (s.status === 'closed') break;
      // Since contact-callbacks-kept the contact waits for its callback to be recorded.
      const open = s.tasks.find((t) => t.status === 'open');
      if (open) {
        await handle.executeUpdate(decisionUpdate('complete-task'), {
          args: [{ taskId: open.taskId, staffId: 'nurse-day', note: 'Called back: new tape, fine' }],
        });
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    await handle.result();
    return { journey: historyToObject(await handle.fetchHistory()) };
  });
}
