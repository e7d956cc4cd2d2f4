import { condition, setHandler } from '@temporalio/workflow';
import type { Clinic, StaffRole } from '../domain/clinic';
import type { IncidentSummary } from '../domain/journey';
import type { Language } from '../domain/language';
import { acknowledgeSignal, recordQuery, resolveSignal } from './child-definitions';
import { incidentUpdateSignal } from './journey-definitions';
import { MINUTE, reportToJourney } from './parent';
import { withSummary } from './activity-proxy';

// On-call escalation with PagerDuty-like semantics: levels of the policy in force when the
// incident began, each resolved from the roster for the shift at the moment it is paged,
// called and texted, with its own acknowledgement timeout; the policy repeats; exhausted → the
// fallback role plus an instruction to the patient to call emergency services. Acknowledged but
// unresolved incidents are raised again after the policy's re-trigger time.

export type EscalationPolicy = Clinic['escalationPolicies'][number];

export interface EscalationInput {
  incidentId: string;
  journeyId: string;
  clinicId: string;
  clinicName: string;
  emergencyLine: string;
  /** The public emergency number from the clinic config; absent on incidents started before it. */
  emergencyNumber?: string;
  severity: 'urgent' | 'emergency';
  reasons: string[];
  policy: EscalationPolicy;
  patient: { phone: string; language: Language; optedOut: boolean };
}

export interface Page {
  at: string;
  trigger: number;
  round: number;
  level: number;
  role: StaffRole;
  staffId: string;
}

export interface EscalationRecord {
  incidentId: string;
  severity: 'urgent' | 'emergency';
  policyId: string;
  status: IncidentSummary['status'];
  startedAt: string;
  pages: Page[];
  acknowledgements: { staffId: string; via: string; at: string; latencySeconds: number }[];
  reTriggers: number;
  resolvedBy?: string;
  resolvedAt?: string;
  notes: string[];
}

/** Raising an acknowledged-but-unresolved incident stops after this many times (then exhausted). */
const MAX_RETRIGGERS = 12;

export async function onCallEscalation(input: EscalationInput): Promise<EscalationRecord> {
  const record: EscalationRecord = {
    incidentId: input.incidentId,
    severity: input.severity,
    policyId: input.policy.id,
    status: 'paging',
    startedAt: new Date().toISOString(),
    pages: [],
    acknowledgements: [],
    reTriggers: 0,
    notes: [],
  };
  let ack: { staffId: string; via: string } | undefined;
  let resolved = false;
  let triggeredAt = Date.now();

  setHandler(recordQuery, () => record);
  setHandler(acknowledgeSignal, ({ staffId, via }) => {
    if (ack || resolved) return;
    ack = { staffId, via };
    const latencySeconds = Math.round((Date.now() - triggeredAt) / 1000);
    record.acknowledgements.push({ staffId, via, at: new Date().toISOString(), latencySeconds });
    record.status = 'acknowledged';
  });
  setHandler(resolveSignal, ({ staffId }) => {
    resolved = true;
    record.status = 'resolved';
    record.resolvedBy = staffId;
    record.resolvedAt = new Date().toISOString();
  });

  const report = () => {
    const last = record.acknowledgements.at(-1);
    return reportToJourney(input.journeyId, incidentUpdateSignal, {
      incidentId: input.incidentId,
      severity: input.severity,
      status: record.status,
      startedAt: record.startedAt,
      ...(last ? { acknowledgedBy: last.staffId, ackLatencySeconds: last.latencySeconds } : {}),
    });
  };

  const text = `${input.clinicName}: ${input.severity.toUpperCase()} post-op patient, case ${input.journeyId}, incident ${input.incidentId}: ${input.reasons.join('; ')}.`;

  async function pageRole(role: StaffRole, where: Omit<Page, 'at' | 'role' | 'staffId'>): Promise<number> {
    const staff = await withSummary('resolveOnCall', `Who is on call as ${role}`, {
      clinicId: input.clinicId,
      role,
      at: new Date().toISOString(),
    });
    if (staff.length === 0) record.notes.push(`no ${role} on the roster at ${new Date().toISOString()}`);
    for (const person of staff) {
      await withSummary('pageStaff', `Page ${role} ${person.staffId} (call + SMS)`, {
        caseId: input.journeyId,
        incidentId: input.incidentId,
        staff: person,
        text,
        idempotencyKey: `${input.incidentId}:t${where.trigger}:r${where.round}:l${where.level}:${person.staffId}`,
      });
      record.pages.push({ at: new Date().toISOString(), role, staffId: person.staffId, ...where });
    }
    return staff.length;
  }

  for (let trigger = 0; ; trigger++) {
    triggeredAt = Date.now();
    ack = undefined;
    if (!resolved) record.status = 'paging';
    paging: for (let round = 0; round <= input.policy.repeat && !resolved; round++) {
      for (let level = 0; level < input.policy.levels.length; level++) {
        const { role, ackTimeoutMinutes } = input.policy.levels[level]!;
        const paged = await pageRole(role, { trigger, round, level });
        if (paged === 0) continue; // nobody to wait for: go straight to the next level
        if (await condition(() => ack !== undefined || resolved, ackTimeoutMinutes * MINUTE)) break paging;
      }
    }
    if (resolved) break;
    if (!ack) {
      // Every level, every round, nobody answered: last resort.
      await pageRole(input.policy.fallbackRole, { trigger, round: input.policy.repeat + 1, level: -1 });
      if (!input.patient.optedOut) {
        await withSummary('sendPatientSms', 'Tell the patient to call emergency services', {
          caseId: input.journeyId,
          to: input.patient.phone,
          idempotencyKey: `${input.incidentId}:t${trigger}:patient-emergency`,
          message: {
            template: 'emergency-instruction',
            language: input.patient.language,
            params: {
              clinicName: input.clinicName,
              emergencyLine: input.emergencyLine,
              // Without one the text keeps its old words (domain/messages.ts dial).
              emergencyNumber: input.emergencyNumber ?? '',
            },
          },
        });
      }
      record.status = 'exhausted';
      await report();
      return record;
    }
    await report();
    // Acknowledged: someone is on it. If it is not resolved in time, raise it again.
    if (await condition(() => resolved, input.policy.reTriggerAfterMinutes * MINUTE)) break;
    if (record.reTriggers >= MAX_RETRIGGERS) {
      record.status = 'exhausted';
      record.notes.push('acknowledged repeatedly but never resolved');
      await report();
      return record;
    }
    record.reTriggers += 1;
    record.notes.push(
      `re-triggered: acknowledged but unresolved after ${input.policy.reTriggerAfterMinutes} min`,
    );
    record.status = 'paging';
    await report();
  }
  await report();
  return record;
}
