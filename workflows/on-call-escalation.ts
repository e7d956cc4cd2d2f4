import { condition, isCancellation, setCurrentDetails, setHandler } from '@temporalio/workflow';
import { escalationDetails } from '../domain/current-details';
import { incidentRef } from '../domain/case-ids';
import type { Clinic, StaffRole } from '../domain/clinic';
import type { IncidentSummary } from '../domain/journey';
import type { Language } from '../domain/language';
import type { PageParams } from '../domain/page-messages';

type OnCallStaff = Awaited<ReturnType<Activities['resolveOnCall']>>[number];
import type { Activities } from '../activities';
import { acknowledgeSignal, pageCallUnansweredSignal, recordQuery, resolveSignal } from './child-definitions';
import { incidentUpdateSignal } from './journey-definitions';
import { MINUTE, reportingFailure, reportToJourney } from './parent';
import { readRosterLocally, runActivity, withSummary } from './activity-proxy';
import { changesUpTo } from './case/changes';
import { firstPagePlaced, pagePlaced, redFlagRaised } from './care-metrics';
import { whyActivityFailed } from './failures';

// On-call escalation with PagerDuty-like semantics: levels of the policy in force when the
// incident began, each resolved from the roster for the shift at the moment it is paged,
// called and texted, with its own acknowledgement timeout; the policy repeats; exhausted → the
// fallback role plus an instruction to the patient to call emergency services. Acknowledged but
// unresolved incidents are raised again after the policy's re-trigger time.
//
// No adapter ends an escalation: a page (a call or an SMS) that fails permanently or exhausts
// its retry budget is recorded and the escalation moves on as if nobody had answered it; a
// roster lookup that fails counts as nobody on the roster. Only a bug or an operator can stop
// the workflow, and then it reports `failed` to its case, which opens a task for a human.

/** patched() marker: a page is two activities (pageByCall, pageBySms) instead of pageStaff. */
export const SPLIT_PAGES = 'split-page-activities';
/**
 * patched() marker: when every page call of a level comes back unanswered (the provider's receipt:
 * busy, no answer, failed), the next level is paged at once instead of after the timeout.
 */
export const UNANSWERED_CALLS_MOVE_ON = 'unanswered-page-calls-move-on';
/**
 * patched() marker: the roster is read as a local activity, in the workflow task that needs it
 * (the first pages go out one server round trip sooner); before, as an activity.
 */
export const ROSTER_READ_LOCALLY = 'roster-read-locally';
/**
 * patched() marker: every change above at once. An escalation started since asks patched() this
 * once instead of once per change (each that applies is a marker and a search-attribute upsert in
 * the history: three in a new escalation's first task, on the urgent path; issue 13). One started
 * before asks each change as it did.
 */
export const ESCALATION_2026_12 = 'escalation-2026-12';

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
  /** The language of the pages (the clinic's staff language); English when absent. */
  staffLanguage?: Language;
}

export interface Page {
  at: string;
  trigger: number;
  round: number;
  level: number;
  role: StaffRole;
  staffId: string;
  /** The side effect that went out (absent on escalations started before pages were split). */
  channel?: 'call' | 'sms';
  /** The provider's id of a page call: its receipt says whether anyone answered. */
  callId?: string;
  /** The call's receipt said nobody answered it: busy, no-answer, failed. */
  unanswered?: string;
}

/** Something an adapter could not do: who, which channel, why (a category, never a message). */
export interface EscalationFailure {
  at: string;
  what: 'page' | 'roster' | 'patient';
  role?: StaffRole;
  staffId?: string;
  channel?: 'call' | 'sms' | 'call+sms';
  reason: string;
}

export interface Acknowledgement {
  staffId: string;
  via: string;
  at: string;
  /** Seconds since the incident started. */
  latencySeconds: number;
  /** Seconds since the page that was answered: this person's latest page (anyone's if they were not paged). */
  sincePageSeconds?: number;
  pageAt?: string;
}

export interface EscalationRecord {
  incidentId: string;
  /** The short reference pages read out and "ACK <ref>" answers. */
  ref?: string;
  severity: 'urgent' | 'emergency';
  policyId: string;
  status: IncidentSummary['status'];
  startedAt: string;
  pages: Page[];
  failures?: EscalationFailure[];
  acknowledgements: Acknowledgement[];
  reTriggers: number;
  resolvedBy?: string;
  resolvedAt?: string;
  patientTold?: IncidentSummary['patientTold'];
  notes: string[];
}

