import { contactKeyAttributes } from './contact-key';
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { ContactInput, ContactOutcome } from '../domain/contact';
import type { ContactWorkflow } from '../workflows/contact-definitions';
import { contactStateQuery } from '../workflows/contact-definitions';

export type { ContactOutcome };

/**
 * Starts the standalone contact workflow. Its id is the business key, so a redelivered webhook or
 * a retried call never starts a second one: `created` is false and nothing else happens.
 */
export async function startContact(
  client: Client,
  taskQueue: string,
  input: ContactInput,
  /** Tags the contact with its caller's ContactKey, so erasure finds it (none without a secret). */
  contactKeySecret?: string,
): Promise<{ created: boolean }> {
  try {
    await client.workflow.start<ContactWorkflow>('contact', {
      taskQueue,
      ...contactKeyAttributes(contactKeySecret, input.clinic.id, input.phone),
      workflowId: input.caseId,
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'FAIL',
      staticSummary: `Contact (${input.source}, ${input.channel}, ${input.assessment.urgency})`,
    });
    return { created: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { created: false };
    throw err;
  }
}

/** The outcome of a contact that already has its workflow, or undefined when it has none. */
export async function existingContact(
  client: Client,
  caseId: string,
  contactId: string,
): Promise<ContactOutcome | undefined> {
  try {
    const state = await client.workflow.getHandle(caseId).query(contactStateQuery);
    return { contactId, handledBy: 'contact', caseId, urgency: state.urgency };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}
