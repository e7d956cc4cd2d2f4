import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  patched,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { OPERATOR_JUDGED_URGENT } from '../domain/after-hours';
import { emergencyNumberOf } from '../domain/clinic';
import { addBusinessMinutes, calendarOf, endOfQuietTime, localDate, postOpDay } from '../domain/calendar';
import type { DecisionName, PatientReply } from '../domain/decisions';
import { DECISIONS } from '../domain/decisions';
import type {
  CareJourneyInput,
  IncidentSummary,
  JourneyStage,
  JourneyState,
  StaffTaskState,
  TransferSummary,
  VisitSummary,
} from '../domain/journey';
import type { PatientMessage } from '../domain/messages';
import { toComplaintInput } from '../domain/complaint';
import { checkInsFromProtocol, previewMigration } from '../domain/protocol-migration';
import { protocolSchema } from '../domain/protocol';
import { parseReply } from '../domain/reply-parser';
import type { ParsedReply } from '../domain/reply-parser';
import type { Severity } from '../domain/symptoms';
import { moreSevere } from '../domain/symptoms';
import type { SurveyAnswer } from '../domain/survey';
import { legacySurveyAnswer, parseSurveyAnswer } from '../domain/survey';
import { checkInOfCall } from '../domain/check-in-calls';
import { nextDue as nextDueOf } from '../domain/next-due';
import { routeReply } from '../domain/reply-routing';
import { CALLBACK_SOON_MINUTES, triageParsedReply } from '../domain/triage';
import {
  CaseKind,
  ClinicId,
  ContactKey,
  JourneyStage as JourneyStageAttribute,
  OpenEscalation,
  ProcedureCode,
  RiskLevel,
} from '../temporal/search-attributes';
import { runActivity, withSummary } from './activity-proxy';
import { Alarm } from './alarm';
import {
  acknowledgeSignal,
  attendanceSignal,
  doseReplySignal,
  handoverSignal,
  hospitalResponseSignal,
  optOutSignal,
  resolveSignal,
  transferDecisionSignal,
  visitReplySignal,
} from './child-definitions';
import { complaint as complaintWorkflow } from './complaint';
import { hospitalTransfer } from './hospital-transfer';
import type { DecisionPayload } from './journey-definitions';
import {
  adherenceUpdateSignal,
  complaintLinkSignal,
  decisionUpdate,
  incidentUpdateSignal,
  journeyStateQuery,
  patientReplySignal,
  transferUpdateSignal,
  visitUpdateSignal,
} from './journey-definitions';
import { medicationCourse } from './medication-course';
import { onCallEscalation } from './on-call-escalation';
import { whyChildFailed } from './failures';
import { refuse } from './refusal';
import { DAY, HOUR, MINUTE } from './parent';
import { returnVisit } from './return-visit';
import { WorkLanes } from './work-lanes';

// The care journey of one surgery ([000] §1, §2, §7; [004]): after-care and the 24-hour line
// at once; check-ins on the pinned protocol's schedule with reminder and nurse-call fallbacks;
// patient replies triaged into normal / concern / urgent / emergency; on-call escalation and
// hospital transfer as child workflows; medication courses and return visits as child
// workflows; quiet hours; opt-out; staff decisions as validated updates; the closing survey.
// The workflow interprets data (protocol, clinic settings pinned at start), so it stays stable
// across code deploys; it continues as new before its history grows large.

/** patched() marker: every reply's triage and every unanswered check-in is written to the EHR. */
const OUTCOMES_IN_EHR = 'outcomes-in-ehr';
/** patched() marker: a low survey score starts a complaint workflow instead of a management task. */
const SURVEY_OPENS_COMPLAINT = 'survey-opens-complaint';
/**
 * patched() marker: queued side effects run in lanes beside the loop, so a reply is triaged and
 * escalated in the task it arrives in whatever the providers do; before, the loop awaited them.
 */
const WORK_IN_LANES = 'work-in-lanes';
/** patched() marker: check-ins whose window passed before a late registration are skipped-late. */
const LATE_CHECK_INS_SKIPPED = 'late-check-ins-skipped';
/**
 * patched() marker: replies are triaged before the survey reads them, and pleas for help or
 * unreadable replies get a nurse callback soon. Replies read before it replay as read then.
 */
const REPLIES_TRIAGED_FIRST = 'replies-triaged-first';
/** patched() marker: the loop's timer is kept when it wakes early (see `Alarm`), not cancelled. */
const ALARM_KEPT = 'alarm-kept';
const TERMINAL: JourneyStage[] = ['completed', 'closed-early', 'cancelled'];
const TIMELINE_LIMIT = 300;
const SEEN_REPLIES_LIMIT = 500;
const DEFAULT_HISTORY_LIMIT = 1500;
/** A concern gets a nurse callback within two business hours. */
const CALLBACK_BUSINESS_MINUTES = 120;

/** Patient messages waiting for their time (quiet hours) and other queued side effects. */
type Work =
  | { kind: 'sms'; key: string; message: PatientMessage; urgent: boolean; notBefore: string; summary: string }
  | { kind: 'task'; task: StaffTaskState }
  | { kind: 'ehr'; key: string; summary: string; title?: string };

interface Memory {
  state: JourneyState;
  seenReplies: string[];
  inbox: PatientReply[];
  work: Work[];
  counters: { incident: number; transfer: number; task: number };
  /** The stage a paused journey returns to. */
  pausedFrom?: JourneyStage;
}

/** `startedAt`: check-ins whose window had passed by then are skipped-late (on the timeline too). */
function initialMemory(input: CareJourneyInput, startedAt?: Date): Memory {
  const surgeryAt = new Date(input.surgery.performedAt);
  const checkIns = checkInsFromProtocol(input.protocol, surgeryAt, startedAt);
  const timeline = checkIns
    .filter((c) => c.status === 'skipped-late')
    .map((c) => ({
      at: startedAt!.toISOString(),
      event: 'check-in-skipped-late',
      detail: `${c.id} (due ${c.dueAt}): its window had passed when the journey was registered`,
    }));
  return {
    state: {
      journeyId: input.journeyId,
      clinicId: input.clinic.id,
      procedureCode: input.surgery.procedureCode,
      protocolId: input.protocol.id,
      stage: 'starting',
      risk: 'normal',
      surgeryAt: surgeryAt.toISOString(),
      followUpEndsAt: new Date(surgeryAt.getTime() + input.protocol.followUpDays * DAY).toISOString(),
      optedOut: false,
      nextAction: null,
      checkIns,
      openEscalations: [],
      escalations: [],
      transfers: [],
      tasks: [],
      adherence: [],
      returnVisits: input.returnVisits.map((v) => ({
        visitId: v.id,
        at: new Date(v.at).toISOString(),
        status: 'scheduled',
      })),
      survey: null,
      complaints: [],
      lastTriage: null,
      timeline,
      run: 1,
    },
    seenReplies: [],
    inbox: [],
    work: [],
    counters: { incident: 0, transfer: 0, task: 0 },
  };
}