/** Raising an acknowledged-but-unresolved incident stops after this many times (then exhausted). */
const MAX_RETRIGGERS = 12;
const ACK_DIGIT = '1';

export async function onCallEscalation(input: EscalationInput): Promise<EscalationRecord> {
  const ref = incidentRef(input.incidentId);
  const record: EscalationRecord = {
    incidentId: input.incidentId,
    ref,
    severity: input.severity,
    policyId: input.policy.id,
    status: 'paging',
    startedAt: new Date().toISOString(),
    pages: [],
    failures: [],
    acknowledgements: [],
    reTriggers: 0,
    notes: [],
  };
  const report = () => {
    setCurrentDetails(escalationDetails(record));
    const last = record.acknowledgements.at(-1);
    const failedPages = record.failures!.filter((f) => f.what === 'page').length;
    return reportToJourney(input.journeyId, incidentUpdateSignal, {
      incidentId: input.incidentId,
      severity: input.severity,
      status: record.status,
      startedAt: record.startedAt,
      ref,
      ...(last
        ? {
            acknowledgedBy: last.staffId,
            ackLatencySeconds: last.latencySeconds,
            ...(last.sincePageSeconds !== undefined ? { ackSincePageSeconds: last.sincePageSeconds } : {}),
          }
        : {}),
      ...(failedPages ? { failedPages } : {}),
      ...(record.patientTold ? { patientTold: record.patientTold } : {}),
    });
  };
  return reportingFailure(
    () => escalate(input, record, report),
    async (status, why) => {
      // A bug or an operator stopped the escalation: its case must not go on showing it as live.
      record.status = status;
      record.notes.push(`escalation stopped: ${why}`);
      await reportToJourney(input.journeyId, incidentUpdateSignal, {
        incidentId: input.incidentId,
        severity: input.severity,
        status,
        startedAt: record.startedAt,
        ref,
        failure: why,
      });
    },
  );
}

