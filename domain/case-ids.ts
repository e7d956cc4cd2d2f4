// Workflow IDs are business keys made only of opaque clinic-system ids, never personal data,
// so they can appear in the Web UI, logs and URLs. Starting the same key twice is a conflict.
export const OPAQUE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const OPAQUE = '[A-Za-z0-9][A-Za-z0-9_-]{0,63}';
/** What parseJourneyId accepts, as one pattern (for schemas). */
export const JOURNEY_ID = new RegExp(`^journey:${OPAQUE}:${OPAQUE}$`);
/** A complaint's id, "complaint:<clinicId>:<complaintId>", the two ids captured. */
export const COMPLAINT_ID = new RegExp(`^complaint:(${OPAQUE}):(${OPAQUE})$`);
/** An on-call incident of a journey or a standalone contact (what caseOfIncident accepts). */
export const INCIDENT_ID = new RegExp(`^(journey|contact):${OPAQUE}:${OPAQUE}:incident-[0-9]+$`);
export const OPAQUE_ID_RULE = '1-64 letters, digits, "-" or "_", starting with a letter or digit';

export function journeyId(clinicId: string, surgeryId: string): string {
  return `journey:${clinicId}:${surgeryId}`;
}

export function parseJourneyId(id: string): { clinicId: string; surgeryId: string } | undefined {
  const parts = id.split(':');
  if (parts.length !== 3 || parts[0] !== 'journey') return undefined;
  const [, clinicId, surgeryId] = parts as [string, string, string];
  if (!OPAQUE_ID.test(clinicId) || !OPAQUE_ID.test(surgeryId)) return undefined;
  return { clinicId, surgeryId };
}

/**
 * The clinic a workflow belongs to, from its id: every case and every child of one starts with
 * `journey:<clinicId>:`, `complaint:<clinicId>:` or `contact:<clinicId>:`. Undefined for any other id.
 */
export function clinicOfWorkflowId(workflowId: string): string | undefined {
  const match = /^(?:journey|complaint|contact):([^:]+):[^:]/.exec(workflowId);
  return match && OPAQUE_ID.test(match[1]!) ? match[1] : undefined;
}

/** The journey an on-call incident belongs to: incident ids are `<journeyId>:incident-<n>`. */
export function journeyOfIncident(incidentId: string): string | undefined {
  const match = /^(journey:[^:]+:[^:]+):incident-[0-9]+$/.exec(incidentId);
  return match && parseJourneyId(match[1]!) ? match[1] : undefined;
}

/**
 * A standalone contact on the after-hours line or an SMS from a number no case knows:
 * `contact:<clinicId>:<contactId>`, the contact id being the provider's message or call id or the
 * call centre's own id (opaque, never a phone number).
 */
export function contactCaseId(clinicId: string, contactId: string): string {
  return `contact:${clinicId}:${contactId}`;
}

export function parseContactCaseId(id: string): { clinicId: string; contactId: string } | undefined {
  const parts = id.split(':');
  if (parts.length !== 3 || parts[0] !== 'contact') return undefined;
  const [, clinicId, contactId] = parts as [string, string, string];
  if (!OPAQUE_ID.test(clinicId) || !OPAQUE_ID.test(contactId)) return undefined;
  return { clinicId, contactId };
}

/**
 * The case an on-call incident belongs to, a journey or a standalone contact: incident ids are
 * `<caseId>:incident-<n>`. Both answer the same acknowledge/resolve decisions.
 */
export function caseOfIncident(incidentId: string): { caseId: string; clinicId: string } | undefined {
  const match = /^((?:journey|contact):[^:]+:[^:]+):incident-[0-9]+$/.exec(incidentId);
  if (!match) return undefined;
  const caseId = match[1]!;
  const parsed = parseJourneyId(caseId) ?? parseContactCaseId(caseId);
  return parsed ? { caseId, clinicId: parsed.clinicId } : undefined;
}

/** "ACK <incidentId>" (any case): a staff member acknowledging a page by SMS. */
export function acknowledgedIncident(smsText: string): string | undefined {
  return /^\s*ack\s+(\S+)\s*$/i.exec(smsText)?.[1];
}

/**
 * A short, speakable reference for an on-call incident: four digits derived from the incident id
 * (FNV-1a), the same every time. Pages read it out instead of the long case id, and staff may
 * answer "ACK 4821". Two running incidents of a clinic may share one (1 in 10,000 per pair): the
 * acknowledgement then asks for the full incident id.
 */
export function incidentRef(incidentId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < incidentId.length; i++) {
    hash ^= incidentId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return String(hash % 10_000).padStart(4, '0');
}

export const INCIDENT_REF = /^[0-9]{4}$/;