export async function careJourney(input: CareJourneyInput): Promise<JourneyState> {
  const memory = input.carried
    ? (input.carried as Memory)
    : initialMemory(
        input,
        patched(LATE_CHECK_INS_SKIPPED) ? new Date(input.registeredAt ?? Date.now()) : undefined,
      );
  if (input.carried) memory.state.run += 1;
  const s = memory.state;
  const id = input.journeyId;
  const tz = input.patient.timeZone;
  const calendar = calendarOf(input.clinic);
  let protocol = input.protocol;
  if (s.protocolId !== protocol.id) throw ApplicationFailure.nonRetryable('carried protocol does not match');
  const surgeryAt = new Date(s.surgeryAt);
  let dirty = false; // something for the main loop to look at
  const inLanes = patched(WORK_IN_LANES);

  const now = () => new Date();
  const note = (event: string, detail?: string, by?: string) => {
    s.timeline.push({ at: now().toISOString(), event, ...(detail ? { detail } : {}), ...(by ? { by } : {}) });
    if (s.timeline.length > TIMELINE_LIMIT) s.timeline.splice(0, s.timeline.length - TIMELINE_LIMIT);
  };
  // Once the loop has ended the journey is closing: no decision or child report changes it.
  let closing = false;
  // Declared before any handler: an update that arrives with the start is validated the moment
  // its handler is set, and must not meet a variable that does not exist yet.
  let finishReason: { stage: 'closed-early' | 'cancelled'; staffId: string; reason: string } | undefined;
  const terminal = () => closing || TERMINAL.includes(s.stage);

  // ---- search attributes: only ids and categories, never personal data
  const shown: { stage?: string; risk?: string; open?: boolean } = {};
  const syncSearchAttributes = () => {
    s.openEscalations = s.escalations.filter((e) => e.status === 'paging' || e.status === 'acknowledged');
    const openTasks = s.tasks.some((t) => t.status === 'open' && t.kind === 'nurse-callback');
    s.risk = s.openEscalations.reduce<Severity>(
      (r, e) => moreSevere(r, e.severity),
      openTasks ? 'concern' : 'normal',
    );
    const open = s.openEscalations.length > 0;
    const updates = [];
    if (shown.stage !== s.stage) updates.push({ key: JourneyStageAttribute, value: s.stage });
    if (shown.risk !== s.risk) updates.push({ key: RiskLevel, value: s.risk });
    if (shown.open !== open) updates.push({ key: OpenEscalation, value: open });
    if (updates.length) upsertSearchAttributes(updates);
    Object.assign(shown, { stage: s.stage, risk: s.risk, open });
  };
  const enterStage = (stage: JourneyStage) => {
    s.stage = stage;
    syncSearchAttributes();
  };

  // ---- queued side effects
  const tellPatient = (key: string, message: PatientMessage, urgent: boolean, summary: string) => {
    // Nothing non-urgent reaches the patient in their quiet hours; urgent messages go at once.
    const notBefore = urgent ? now() : endOfQuietTime(input.clinic.quietHours, tz, now());
    memory.work.push({ kind: 'sms', key, message, urgent, notBefore: notBefore.toISOString(), summary });
    dirty = true;
  };
  const openTask = (
    kind: StaffTaskState['kind'],
    role: StaffTaskState['role'],
    summary: string,
    dueAt: Date,
  ) => {
    const task: StaffTaskState = {
      taskId: `task-${++memory.counters.task}`,
      kind,
      role,
      dueAt: dueAt.toISOString(),
      summary,
      status: 'open',
    };
    s.tasks.push(task);
    memory.work.push({ kind: 'task', task });
    note('task-opened', `${task.taskId} ${kind}: ${summary}`);
    dirty = true;
    return task;
  };
  const message = <T extends PatientMessage['template']>(
    template: T,
    params: Extract<PatientMessage, { template: T }>['params'],
  ) => ({ template, language: input.patient.language, params }) as Extract<PatientMessage, { template: T }>;

  /** Runs one queued side effect; a provider that fails past its retry budget hands over to a human. */
  async function runWork(item: Work): Promise<void> {
    try {
      await perform(item);
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err; // a bug: fail the workflow task, not the patient
      await sideEffectFailed(item, err);
    }
  }

  async function perform(item: Work): Promise<void> {
    if (item.kind === 'task') {
      const { task } = item;
      await withSummary('createStaffTask', `Task for ${task.role}: ${task.kind}`, {
        caseId: id,
        taskId: task.taskId,
        role: task.role,
        kind: task.kind,
        dueAt: task.dueAt,
        summary: task.summary,
        idempotencyKey: `${id}:${task.taskId}`,
      });
    } else if (item.kind === 'ehr') {
      await withSummary('recordEhrCommunication', item.title ?? 'Record in the EHR', {
        caseId: id,
        patientRef: input.patient.ref,
        channel: 'note',
        summary: item.summary,
        // The journey summary kept its key from before record writes were queued.
        idempotencyKey: item.key === 'summary' ? `${id}:summary` : `${id}:${item.key}:ehr`,
      });
    } else if (s.optedOut && item.message.template !== 'opt-out-confirmed') {
      // STOP is honoured at once: urgent words go by phone, the rest is not sent.
      if (item.urgent) await callPatient(item);
      else note('sms-not-sent', `${item.summary} (patient opted out)`);
    } else {
      await runActivity(item.urgent ? 'patient-urgent' : 'patient-sms', 'sendPatientSms', item.summary, {
        caseId: id,
        to: input.patient.phone,
        idempotencyKey: `${id}:${item.key}`,
        message: item.message,
      });
      note('sms-sent', item.summary);
    }
  }

  async function callPatient(item: Extract<Work, { kind: 'sms' }>): Promise<void> {
    await withSummary('callPatient', `Call the patient: ${item.summary}`, {
      caseId: id,
      to: input.patient.phone,
      idempotencyKey: `${id}:${item.key}:call`,
      message: item.message,
    });
    note('patient-called', item.summary);
  }

  /**
   * What happens when a side effect cannot be done. Urgent words to the patient: a phone call,
   * else a nurse phones now. Routine SMS: a nurse phones when the clinic opens. A number that
   * cannot take SMS: the front desk checks it. Tasks and record writes: on the timeline, where the
   * API and the console show them. The reason names the failure's type, never the message text.
   */
  async function sideEffectFailed(item: Work, err: ActivityFailure): Promise<void> {
    const permanent = err.cause instanceof ApplicationFailure && err.cause.nonRetryable;
    const why = permanent
      ? `refused by the provider: ${(err.cause as ApplicationFailure).type ?? 'permanent failure'}`
      : 'provider unavailable past the retry budget';
    log.warn('side effect failed', { journeyId: id, kind: item.kind, permanent });
    if (item.kind === 'task') {
      note('task-not-delivered', `${item.task.taskId} (${item.task.kind}): ${why}; open on this journey`);
      return;
    }
    if (item.kind === 'ehr') {
      note('ehr-not-recorded', `${item.key}: ${why}`);
      // Nothing is lost: a person enters it by hand (the journey's last note has nobody left to ask).
      if (!closing)
        openTask(
          'front-desk',
          'front-desk',
          `The EHR did not take a note (${why}): enter it by hand: ${item.summary}`,
          nextBusiness(now()),
        );
      return;
    }
    note(permanent ? 'sms-undeliverable' : 'sms-failed', `${item.summary}: ${why}`);
    if (permanent && err.cause instanceof ApplicationFailure && err.cause.type === 'PermanentDeliveryError')
      openTask('front-desk', 'front-desk', `SMS could not be delivered (${why}): check the number`, now());
    if (item.urgent && !(s.optedOut && item.message.template !== 'opt-out-confirmed')) {
      try {
        await callPatient(item);
        return;
      } catch (callErr) {
        if (!(callErr instanceof ActivityFailure)) throw callErr;
        note('call-failed', `${item.summary}: the call could not be placed either`);
      }
    }
    const urgentWords = item.urgent ? 'URGENT: ' : '';
    openTask(
      'nurse-call',
      'nurse',
      `${urgentWords}the patient did not get "${item.summary}" (${why}): phone the patient`,
      item.urgent ? now() : nextBusiness(now()),
    );
  }

  /** Journeys recorded before WORK_IN_LANES: due work in the loop, in order, as it was then. */
  async function runDueWorkInOrder(): Promise<void> {
    const t = now().toISOString();
    const due = memory.work.filter((w) => w.kind !== 'sms' || w.notBefore <= t);
    memory.work = memory.work.filter((w) => !due.includes(w));
    for (const item of due) {
      try {
        await perform(item);
      } catch (err) {
        const permanent =
          err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable;
        if (item.kind !== 'sms' || !permanent) throw err;
        note('sms-undeliverable', `${item.summary}: ${err.cause.type ?? 'permanent failure'}`);
        openTask('front-desk', 'front-desk', 'SMS could not be delivered: check the number', now());
      }
    }
  }
  const runDueWork = () => (inLanes ? lanes.kick() : runDueWorkInOrder());

  const lanes = new WorkLanes<Work>({
    queue: () => memory.work,
    remove: (item) => {
      memory.work = memory.work.filter((w) => w !== item);
    },
    // One lane, one side effect at a time as before (the time-skipping test server loses its
    // clock when a journey's activities run side by side), urgent words first, then staff tasks,
    // routine SMS, record writes. The budgets of what may be in flight ahead of urgent words are
    // what bounds their wait (see README).
    laneOf: () => 'side-effects',
    priority: (w) => (w.kind === 'sms' ? (w.urgent ? 0 : 2) : w.kind === 'task' ? 1 : 3),
    isDue: (w) => w.kind !== 'sms' || w.notBefore <= now().toISOString(),
    run: runWork,
    settled: () => {
      dirty = true;
    },
  });

  // ---- children
  const childHandle = (workflowId: string) => getExternalWorkflowHandle(workflowId);
  const activeCourses = () => s.adherence.filter((a) => a.status === 'active');

  /**
   * A child that fails (a bug, an operator's terminate or cancel) is reported to the journey twice
   * over: by the child itself (reportingFailure in workflows/parent.ts, which reaches this
   * journey's later runs too) and here, by its handle, while this run lasts. Both land in the
   * same handlers, which take a failure once.
   */
  const watchChild = (handle: { result(): Promise<unknown> }, failed: (why: string) => void) => {
    handle.result().then(
      () => undefined,
      (err: unknown) => {
        if (!terminal()) failed(whyChildFailed(err));
      },
    );
  };

  async function startEscalation(severity: 'urgent' | 'emergency', reasons: string[]): Promise<void> {
    const policyId = severity === 'urgent' ? protocol.escalation.urgent : protocol.escalation.emergency;
    const policy = input.clinic.escalationPolicies.find((p) => p.id === policyId);
    const incidentId = `${id}:incident-${++memory.counters.incident}`;
    if (!policy) {
      openTask(
        'director',
        'director',
        `No escalation policy "${policyId}" configured: call the patient now`,
        now(),
      );
      return;
    }
    s.escalations.push({ incidentId, severity, status: 'paging', startedAt: now().toISOString() });
    note('escalation-started', `${incidentId} (${severity}, policy ${policy.id}): ${reasons.join('; ')}`);
    syncSearchAttributes();
    const child = await startChild(onCallEscalation, {
      workflowId: incidentId,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: `On-call escalation (${severity})`,
      args: [
        {
          incidentId,
          journeyId: id,
          clinicId: input.clinic.id,
          clinicName: input.clinic.name,
          emergencyLine: input.clinic.emergencyLine,
          emergencyNumber: emergencyNumberOf(input.clinic),
          severity,
          reasons,
          policy,
          patient: { phone: input.patient.phone, language: input.patient.language, optedOut: s.optedOut },
          staffLanguage: input.clinic.staffLanguage ?? 'en',
        },
      ],
    });
    watchChild(child, (failure) =>
      applyIncidentUpdate({
        incidentId,
        severity,
        status: failure === 'cancelled' ? 'cancelled' : 'failed',
        startedAt: now().toISOString(),
        failure,
      }),
    );
  }

  async function startTransfer(reason: string): Promise<void> {
    const transferId = `${id}:transfer-${++memory.counters.transfer}`;
    s.transfers.push({ transferId, status: 'awaiting-doctor' });
    note(
      'transfer-started',
      `${transferId}: ${reason} (a doctor may cancel within ${input.transferHoldMinutes} min)`,
    );
    const child = await startChild(hospitalTransfer, {
      workflowId: transferId,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: 'Hospital transfer',
      args: [
        {
          transferId,
          journeyId: id,
          clinicName: input.clinic.name,
          surgeryId: input.surgery.id,
          reason,
          requiredCapabilities: protocol.transferCapabilities,
          hospitals: input.clinic.partnerHospitals,
          holdMinutes: input.transferHoldMinutes,
          patient: {
            ref: input.patient.ref,
            phone: input.patient.phone,
            language: input.patient.language,
            optedOut: s.optedOut,
          },
        },
      ],
    });
    watchChild(child, (failure) =>
      applyTransferUpdate({ transferId, status: failure === 'cancelled' ? 'cancelled' : 'failed', failure }),
    );
  }

  async function startCoursesAndVisits(): Promise<void> {
    for (const prescription of input.prescriptions) {
      const courseId = `${id}:medication-${prescription.id}`;
      s.adherence.push({
        courseId,
        medication: prescription.name,
        scheduled: 0,
        taken: 0,
        missed: 0,
        status: 'active',
      });
      const course = await startChild(medicationCourse, {
        workflowId: courseId,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        staticSummary: 'Medication reminders',
        args: [
          {
            courseId,
            journeyId: id,
            clinicName: input.clinic.name,
            prescription,
            startDate: prescription.startDate ?? localDate(tz, surgeryAt),
            quietHours: input.clinic.quietHours,
            patient: {
              phone: input.patient.phone,
              language: input.patient.language,
              timeZone: tz,
              optedOut: s.optedOut,
            },
          },
        ],
      });
      watchChild(course, (failure) =>
        courseStopped(courseId, failure === 'cancelled' ? 'cancelled' : 'failed', failure),
      );
    }
    for (const visit of input.returnVisits) {
      const child = await startChild(returnVisit, {
        workflowId: `${id}:visit-${visit.id}`,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        staticSummary: 'Return visit',
        args: [
          {
            journeyId: id,
            clinicId: input.clinic.id,
            clinicName: input.clinic.name,
            visit,
            noticeDaysBefore: protocol.returnVisit.noticeDaysBefore,
            reconfirmDaysBefore: protocol.returnVisit.reconfirmDaysBefore,
            quietHours: input.clinic.quietHours,
            patient: {
              ref: input.patient.ref,
              phone: input.patient.phone,
              language: input.patient.language,
              timeZone: tz,
              optedOut: s.optedOut,
            },
          },
        ],
      });
      watchChild(child, (failure) =>
        visitStopped(
          {
            visitId: visit.id,
            at: new Date(visit.at).toISOString(),
            status: failure === 'cancelled' ? 'cancelled' : 'failed',
          },
          failure,
        ),
      );
    }
  }

  // ---- patient replies
  async function handleReply(reply: PatientReply): Promise<void> {
    const parsed: ParsedReply = parseReply(reply.text, input.patient.language);
    note('patient-replied', `intent ${parsed.intent}`);
    const safely = patched(REPLIES_TRIAGED_FIRST);
    const awaitingSurvey = s.survey?.sentAt && s.survey.score === undefined;
    const route = routeReply(parsed, {
      urgent: reply.urgent === true,
      ...(awaitingSurvey
        ? { surveyAnswer: safely ? parseSurveyAnswer(reply.text) : legacySurveyAnswer(reply.text) }
        : {}),
      legacySurvey: !safely,
      returnVisits: s.returnVisits,
      activeCourses: activeCourses().length,
      severityOf: (p) => triageParsedReply(p, protocol.redFlags, postOpDay(surgeryAt, now(), tz)).severity,
    });
    switch (route.to) {
      case 'triage':
        return triageReply(route.parsed, reply, safely);
      case 'opt-out':
        return optOut();
      case 'survey-declined':
        // Care first, and one clear message: the score is not taken (no "thank you for your
        // feedback, the manager will call" next to "call 119", no complaint opened from a
        // symptom report). The survey stays open for a later answer; the score is on the
        // timeline and in the record with the patient's words.
        note(
          'survey-score-not-taken',
          `score ${route.answer.score}: the reply reports symptoms or asks for help`,
        );
        return triageReply(route.parsed, reply);
      case 'survey':
        if (route.triageFirst) await triageReply(route.triageFirst, reply);
        return recordSurvey(route.answer);
      case 'visit-slot':
        await childHandle(`${id}:visit-${route.visitId}`).signal(visitReplySignal, {
          intent: route.intent,
          choice: route.choice,
        });
        return;
      case 'visit':
        await childHandle(`${id}:visit-${route.visitId}`).signal(visitReplySignal, { intent: route.intent });
        return;
      case 'doses':
        for (const course of activeCourses())
          await childHandle(course.courseId).signal(doseReplySignal, { intent: route.intent });
        return;
    }
  }

  async function optOut(): Promise<void> {
    if (s.optedOut) return;
    tellPatient(
      'opt-out',
      message('opt-out-confirmed', {
        clinicName: input.clinic.name,
        emergencyLine: input.clinic.emergencyLine,
      }),
      true,
      'Confirm the opt-out',
    );
    s.optedOut = true;
    note('opted-out', 'patient replied STOP: no more SMS');
    openTask('nurse-call', 'nurse', 'Patient opted out of SMS: follow up by phone', nextBusiness(now()));
    const children = [
      ...activeCourses().map((c) => c.courseId),
      ...s.returnVisits
        .filter((v) => !['attended', 'cancelled'].includes(v.status))
        .map((v) => `${id}:visit-${v.visitId}`),
    ];
    for (const child of children)
      await childHandle(child)
        .signal(optOutSignal)
        .catch(() => undefined);
  }

  async function recordSurvey({ score, comment }: SurveyAnswer): Promise<void> {
    s.survey = { ...s.survey, score, ...(comment ? { comment } : {}) };
    const low = score <= protocol.survey.complaintAtOrBelow;
    note('survey-answered', `score ${score}`);
    tellPatient(
      'survey-thanks',
      message('survey-thanks', { clinicName: input.clinic.name, low }),
      false,
      'Thank for the survey',
    );
    if (!low) return;
    if (!patched(SURVEY_OPENS_COMPLAINT)) {
      // Journeys started before complaints existed: management opens it by hand.
      openTask(
        'management',
        'management',
        `Low satisfaction score ${score}/5: open a complaint linked to this journey`,
        nextBusiness(now()),
      );
      return;
    }
    // A low score opens a complaint linked to this journey ([001] 二(三)), both ways.
    const request = {
      clinicId: input.clinic.id,
      complaintId: `survey-${input.surgery.id}`,
      channel: 'survey' as const,
      category: 'treatment-outcome' as const,
      severity: score <= 1 ? ('high' as const) : ('medium' as const),
      customer: {
        ref: input.patient.ref,
        ...(s.optedOut ? {} : { phone: input.patient.phone }),
        language: input.patient.language,
        timeZone: tz,
      },
      description: `Closing survey of ${input.surgery.procedureCode}: ${score}/5${comment ? ` - "${comment}"` : ''}`,
      survey: { score, ...(comment ? { comment } : {}) },
      journeyId: id,
    };
    const complaint = toComplaintInput(request, input.clinic);
    s.complaints.push(complaint.caseId);
    note('complaint-opened', complaint.caseId);
    // The patient's pseudonymous contact key (set by the API at start) goes with the complaint,
    // so the customer's SMS answers find it even after this journey has ended.
    const contactKey = workflowInfo().typedSearchAttributes.get(ContactKey);
    await startChild(complaintWorkflow, {
      workflowId: complaint.caseId,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      ...(contactKey ? { typedSearchAttributes: [{ key: ContactKey, value: contactKey }] } : {}),
      staticSummary: `Complaint (${request.category}) from the closing survey`,
      args: [complaint],
    });
  }

  function nextBusiness(from: Date): Date {
    return addBusinessMinutes(calendar, from, 0);
  }

  async function triageReply(parsed: ParsedReply, reply: PatientReply, safely = true): Promise<void> {
    const day = postOpDay(surgeryAt, now(), tz);
    // Red flags first; then a plea for help or a reply it could not read is a concern with a
    // nurse callback soon, never reassurance (replies read before that replay as read then).
    const read = safely ? parsed : { ...parsed, plea: false, understood: true };
    let result = triageParsedReply(read, protocol.redFlags, day);
    if (reply.urgent && moreSevere(result.severity, 'urgent') === 'urgent') {
      result = {
        severity: 'urgent',
        reasons: [OPERATOR_JUDGED_URGENT, ...result.reasons],
        callbackSoon: false,
      };
    }
    s.lastTriage = { at: now().toISOString(), severity: result.severity, reasons: result.reasons };
    note(
      'triaged',
      `${result.severity} on day ${day}${result.reasons.length ? `: ${result.reasons.join('; ')}` : ''}`,
    );
    const answered = [...s.checkIns].reverse().find((c) => c.status === 'sent' || c.status === 'reminded');
    if (answered) answered.status = 'answered';
    const key = `reply-${reply.providerMessageId}`;
    // Every outcome goes into the patient's record ([000] §7.5), the patient's words included.
    // (Added after journeys were already running: patched() keeps their histories replayable.)
    if (patched(OUTCOMES_IN_EHR))
      memory.work.push({
        kind: 'ehr',
        key,
        summary:
          `Patient reply${answered ? ` to check-in ${answered.id}` : ''} on post-op day ${day}: "${parsed.report.freeText}". ` +
          `Triage: ${result.severity}${result.reasons.length ? ` (${result.reasons.join('; ')})` : ''}.`,
      });
    switch (result.severity) {
      case 'normal':
        tellPatient(
          key,
          message('reply-normal', {
            clinicName: input.clinic.name,
            procedureCode: input.surgery.procedureCode,
          }),
          false,
          'Acknowledge with self-care advice',
        );
        break;
      case 'concern': {
        if (result.callbackSoon) {
          // Whatever the hour: the nurse on call phones within minutes, the patient is told so.
          openTask(
            'nurse-callback',
            'nurse',
            `Call the patient back now: ${result.reasons.join('; ')}. They wrote: "${parsed.report.freeText}"`,
            new Date(now().getTime() + CALLBACK_SOON_MINUTES * MINUTE),
          );
          tellPatient(
            key,
            message('reply-unclear', {
              clinicName: input.clinic.name,
              emergencyNumber: emergencyNumberOf(input.clinic),
            }),
            true,
            'Tell the patient a nurse will call shortly',
          );
          break;
        }
        const callbackBy = addBusinessMinutes(calendar, now(), CALLBACK_BUSINESS_MINUTES);
        openTask(
          'nurse-callback',
          'nurse',
          `Call the patient back: ${result.reasons.join('; ')}`,
          callbackBy,
        );
        tellPatient(
          key,
          message('reply-concern', {
            clinicName: input.clinic.name,
            callbackBy: callbackBy.toISOString(),
            timeZone: tz,
          }),
          false,
          'Tell the patient a nurse will call',
        );
        break;
      }
      case 'urgent':
        tellPatient(
          key,
          message('reply-urgent', {
            clinicName: input.clinic.name,
            emergencyLine: input.clinic.emergencyLine,
            emergencyNumber: emergencyNumberOf(input.clinic),
          }),
          true,
          'Tell the patient the doctor is being reached',
        );
        if (s.escalations.some((e) => ['paging', 'acknowledged'].includes(e.status))) {
          note('escalation-already-open', 'added to the open incident');
        } else {
          await startEscalation('urgent', result.reasons);
        }
        break;
      case 'emergency':
        tellPatient(
          key,
          message('emergency-instruction', {
            clinicName: input.clinic.name,
            emergencyLine: input.clinic.emergencyLine,
            emergencyNumber: emergencyNumberOf(input.clinic),
          }),
          true,
          'Tell the patient to call emergency services now',
        );
        await startEscalation('emergency', result.reasons);
        await startTransfer(result.reasons.join('; '));
        break;
    }
    syncSearchAttributes();
  }

  // ---- scheduled work: check-ins, reminders, survey, end of follow-up
  const surveyDueAt = () => new Date(surgeryAt.getTime() + protocol.survey.offsetDays * DAY);

  async function runSchedule(): Promise<void> {
    const t = now();
    if (s.stage === 'paused') return;
    for (const c of s.checkIns) {
      if (c.status === 'scheduled' && new Date(c.dueAt) <= t) {
        if (c.channel === 'nurse-call' || s.optedOut) {
          c.callTaskId = openTask(
            'nurse-call',
            'nurse',
            `Check-in ${c.id}: call the patient (${c.questionSet})`,
            nextBusiness(t),
          ).taskId;
          c.channel = 'nurse-call'; // opted out: this check-in is now a call
          c.status = 'sent';
          c.sentAt = t.toISOString();
          continue;
        }
        const day = postOpDay(surgeryAt, t, tz);
        tellPatient(
          `check-in-${c.id}`,
          message('check-in', {
            clinicName: input.clinic.name,
            questionSet: c.questionSet,
            postOpDay: day,
            emergencyNumber: emergencyNumberOf(input.clinic),
          }),
          false,
          `Check-in ${c.id}`,
        );
        c.status = 'sent';
        c.sentAt = endOfQuietTime(input.clinic.quietHours, tz, t).toISOString();
      } else if (c.channel === 'sms' && (c.status === 'sent' || c.status === 'reminded') && c.sentAt) {
        if (t.getTime() < new Date(c.sentAt).getTime() + c.replyWindowHours * HOUR) continue;
        if (c.status === 'sent' && c.noReply === 'reminder-then-nurse-call' && !s.optedOut) {
          tellPatient(
            `check-in-${c.id}-reminder`,
            message('check-in-reminder', { clinicName: input.clinic.name }),
            false,
            `Reminder for check-in ${c.id}`,
          );
          c.status = 'reminded';
          c.sentAt = endOfQuietTime(input.clinic.quietHours, tz, t).toISOString();
        } else {
          c.status = 'no-reply';
          note('check-in-no-reply', c.id);
          if (patched(OUTCOMES_IN_EHR))
            memory.work.push({
              kind: 'ehr',
              key: `check-in-${c.id}-no-reply`,
              summary: `No reply to check-in ${c.id}; nurse call task opened.`,
            });
          c.callTaskId = openTask(
            'nurse-call',
            'nurse',
            `No reply to check-in ${c.id}: call the patient`,
            nextBusiness(t),
          ).taskId;
        }
      }
    }
    if (!s.survey && t >= surveyDueAt()) {
      tellPatient('survey', message('survey', { clinicName: input.clinic.name }), false, 'Closing survey');
      s.survey = { sentAt: endOfQuietTime(input.clinic.quietHours, tz, t).toISOString() };
      enterStage('survey');
    }
  }

  /** The earliest scheduled thing (after `after`, when given: what is due now is already under way). */
  function nextDue(after = -Infinity) {
    const heldSms = memory.work.flatMap((w) => (w.kind === 'sms' ? [w] : []));
    return nextDueOf(
      s,
      { quietHours: input.clinic.quietHours, timeZone: tz, surveyDueAt: surveyDueAt(), heldSms },
      after,
    );
  }

  // ---- handlers
  setHandler(journeyStateQuery, () => s);
  setHandler(patientReplySignal, (reply) => {
    if (memory.seenReplies.includes(reply.providerMessageId)) return; // a redelivered webhook
    memory.seenReplies.push(reply.providerMessageId);
    if (memory.seenReplies.length > SEEN_REPLIES_LIMIT) memory.seenReplies.shift();
    memory.inbox.push(reply);
  });
  setHandler(complaintLinkSignal, ({ complaintId }) => {
    if (!s.complaints.includes(complaintId)) s.complaints.push(complaintId);
  });
  function applyIncidentUpdate(update: IncidentSummary): void {
    if (terminal()) return; // the journey is closing: the child's last word changes nothing
    const incident = s.escalations.find((e) => e.incidentId === update.incidentId);
    if (!incident) return;
    const stopped = update.status === 'failed' || update.status === 'cancelled';
    // The child and its handle both report a failure: take it once; a late report never revives it.
    if (incident.status === 'failed' || (stopped && incident.status === update.status)) return;
    Object.assign(incident, stopped ? { status: update.status, failure: update.failure } : update);
    note(
      `escalation-${update.status}`,
      update.acknowledgedBy
        ? `${update.incidentId} by ${update.acknowledgedBy} after ${update.ackLatencySeconds}s` +
            (update.ackSincePageSeconds !== undefined
              ? ` (${update.ackSincePageSeconds}s after the page)`
              : '')
        : update.failure
          ? `${update.incidentId}: ${update.failure}`
          : update.incidentId,
    );
    if (update.status === 'exhausted') {
      openTask(
        'director',
        'director',
        update.patientTold === 'not-reached'
          ? `Incident ${update.incidentId}: nobody acknowledged and the patient could not be told to call emergency services: call the patient now`
          : `Incident ${update.incidentId}: nobody acknowledged; call the patient now`,
        now(),
      );
    } else if (stopped) {
      openTask(
        'director',
        'director',
        `Incident ${update.incidentId}: the escalation stopped (${update.failure ?? update.status}) and nobody is being paged: call the on-call doctor and the patient now`,
        now(),
      );
    }
    syncSearchAttributes();
  }
  // A child's report may close what kept the journey open past its follow-up: look again.
  const reported = () => {
    if (inLanes) dirty = true; // (before: the loop polled every 1 ms while anything was open)
  };
  setHandler(incidentUpdateSignal, (update) => {
    applyIncidentUpdate(update);
    reported();
  });
  function applyTransferUpdate(update: TransferSummary): void {
    if (terminal()) return; // the journey is closing: the child's last word changes nothing
    const transfer = s.transfers.find((t) => t.transferId === update.transferId);
    if (!transfer) return;
    if (update.patientNotTold && !transfer.patientNotTold) {
      openTask(
        'nurse-call',
        'nurse',
        `Transfer ${update.transferId}: the patient could not be told by SMS where to go: call the patient`,
        now(),
      );
    }
    if (transfer.status === update.status || transfer.status === 'failed') {
      Object.assign(transfer, transfer.status === 'failed' ? {} : update);
      return;
    }
    Object.assign(transfer, update);
    note(
      `transfer-${update.status}`,
      update.hospitalId ??
        update.awaitingHospitalId ??
        `${update.transferId}${update.failure ? `: ${update.failure}` : ''}`,
    );
    // `failure`: the transfer workflow itself stopped (a bug, an operator), whatever its status.
    if (
      update.status === 'no-hospital' ||
      update.status === 'handover-unconfirmed' ||
      update.status === 'failed' ||
      update.failure
    ) {
      openTask(
        'director',
        'director',
        `Transfer ${update.transferId}: ${update.status}${update.failure ? ` (${update.failure})` : ''}; arrange by phone`,
        now(),
      );
    }
  }
  setHandler(transferUpdateSignal, (update) => {
    applyTransferUpdate(update);
    reported();
  });
  /** A medication course that stopped on an error: reminders no longer go out, a nurse takes over. */
  function courseStopped(courseId: string, status: 'failed' | 'cancelled', why: string): void {
    const course = s.adherence.find((a) => a.courseId === courseId);
    if (!course || course.status === 'failed' || course.status === status) return;
    course.status = status;
    note(`medication-${status}`, `${courseId}: ${why}`);
    openTask(
      'missed-doses',
      'nurse',
      `Medication reminders for ${course.medication} stopped (${why}): remind the patient by phone`,
      nextBusiness(now()),
    );
  }
  setHandler(adherenceUpdateSignal, ({ alert, ...update }) => {
    if (terminal()) return; // the journey is closing: the child's last word changes nothing
    // A failure report carries only its status: the counts the journey has stay.
    if (update.status === 'failed' || update.status === 'cancelled')
      return courseStopped(update.courseId, update.status, 'reported by the course');
    const course = s.adherence.find((a) => a.courseId === update.courseId);
    if (course) Object.assign(course, update);
    if (alert)
      openTask(
        'missed-doses',
        'nurse',
        `${alert}: call the patient (nurse or pharmacist)`,
        nextBusiness(now()),
      );
  });
  /** A return-visit workflow that stopped on an error: the front desk confirms the visit by phone. */
  function visitStopped(update: VisitSummary, why: string): void {
    if (terminal()) return;
    const visit = s.returnVisits.find((v) => v.visitId === update.visitId);
    if (!visit || visit.status === 'failed' || visit.status === update.status) return;
    if (['attended', 'no-show', 'cancelled'].includes(visit.status)) return; // it had ended already
    visit.status = update.status;
    note(`visit-${update.status}`, `${update.visitId}: ${why}`);
    openTask(
      'front-desk',
      'front-desk',
      `Return visit ${update.visitId}: reminders stopped (${why}); confirm the visit with the patient by phone`,
      nextBusiness(now()),
    );
  }
  setHandler(visitUpdateSignal, ({ task, ...update }) => {
    if (terminal()) return; // the journey is closing: the child's last word changes nothing
    if (update.status === 'failed' || update.status === 'cancelled')
      return visitStopped(update, 'reported by the visit workflow');
    const visit = s.returnVisits.find((v) => v.visitId === update.visitId);
    if (visit && (visit.status !== update.status || visit.at !== update.at))
      note(`visit-${update.status}`, `${update.visitId} at ${update.at}`);
    if (visit) Object.assign(visit, update);
    if (task) openTask('front-desk', task.role, task.summary, nextBusiness(now()));
  });

  // Staff decisions: the validator is synchronous and throws to reject (the update never enters
  // history); the handler then applies it.
  function onDecision<N extends DecisionName>(
    name: N,
    validate: (d: DecisionPayload<N>) => void,
    apply: (d: DecisionPayload<N>) => Promise<string | undefined> | string | undefined,
  ) {
    setHandler(
      decisionUpdate(name),
      async (d) => {
        const detail = await apply(d);
        dirty = true;
        return { accepted: true as const, ...(detail ? { detail } : {}) };
      },
      {
        validator: (d) => {
          // migrate-protocol also carries the full protocol document, checked on its own below.
          const { protocol: _document, ...fields } = d as Record<string, unknown>;
          const parsed = DECISIONS[name].safeParse(name === 'migrate-protocol' ? fields : d);
          if (!parsed.success)
            refuse(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
          if (terminal() || finishReason)
            refuse(`the journey is ${finishReason?.stage ?? (closing ? 'closing' : s.stage)}`);
          validate(d);
        },
      },
    );
  }
  const openTaskById = (taskId: string) => {
    const task = s.tasks.find((t) => t.taskId === taskId);
    if (!task) refuse(`no task "${taskId}" on this journey`);
    if (task.status !== 'open') refuse(`task "${taskId}" is already done`);
    return task;
  };
  const incidentById = (incidentId: string) => {
    const incident = s.escalations.find((e) => e.incidentId === incidentId);
    if (!incident) refuse(`no incident "${incidentId}" on this journey`);
    return incident;
  };
  const transferById = (transferId: string) => {
    const transfer = s.transfers.find((t) => t.transferId === transferId);
    if (!transfer) refuse(`no transfer "${transferId}" on this journey`);
    return transfer;
  };

  onDecision(
    'record-call-outcome',
    (d) => {
      const task = openTaskById(d.taskId);
      if (!['nurse-call', 'nurse-callback', 'missed-doses'].includes(task.kind))
        refuse(`task "${d.taskId}" is not a call`);
    },
    (d) => {
      const task = openTaskById(d.taskId);
      Object.assign(task, { status: 'done', outcome: d.outcome, closedBy: d.staffId });
      const checkIn = checkInOfCall(s.checkIns, task);
      if (checkIn && d.outcome === 'reached') checkIn.status = 'answered';
      note('call-outcome', `${d.taskId}: ${d.outcome}${d.note ? ` (${d.note})` : ''}`, d.staffId);
      memory.work.push({
        kind: 'ehr',
        key: `call-${d.taskId}`,
        summary: `Call ${d.taskId}: ${d.outcome}${d.note ? `. ${d.note}` : ''}`,
      });
      if (d.outcome === 'needs-review')
        openTask(
          'nurse-callback',
          'doctor',
          `Review after call ${d.taskId}: ${d.note ?? 'see notes'}`,
          now(),
        );
      syncSearchAttributes();
      return undefined;
    },
  );
  onDecision(
    'complete-task',
    (d) => void openTaskById(d.taskId),
    (d) => {
      Object.assign(openTaskById(d.taskId), {
        status: 'done',
        closedBy: d.staffId,
        ...(d.note ? { outcome: d.note } : {}),
      });
      note('task-done', d.taskId, d.staffId);
      syncSearchAttributes();
      return undefined;
    },
  );
  onDecision(
    'add-check-in',
    (d) => {
      const at = Date.parse(d.at);
      if (at <= Date.now()) refuse('at: must be in the future');
      if (at > Date.parse(s.followUpEndsAt))
        refuse(`at: must be before the end of follow-up (${s.followUpEndsAt})`);
    },
    (d) => {
      const extra = s.checkIns.filter((c) => c.addedBy).length + 1;
      const checkIn = {
        id: `extra-${extra}`,
        channel: d.channel,
        questionSet: 'recovery' as const,
        dueAt: new Date(d.at).toISOString(),
        replyWindowHours: 8,
        noReply: 'reminder-then-nurse-call' as const,
        status: 'scheduled' as const,
        addedBy: d.staffId,
      };
      s.checkIns.push(checkIn);
      s.checkIns.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
      note('check-in-added', `${checkIn.id} at ${checkIn.dueAt} (${d.channel}): ${d.reason}`, d.staffId);
      return checkIn.id;
    },
  );
  onDecision(
    'pause',
    () => {
      if (s.stage === 'paused') refuse('the journey is already paused');
    },
    (d) => {
      memory.pausedFrom = s.stage;
      enterStage('paused');
      note('paused', d.reason, d.staffId);
      return undefined;
    },
  );
  onDecision(
    'resume',
    () => {
      if (s.stage !== 'paused') refuse('the journey is not paused');
    },
    (d) => {
      enterStage(memory.pausedFrom ?? 'monitoring');
      note('resumed', undefined, d.staffId);
      return undefined;
    },
  );
  onDecision(
    'migrate-protocol',
    (d) => {
      const parsed = protocolSchema.safeParse(d.protocol);
      if (!parsed.success || d.protocol.id !== d.protocolId)
        refuse(`protocol "${d.protocolId}" is not a valid protocol document`);
      if (d.protocol.procedureCode !== protocol.procedureCode) {
        refuse(
          `protocol "${d.protocolId}" is for ${d.protocol.procedureCode}, not ${protocol.procedureCode}`,
        );
      }
      if (d.protocol.version <= protocol.version) {
        refuse(`protocol "${d.protocolId}" is not newer than the pinned "${protocol.id}"`);
      }
    },
    (d) => {
      const preview = previewMigration(s.checkIns, protocol, d.protocol, surgeryAt, now());
      s.checkIns = preview.checkIns;
      note(
        'protocol-migrated',
        `${protocol.id} → ${d.protocol.id}: ${preview.changes.join(', ') || 'no schedule change'}. ${d.reason}`,
        d.staffId,
      );
      protocol = d.protocol;
      s.protocolId = protocol.id;
      s.followUpEndsAt = new Date(surgeryAt.getTime() + protocol.followUpDays * DAY).toISOString();
      return preview.changes.join(', ');
    },
  );
  onDecision(
    'close-early',
    () => undefined,
    (d) => {
      finishReason = { stage: 'closed-early', staffId: d.staffId, reason: d.reason };
      return undefined;
    },
  );
  onDecision(
    'cancel',
    () => undefined,
    (d) => {
      finishReason = { stage: 'cancelled', staffId: d.staffId, reason: d.reason };
      return undefined;
    },
  );
  onDecision(
    'acknowledge-escalation',
    (d) => {
      if (incidentById(d.incidentId).status !== 'paging')
        refuse(`incident "${d.incidentId}" is not waiting for acknowledgement`);
    },
    async (d) => {
      await childHandle(d.incidentId).signal(acknowledgeSignal, { staffId: d.staffId, via: d.via ?? 'api' });
      note('escalation-ack-sent', d.incidentId, d.staffId);
      return undefined;
    },
  );
  onDecision(
    'resolve-escalation',
    (d) => {
      const status = incidentById(d.incidentId).status;
      if (status !== 'paging' && status !== 'acknowledged') refuse(`incident "${d.incidentId}" is ${status}`);
    },
    async (d) => {
      await childHandle(d.incidentId).signal(resolveSignal, {
        staffId: d.staffId,
        ...(d.note ? { note: d.note } : {}),
      });
      incidentById(d.incidentId).status = 'resolved';
      note('escalation-resolved', `${d.incidentId}${d.note ? `: ${d.note}` : ''}`, d.staffId);
      syncSearchAttributes();
      return undefined;
    },
  );
  onDecision(
    'transfer-decision',
    (d) => {
      const status = transferById(d.transferId).status;
      if (!['awaiting-doctor', 'referring'].includes(status))
        refuse(`transfer "${d.transferId}" is ${status}`);
      if (d.decision === 'proceed' && status !== 'awaiting-doctor')
        refuse(`transfer "${d.transferId}" is already under way`);
    },
    async (d) => {
      await childHandle(d.transferId).signal(transferDecisionSignal, {
        staffId: d.staffId,
        decision: d.decision,
        ...(d.reason ? { reason: d.reason } : {}),
      });
      note(`transfer-${d.decision}`, `${d.transferId}${d.reason ? `: ${d.reason}` : ''}`, d.staffId);
      return undefined;
    },
  );
  onDecision(
    'hospital-response',
    (d) => {
      const transfer = transferById(d.transferId);
      if (transfer.status !== 'referring' || transfer.awaitingHospitalId !== d.hospitalId) {
        refuse(`transfer "${d.transferId}" is not waiting for hospital "${d.hospitalId}"`);
      }
    },
    async (d) => {
      await childHandle(d.transferId).signal(hospitalResponseSignal, {
        hospitalId: d.hospitalId,
        accepted: d.accepted,
        ...(d.note ? { note: d.note } : {}),
      });
      return undefined;
    },
  );
  onDecision(
    'confirm-handover',
    (d) => {
      if (transferById(d.transferId).status !== 'accepted')
        refuse(`transfer "${d.transferId}" has no accepted hospital waiting for hand-over`);
    },
    async (d) => {
      await childHandle(d.transferId).signal(handoverSignal, { staffId: d.staffId });
      return undefined;
    },
  );
  onDecision(
    'record-visit-attendance',
    (d) => {
      const visit = s.returnVisits.find((v) => v.visitId === d.visitId);
      if (!visit) refuse(`no return visit "${d.visitId}" on this journey`);
      if (visit.status === 'attended' || visit.status === 'cancelled')
        refuse(`return visit "${d.visitId}" is ${visit.status}`);
    },
    async (d) => {
      await childHandle(`${id}:visit-${d.visitId}`).signal(attendanceSignal, {
        attended: d.attended,
        staffId: d.staffId,
      });
      note('visit-attendance', `${d.visitId}: ${d.attended ? 'attended' : 'not attended'}`, d.staffId);
      return undefined;
    },
  );

  // ---- start (first run only)
  if (!input.carried) {
    upsertSearchAttributes([
      { key: ClinicId, value: input.clinic.id },
      { key: CaseKind, value: 'journey' },
      { key: ProcedureCode, value: input.surgery.procedureCode },
    ]);
    syncSearchAttributes();
    note(
      'journey-started',
      `${input.surgery.procedureCode} performed ${s.surgeryAt}, protocol ${protocol.id}`,
    );
    // After-care instructions and the 24-hour line go at once, whatever the hour ([000] §1.5).
    tellPatient(
      'after-care',
      message('after-care', {
        clinicName: input.clinic.name,
        procedureCode: input.surgery.procedureCode,
        emergencyLine: input.clinic.emergencyLine,
        emergencyNumber: emergencyNumberOf(input.clinic),
      }),
      true,
      'Send after-care instructions and the 24-hour line',
    );
    memory.work.push({
      kind: 'ehr',
      key: 'after-care',
      summary: 'After-care instructions and the 24-hour emergency number sent by SMS.',
    });
    await runDueWork();
    await startCoursesAndVisits();
    enterStage('monitoring');
  } else {
    Object.assign(shown, { stage: s.stage, risk: s.risk, open: s.openEscalations.length > 0 });
    note('continued-as-new', `run ${s.run}`);
  }

  // ---- the journey's loop

  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const alarm = patched(ALARM_KEPT) ? new Alarm() : undefined;
  for (;;) {
    while (memory.inbox.length) await handleReply(memory.inbox.shift()!);
    if (finishReason) break;
    await runSchedule();
    await runDueWork();
    const followUpOver = Date.now() >= Date.parse(s.followUpEndsAt);
    const stillOpen =
      s.openEscalations.length > 0 ||
      s.transfers.some((t) => ['awaiting-doctor', 'referring', 'accepted'].includes(t.status));
    if (followUpOver && !stillOpen && memory.work.length === 0) break;
    const next = inLanes ? nextDue(Date.now()) : nextDue();
    s.nextAction = next ? { what: next.what, at: new Date(next.at).toISOString() } : null;
    const info = workflowInfo();
    if ((info.historyLength > historyLimit || info.continueAsNewSuggested) && memory.work.length === 0) {
      await condition(allHandlersFinished);
      if (memory.inbox.length === 0) {
        await continueAsNew<typeof careJourney>({ ...input, protocol, carried: memory });
      }
    }
    dirty = false;
    // Wake for a reply, a decision, a child's report, or the next due time.
    const wake = () => memory.inbox.length > 0 || dirty || finishReason !== undefined;
    // (In lanes, `next` is always ahead: what is due now is under way and wakes the loop when
    // done. Before WORK_IN_LANES a past-due candidate woke it every 1 ms.)
    if (next && alarm) {
      alarm.setFor(next.at);
      await condition(() => wake() || alarm.rang());
    } else if (next) await condition(wake, Math.max(1, next.at - Date.now()));
    else await condition(wake);
  }

  // ---- the end: summary to the EHR
  closing = true;
  await condition(() => lanes.idle); // nothing left in flight with a provider
  if (finishReason) {
    note(finishReason.stage, finishReason.reason, finishReason.staffId);
    const children = [
      ...activeCourses().map((c) => c.courseId),
      ...s.returnVisits
        .filter((v) => !['attended', 'cancelled', 'no-show'].includes(v.status))
        .map((v) => `${id}:visit-${v.visitId}`),
    ];
    if (finishReason.stage === 'cancelled') {
      children.push(...s.openEscalations.map((e) => e.incidentId));
      children.push(
        ...s.transfers
          .filter((t) => ['awaiting-doctor', 'referring'].includes(t.status))
          .map((t) => t.transferId),
      );
    }
    for (const child of children)
      await childHandle(child)
        .cancel()
        .catch(() => undefined);
    for (const c of activeCourses()) c.status = 'cancelled';
    for (const v of s.returnVisits) if (!['attended', 'no-show'].includes(v.status)) v.status = 'cancelled';
  }
  const summary =
    `Care journey ${finishReason?.stage ?? 'completed'} (protocol ${protocol.id}). ` +
    `Check-ins: ${s.checkIns.filter((c) => c.status === 'answered').length}/${s.checkIns.length} answered. ` +
    `Escalations: ${s.escalations.length}. Transfers: ${s.transfers.length}. ` +
    `Survey: ${s.survey?.score ?? 'no score'}.`;
  await runWork({ kind: 'ehr', key: 'summary', summary, title: 'Write the journey summary to the EHR' });
  s.nextAction = null;
  enterStage(finishReason?.stage ?? 'completed');
  note('journey-ended', summary);
  await condition(allHandlersFinished);
  return s;
}