async function escalate(
  input: EscalationInput,
  record: EscalationRecord,
  report: () => Promise<void>,
): Promise<EscalationRecord> {
  const has = changesUpTo(ESCALATION_2026_12);
  // Escalations started before the split replay their pageStaff activities unchanged.
  const split = has(SPLIT_PAGES);
  const failures = record.failures!;
  let ack: { staffId: string; via: string } | undefined;
  let resolved = false;
  const now = () => new Date().toISOString();
  const failed = (f: Omit<EscalationFailure, 'at'>) => failures.push({ at: now(), ...f });
  // Metrics only (no command): the escalation starts in the task that read the red flag.
  redFlagRaised(input.clinicId, input.severity);
  const pageWentOut = (channel: string) => {
    if (record.pages.length === 0)
      firstPagePlaced(input.clinicId, input.severity, (Date.now() - Date.parse(record.startedAt)) / 1000);
    pagePlaced(input.clinicId, channel);
  };

  setHandler(recordQuery, () => record);
  setHandler(acknowledgeSignal, ({ staffId, via }) => {
    if (ack || resolved) return;
    ack = { staffId, via };
    const at = Date.now();
    // The page answered: this person's latest page, or (acknowledged by someone not paged) the latest page.
    const page = [...record.pages].reverse().find((p) => p.staffId === staffId) ?? record.pages.at(-1);
    record.acknowledgements.push({
      staffId,
      via,
      at: new Date(at).toISOString(),
      latencySeconds: Math.round((at - Date.parse(record.startedAt)) / 1000),
      ...(page ? { sincePageSeconds: Math.round((at - Date.parse(page.at)) / 1000), pageAt: page.at } : {}),
    });
    record.status = 'acknowledged';
  });
  // Receipts of page calls nobody answered, by call id (a receipt may come before the page's
  // activity has reported its call id). A redelivered receipt changes nothing.
  const unanswered = new Map<string, string>();
  setHandler(pageCallUnansweredSignal, ({ callSid, status }) => {
    if (unanswered.has(callSid)) return;
    unanswered.set(callSid, status);
    const page = record.pages.find((p) => p.callId === callSid);
    if (page) page.unanswered = status;
  });
  /** Every page call of this level went out and came back unanswered (and there was one). */
  const levelUnanswered = (where: Where): boolean => {
    const calls = record.pages.filter(
      (p) =>
        p.channel === 'call' &&
        p.trigger === where.trigger &&
        p.round === where.round &&
        p.level === where.level,
    );
    if (calls.length === 0) return false;
    for (const p of calls) if (p.callId && unanswered.has(p.callId)) p.unanswered = unanswered.get(p.callId);
    return calls.every((p) => p.unanswered !== undefined);
  };
  setHandler(resolveSignal, ({ staffId }) => {
    resolved = true;
    record.status = 'resolved';
    record.resolvedBy = staffId;
    record.resolvedAt = now();
  });

  const legacyText = `${input.clinicName}: ${input.severity.toUpperCase()} post-op patient, case ${input.journeyId}, incident ${input.incidentId}: ${input.reasons.join('; ')}.`;
  const params: PageParams = {
    clinicName: input.clinicName,
    severity: input.severity,
    ref: record.ref!,
    reasons: input.reasons,
    acknowledgeDigit: ACK_DIGIT,
  };
  type Where = Omit<Page, 'at' | 'role' | 'staffId' | 'channel'>;

  /** Call and text one person, each side effect on its own; whether at least one went out. */
  async function pagePerson(person: OnCallStaff, role: StaffRole, where: Where): Promise<boolean> {
    const key = `${input.incidentId}:t${where.trigger}:r${where.round}:l${where.level}:${person.staffId}`;
    if (!split) {
      try {
        await withSummary('pageStaff', `Page ${role} ${person.staffId} (call + SMS)`, {
          caseId: input.journeyId,
          incidentId: input.incidentId,
          staff: person,
          text: legacyText,
          idempotencyKey: key,
        });
        pageWentOut('call+sms');
        record.pages.push({ at: now(), role, staffId: person.staffId, ...where });
        return true;
      } catch (err) {
        if (isCancellation(err)) throw err;
        failed({
          what: 'page',
          role,
          staffId: person.staffId,
          channel: 'call+sms',
          reason: whyActivityFailed(err),
        });
        return false;
      }
    }
    const sent = await Promise.all(
      (['call', 'sms'] as const).map(async (channel) => {
        try {
          const sent = await withSummary(
            channel === 'call' ? 'pageByCall' : 'pageBySms',
            `Page ${role} ${person.staffId} by ${channel}`,
            {
              caseId: input.journeyId,
              incidentId: input.incidentId,
              staff: person,
              language: input.staffLanguage ?? 'en',
              params,
              idempotencyKey: `${key}:${channel}`,
            },
          );
          pageWentOut(channel);
          const callId = 'callId' in sent ? sent.callId : undefined;
          record.pages.push({
            at: now(),
            role,
            staffId: person.staffId,
            channel,
            ...where,
            ...(callId ? { callId } : {}),
          });
          return true;
        } catch (err) {
          if (isCancellation(err)) throw err;
          failed({ what: 'page', role, staffId: person.staffId, channel, reason: whyActivityFailed(err) });
          return false;
        }
      }),
    );
    return sent.some(Boolean);
  }

  /** Page everyone on call for `role`; how many of them at least one page reached. */
  async function pageRole(role: StaffRole, where: Where): Promise<number> {
    let staff: OnCallStaff[];
    try {
      const lookup = { clinicId: input.clinicId, role, at: now() };
      const summary = `Who is on call as ${role}`;
      staff = has(ROSTER_READ_LOCALLY)
        ? await readRosterLocally(summary, lookup)
        : await withSummary('resolveOnCall', summary, lookup);
    } catch (err) {
      if (isCancellation(err)) throw err;
      // A roster that cannot be read is treated as an empty one: the next level is tried at once.
      failed({ what: 'roster', role, reason: whyActivityFailed(err) });
      record.notes.push(`roster lookup for ${role} failed at ${now()}: treated as nobody on call`);
      return 0;
    }
    if (staff.length === 0) record.notes.push(`no ${role} on the roster at ${now()}`);
    if (!split) {
      let reached = 0;
      for (const person of staff) if (await pagePerson(person, role, where)) reached++;
      return reached;
    }
    // Everyone on call for the role at once: one unreachable person never delays the others.
    const reached = await Promise.all(staff.map((person) => pagePerson(person, role, where)));
    const count = reached.filter(Boolean).length;
    if (staff.length > 0 && count === 0) record.notes.push(`no ${role} could be paged at ${now()}`);
    return count;
  }

  /** The last resort's words to the patient: SMS (urgent policy), else a call. */
  async function tellPatient(trigger: number): Promise<IncidentSummary['patientTold']> {
    const message = {
      template: 'emergency-instruction' as const,
      language: input.patient.language,
      params: {
        clinicName: input.clinicName,
        emergencyLine: input.emergencyLine,
        // Without one the text keeps its old words (domain/messages.ts dial).
        emergencyNumber: input.emergencyNumber ?? '',
      },
    };
    if (!input.patient.optedOut) {
      try {
        await runActivity(
          split ? 'patient-urgent' : 'patient-sms',
          'sendPatientSms',
          'Tell the patient to call emergency services',
          {
            caseId: input.journeyId,
            to: input.patient.phone,
            idempotencyKey: `${input.incidentId}:t${trigger}:patient-emergency`,
            message,
          },
        );
        return 'sms';
      } catch (err) {
        if (isCancellation(err) || !split) throw err;
        failed({ what: 'patient', channel: 'sms', reason: whyActivityFailed(err) });
      }
    } else if (!split) {
      return undefined; // escalations from before the split did not call an opted-out patient
    }
    try {
      await withSummary('callPatient', 'Call the patient: call emergency services', {
        caseId: input.journeyId,
        to: input.patient.phone,
        idempotencyKey: `${input.incidentId}:t${trigger}:patient-emergency:call`,
        message,
      });
      return 'call';
    } catch (err) {
      if (isCancellation(err)) throw err;
      failed({ what: 'patient', channel: 'call', reason: whyActivityFailed(err) });
      return 'not-reached';
    }
  }

  for (let trigger = 0; ; trigger++) {
    ack = undefined;
    if (!resolved) record.status = 'paging';
    paging: for (let round = 0; round <= input.policy.repeat && !resolved; round++) {
      for (let level = 0; level < input.policy.levels.length; level++) {
        const { role, ackTimeoutMinutes } = input.policy.levels[level]!;
        const where = { trigger, round, level };
        const paged = await pageRole(role, where);
        // Nobody to wait for (none on call, or no page got through): straight to the next level.
        if (paged === 0 && (!split || (ack === undefined && !resolved))) continue;
        const movesOn = has(UNANSWERED_CALLS_MOVE_ON);
        const nobodyAnswered = () => movesOn && levelUnanswered(where);
        const waitForAck = {
          summary: `Wait for ${role} to acknowledge (level ${level + 1}, round ${round + 1}, ${ackTimeoutMinutes} min)`,
        };
        setCurrentDetails(escalationDetails(record, waitForAck.summary));
        if (
          await condition(
            () => ack !== undefined || resolved || nobodyAnswered(),
            ackTimeoutMinutes * MINUTE,
            waitForAck,
          )
        ) {
          if (ack !== undefined || resolved) break paging;
          record.notes.push(
            `level ${level + 1} (${role}): every page call came back unanswered at ${now()}; next level at once`,
          );
        }
      }
    }
    if (resolved) break;
    if (!ack) {
      // Every level, every round, nobody answered: last resort.
      await pageRole(input.policy.fallbackRole, { trigger, round: input.policy.repeat + 1, level: -1 });
      record.patientTold = await tellPatient(trigger);
      if (record.patientTold === 'not-reached')
        record.notes.push('the patient could not be told to call emergency services (SMS and call failed)');
      record.status = 'exhausted';
      await report();
      return record;
    }
    await report();
    // Acknowledged: someone is on it. If it is not resolved in time, raise it again.
    const waitForResolution = {
      summary: `Acknowledged: raise again unless resolved in ${input.policy.reTriggerAfterMinutes} min`,
    };
    setCurrentDetails(escalationDetails(record, waitForResolution.summary));
    if (await condition(() => resolved, input.policy.reTriggerAfterMinutes * MINUTE, waitForResolution))
      break;
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
