import { defineQuery } from '@temporalio/workflow';
import type { ContactUrgency } from '../domain/after-hours';
import type { StaffRole } from '../domain/clinic';
import type { ContactInput } from '../domain/contact';
import type { IncidentSummary } from '../domain/journey';

// The state of a standalone contact and its query: what the API may import (never the workflow
// module itself).

/** The contact workflow's signature, for starting it by name. */
export type ContactWorkflow = (input: ContactInput) => Promise<ContactState>;

export interface ContactTask {
  taskId: string;
  kind: 'contact-callback' | 'unmatched-sms' | 'director';
  role: StaffRole;
  dueAt: string;
  /** What to do and the caller's words (staff see them in the console). */
  summary: string;
  /** The number to call back (the contact has no patient record to look it up in). */
  callbackPhone: string;
  /** Done once staff record the callback (the contact's complete-task decision). */
  status: 'open' | 'done';
  closedBy?: string;
  outcome?: string;
}

export interface ContactState {
  caseId: string;
  clinicId: string;
  channel: ContactInput['channel'];
  source: ContactInput['source'];
  urgency: ContactUrgency;
  reasons: string[];
  /** Open until its incident is over and (since contact-callbacks-kept) its callbacks recorded. */
  status: 'open' | 'closed';
  /** The template of the answer sent (no text: it may carry what the patient said). */
  answer: string | null;
  tasks: ContactTask[];
  incident: IncidentSummary | null;
  timeline: { at: string; event: string; detail?: string }[];
}

export const contactStateQuery = defineQuery<ContactState>('contactState');
