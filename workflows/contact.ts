import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  ChildWorkflowFailure,
  condition,
  ParentClosePolicy,
  patched,
  setHandler,
  startChild,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { ChildWorkflowHandle } from '@temporalio/workflow';
import { callbackDueAt, escalationPolicyFor } from '../domain/after-hours';
import { calendarOf } from '../domain/calendar';
import { CALLBACK_SOON_MINUTES } from '../domain/triage';
import type { StaffRole } from '../domain/clinic';
import { emergencyNumberOf } from '../domain/emergency-numbers';
import type { ContactInput } from '../domain/contact';
import type { ContactMessage } from '../domain/contact-messages';
import type * as Decisions from '../domain/decisions';
import type { IncidentSummary } from '../domain/journey';
import type { PatientMessage } from '../domain/messages';
import { CaseKind, ClinicId } from '../temporal/search-attributes';
import { runActivity, URGENT, withSummary } from './activity-proxy';
import { acknowledgeSignal, resolveSignal } from './child-definitions';
import type { ContactState, ContactTask } from './contact-definitions';
import { contactStateQuery } from './contact-definitions';
import { decisionUpdate, incidentUpdateSignal } from './journey-definitions';
import { refuse } from './refusal';
import { whyActivityFailed, whyChildFailed } from './failures';
import type { onCallEscalation } from './on-call-escalation';
import { DAY, MINUTE } from './parent';

// A standalone contact (DESIGN §3.2): a call or message on the 24-hour line from someone without
// an active journey, or an SMS from a number no running case knows. Non-urgent: a polite answer
// by SMS and a callback task for when the clinic opens. Urgent: the patient is told at once
// (emergency: call emergency services now), the on-call escalation starts as a child with the
// clinic's policy, and the paged role gets a callback task with the number. The contact stays
// open until the incident is resolved or exhausted, answering the same acknowledge/resolve
// decisions as a journey, so keypad, SMS and API acknowledgements work for it too.

/** How much of the patient's words a task shows. */
const TASK_TEXT_LIMIT = 200;
/** Since this patch a contact stays open until staff record its callbacks. */
const CALLBACKS_KEPT = 'contact-callbacks-kept';
/** How long a contact waits for its callbacks to be recorded before it closes saying so. */
export const CALLBACK_RECORD_DAYS = 14;

