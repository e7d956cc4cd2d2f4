import type { Client } from '@temporalio/client';
import type { Role } from '../../domain/access';
import { mayDo } from '../../domain/access';
import { OPAQUE_ID, parseContactCaseId } from '../../domain/case-ids';
import type { ContactState, ContactTask } from '../../workflows/contact-definitions';
import { contactStateQuery } from '../../workflows/contact-definitions';

// The callbacks of after-hours contacts (someone without a journey called or texted the 24-hour
// line): each open one with the number to call, completed by the contact's complete-task decision.

/** More running contacts than this in one clinic are not listed (one query each). */
export const AT_MOST_CONTACTS = 200;

export interface OpenContactTask {
  contactId: string;
  /** The clinic's own reference of the contact. */
  contactRef: string;
  taskId: string;
  kind: ContactTask['kind'];
  role: ContactTask['role'];
  dueAt: string;
  summary: string;
  callbackPhone: string;
  overdue: boolean;
  mayComplete: boolean;
}

/** The clinic's running contacts (listed by visibility on ids only), their states as they answer. */
export async function runningContacts(client: Client, clinicId: string): Promise<ContactState[]> {
  if (!OPAQUE_ID.test(clinicId)) return [];
  const query = `WorkflowType = 'contact' AND ClinicId = '${clinicId}' AND ExecutionStatus = 'Running'`;
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query })) {
    ids.push(wf.workflowId);
    if (ids.length >= AT_MOST_CONTACTS) break;
  }
  const states = await Promise.all(
    ids.map((id) =>
      client.workflow
        .getHandle(id)
        .query(contactStateQuery)
        .catch(() => undefined),
    ),
  );
  return states.filter((s): s is ContactState => s !== undefined && s.clinicId === clinicId);
}

/** Open callbacks of these contacts (a contact started before they were kept lists none). */
export function contactTasks(contacts: readonly ContactState[], role: Role, now: Date): OpenContactTask[] {
  const mayComplete = mayDo(role, 'contact:complete-task');
  return contacts.flatMap((c) =>
    c.tasks
      .filter((t) => t.status === 'open')
      .map((t) => ({
        contactId: c.caseId,
        contactRef: parseContactCaseId(c.caseId)?.contactId ?? '',
        taskId: t.taskId,
        kind: t.kind,
        role: t.role,
        dueAt: t.dueAt,
        summary: t.summary,
        callbackPhone: t.callbackPhone,
        overdue: Date.parse(t.dueAt) < now.getTime(),
        mayComplete,
      })),
  );
}
