// Workflow IDs are business keys made only of opaque clinic-system ids, never personal data,
// so they can appear in the Web UI, logs and URLs. Starting the same key twice is a conflict.
export const OPAQUE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
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

/** The journey an on-call incident belongs to: incident ids are `<journeyId>:incident-<n>`. */
export function journeyOfIncident(incidentId: string): string | undefined {
  const match = /^(journey:[^:]+:[^:]+):incident-[0-9]+$/.exec(incidentId);
  return match && parseJourneyId(match[1]!) ? match[1] : undefined;
}

/** "ACK <incidentId>" (any case): a staff member acknowledging a page by SMS. */
export function acknowledgedIncident(smsText: string): string | undefined {
  return /^\s*ack\s+(\S+)\s*$/i.exec(smsText)?.[1];
}