export async function contact(input: ContactInput): Promise<ContactState> {
  const id = input.caseId;
  const { clinic, assessment } = input;
  const s: ContactState = {
    caseId: id,
    clinicId: clinic.id,
    channel: input.channel,
    source: input.source,
    urgency: assessment.urgency,
    reasons: assessment.reasons,
    status: 'open',
    answer: null,
    tasks: [],
    incident: null,
    timeline: [],
  };
  const now = () => new Date();
  const note = (event: string, detail?: string) =>
    s.timeline.push({ at: now().toISOString(), event, ...(detail ? { detail } : {}) });
  const words = `"${input.text.slice(0, TASK_TEXT_LIMIT)}"`;

  setHandler(contactStateQuery, () => s);
  // The escalation child reports to the case that started it, as it does to a journey.
  setHandler(incidentUpdateSignal, (update) => {
    s.incident = update;
    note(`escalation-${update.status}`, update.acknowledgedBy ?? update.incidentId);
  });
  const incidentWaiting = (incidentId: string, ...statuses: IncidentSummary['status'][]) => {
    if (s.incident?.incidentId !== incidentId) refuse(`no incident "${incidentId}" on this contact`);
    if (!statuses.includes(s.incident.status))
      refuse(`incident "${incidentId}" is not waiting for this (${s.incident.status})`);
  };
  let child: ChildWorkflowHandle<typeof onCallEscalation> | undefined;
  const incidentChild = (incidentId: string) => {
    if (!child || child.workflowId !== incidentId) refuse(`no incident "${incidentId}"`);
    return child;
  };
  // Validators are synchronous and throw to reject: a rejected decision never enters history.
  const checked = (name: 'acknowledge-escalation' | 'resolve-escalation' | 'complete-task', d: unknown) => {
    const parsed = decisionSchemas().DECISIONS[name].safeParse(d);
    if (!parsed.success)
      refuse(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  };
  setHandler(
    decisionUpdate('acknowledge-escalation'),
    async (d) => {
      await incidentChild(d.incidentId).signal(acknowledgeSignal, {
        staffId: d.staffId,
        via: d.via ?? 'api',
      });
      note('escalation-ack-sent', `${d.incidentId} by ${d.staffId}`);
      return { accepted: true as const };
    },
    {
      validator: (d) => {
        checked('acknowledge-escalation', d);
        incidentWaiting(d.incidentId, 'paging');
      },
    },
  );
  setHandler(
    decisionUpdate('resolve-escalation'),
    async (d) => {
      await incidentChild(d.incidentId).signal(resolveSignal, {
        staffId: d.staffId,
        ...(d.note ? { note: d.note } : {}),
      });
      note('escalation-resolved', `${d.incidentId} by ${d.staffId}`);
      return { accepted: true as const };
    },
    {
      validator: (d) => {
        checked('resolve-escalation', d);
        incidentWaiting(d.incidentId, 'paging', 'acknowledged');
      },
    },
  );

  // A callback recorded by staff (the console's task list): the contact closes once none is open.
  setHandler(
    decisionUpdate('complete-task'),
    (d) => {
      Object.assign(
        s.tasks.find((t) => t.taskId === d.taskId)!,
        {
          status: 'done',
          closedBy: d.staffId,
          ...(d.note ? { outcome: d.note } : {}),
        },
      );
      note('task-done', `${d.taskId} by ${d.staffId}`);
      return { accepted: true as const };
    },
    {
      validator: (d) => {
        checked('complete-task', d);
        const t = s.tasks.find((x) => x.taskId === d.taskId);
        if (!t) refuse(`no task "${d.taskId}" on this contact`);
        if (t.status === 'done') refuse(`task "${d.taskId}" is already done`);
      },
    },
  );

  async function tell(
    key: string,
    message: PatientMessage | ContactMessage,
    summary: string,
    urgent = false,
  ): Promise<void> {
    try {
      // Urgent words go under the urgent policy (2 min): the pages below never wait longer.
      await runActivity(urgent ? 'patient-urgent' : 'patient-sms', 'sendPatientSms', summary, {
        caseId: id,
        to: input.phone,
        idempotencyKey: `${id}:${key}`,
        message,
      });
      s.answer = message.template;
      note('sms-sent', summary);
    } catch (err) {
      // An invalid or opted-out number: staff call instead (every task below carries the number).
      if (
        err instanceof ActivityFailure &&
        err.cause instanceof ApplicationFailure &&
        err.cause.nonRetryable
      ) {
        note('sms-undeliverable', err.cause.message);
        return;
      }
      // Its retry budget ran out: the callback tasks below carry the number; a contact never fails on it.
      if (err instanceof ActivityFailure) {
        note('sms-failed', `${summary}: ${whyActivityFailed(err)}`);
        return;
      }
      throw err;
    }
  }

  async function task(
    kind: ContactTask['kind'],
    role: StaffRole,
    dueAt: Date,
    summary: string,
  ): Promise<void> {
    const t: ContactTask = {
      taskId: `task-${s.tasks.length + 1}`,
      kind,
      role,
      dueAt: dueAt.toISOString(),
      summary,
      callbackPhone: input.phone,
      status: 'open',
    };
    await withSummary('createStaffTask', `Task for ${role}: ${kind}`, {
      caseId: id,
      taskId: t.taskId,
      role,
      kind,
      dueAt: t.dueAt,
      summary,
      callbackPhone: input.phone,
      idempotencyKey: `${id}:${t.taskId}`,
    });
    s.tasks.push(t);
    note('task-opened', `${t.taskId} ${kind} for ${role}`);
  }

  // ---- intake
  upsertSearchAttributes([
    { key: ClinicId, value: clinic.id },
    { key: CaseKind, value: 'contact' },
  ]);
  note(
    'received',
    `${input.source} by ${input.channel}: ${assessment.urgency}` +
      (assessment.reasons.length ? ` (${assessment.reasons.join('; ')})` : ''),
  );
  const params = {
    clinicName: clinic.name,
    emergencyLine: clinic.emergencyLine,
    emergencyNumber: emergencyNumberOf(clinic),
  };
  const language = input.language;

  if (assessment.urgency === 'non-urgent' && assessment.callbackSoon) {
    // A plea for help or words nobody could read: a nurse calls soon, whatever the hour, and the
    // answer promises nothing but that (and names the emergency number).
    await tell(
      'answer',
      {
        template: 'reply-unclear',
        language,
        params: { clinicName: clinic.name, emergencyNumber: params.emergencyNumber },
      },
      'Tell the patient a nurse will call shortly',
    );
    await task(
      'contact-callback',
      'nurse',
      new Date(now().getTime() + CALLBACK_SOON_MINUTES * MINUTE),
      `${input.source === 'unmatched-sms' ? 'SMS from a number that matches no running case' : `After-hours ${input.channel} contact`}: ` +
        `call back now (${assessment.reasons.join('; ')}). They said ${words}`,
    );
  } else if (assessment.urgency === 'non-urgent') {
    const dueAt = callbackDueAt(calendarOf(clinic), now());
    if (input.source === 'unmatched-sms') {
      await tell('answer', { template: 'contact-unmatched', language, params }, 'Answer an unmatched number');
      await task(
        'unmatched-sms',
        'front-desk',
        dueAt,
        `SMS from a number that matches no running case: find who sent it and reply. They wrote ${words}`,
      );
    } else {
      await tell(
        'answer',
        {
          template: 'contact-received',
          language,
          params: { ...params, callbackBy: dueAt.toISOString(), timeZone: clinic.timeZone },
        },
        'Thank the caller; say when we call back',
      );
      await task(
        'contact-callback',
        assessment.callbackRole,
        dueAt,
        `After-hours ${input.channel} contact: call back. The patient said ${words}`,
      );
    }
  } else {
    const urgency = assessment.urgency;
    await tell(
      'answer',
      urgency === 'emergency'
        ? { template: 'emergency-instruction', language, params }
        : { template: 'reply-urgent', language, params },
      urgency === 'emergency'
        ? 'Tell the patient to call emergency services now'
        : 'Tell the patient the doctor is being reached',
      true,
    );
    const policy = escalationPolicyFor(clinic.escalationPolicies, urgency);
    if (!policy) {
      await task('director', 'director', now(), `Urgent contact and no escalation policy: call back now`);
    } else {
      const incidentId = `${id}:incident-1`;
      const startedAt = now().toISOString();
      note('escalation-started', `${incidentId} (${urgency}, policy ${policy.id})`);
      child = await startChild<typeof onCallEscalation>('onCallEscalation', {
        workflowId: incidentId,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        staticSummary: `On-call escalation (${urgency}, after-hours contact)`,
        priority: URGENT,
        args: [
          {
            incidentId,
            journeyId: id,
            clinicId: clinic.id,
            clinicName: clinic.name,
            emergencyLine: clinic.emergencyLine,
            emergencyNumber: params.emergencyNumber,
            severity: urgency,
            reasons: assessment.reasons,
            policy,
            patient: { phone: input.phone, language, optedOut: false },
            staffLanguage: clinic.staffLanguage ?? 'en',
          },
        ],
      });
      // Decisions are accepted from here on (the child's own report may already have come).
      s.incident ??= { incidentId, severity: urgency, status: 'paging', startedAt };
      // The page names only the case; whoever answers it finds the number on this task.
      await task(
        'contact-callback',
        policy.levels[0]!.role,
        now(),
        `Urgent after-hours contact (incident ${incidentId}): call the patient back now. They said ${words}`,
      );
      let status: IncidentSummary['status'];
      let failure: string | undefined;
      try {
        status = (await child.result()).status;
      } catch (err) {
        if (!(err instanceof ChildWorkflowFailure)) throw err;
        // Failed, terminated or cancelled by an operator: never shown as live, a human takes over.
        failure = whyChildFailed(err);
        status = failure === 'cancelled' ? 'cancelled' : 'failed';
        note(`escalation-${status}`, `${incidentId}: ${failure}`);
      }
      s.incident = { ...s.incident, status, ...(failure ? { failure } : {}) };
      if (status !== 'resolved') {
        await task(
          'director',
          'director',
          now(),
          failure
            ? `Incident ${incidentId}: the escalation stopped (${failure}) and nobody is being paged: call the patient now`
            : `Incident ${incidentId} ${status}: call the patient now`,
        );
      }
    }
  }

  // Its callbacks are staff's work still to do: the contact stays open (and its tasks listed in
  // the console) until they are recorded, for at most CALLBACK_RECORD_DAYS.
  if (patched(CALLBACKS_KEPT) && s.tasks.some((t) => t.status === 'open')) {
    const recorded = await condition(
      () => s.tasks.every((t) => t.status === 'done'),
      CALLBACK_RECORD_DAYS * DAY,
      { summary: 'Wait for the callbacks to be recorded' },
    );
    if (!recorded)
      note(
        'callbacks-not-recorded',
        s.tasks
          .filter((t) => t.status === 'open')
          .map((t) => t.taskId)
          .join(', '),
      );
  }
  s.status = 'closed';
  note('closed');
  await condition(allHandlersFinished);
  return s;
}

/**
 * The decisions' schemas (zod) are evaluated on a contact's first staff decision, not in every
 * contact the worker keeps cached (issue 13). Synchronous, so the validators stay synchronous.
 */
function decisionSchemas(): typeof Decisions {
  // eslint-disable-next-line @typescript-eslint/no-require-imports, no-restricted-globals -- on first use
  return require('../domain/decisions');
}
