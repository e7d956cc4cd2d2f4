import { ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import { OPERATOR_JUDGED_URGENT } from '../../domain/after-hours';
import { addBusinessMinutes, postOpDay } from '../../domain/calendar';
import { emergencyNumberOf } from '../../domain/emergency-numbers';
import type * as ComplaintDomain from '../../domain/complaint';
import type { PatientReply } from '../../domain/decisions';
import { parseReply } from '../../domain/reply-parser';
import type { ParsedReply } from '../../domain/reply-parser';
import { routeReply } from '../../domain/reply-routing';
import type { SurveyAnswer } from '../../domain/survey';
import { legacySurveyAnswer, parseSurveyAnswer } from '../../domain/survey';
import { moreSevere } from '../../domain/symptoms';
import { CALLBACK_SOON_MINUTES, triageParsedReply } from '../../domain/triage';
import { ContactKey } from '../../temporal/search-attributes';
import { doseReplySignal, optOutSignal, visitReplySignal } from '../child-definitions';
import { firstDelivery } from '../case/provider-ids';
import type { complaint as complaintWorkflow } from '../complaint';
import { MINUTE } from '../parent';
import type { JourneyChildren } from './children';
import type { JourneyContext } from './context';
import { OUTCOMES_IN_EHR, REPLIES_TRIAGED_FIRST, SURVEY_OPENS_COMPLAINT } from './patches';

// The patient's replies: received once (a redelivered webhook is ignored), routed
// (domain/reply-routing.ts decides where a reply goes), and done: triage and its answer, the
// opt-out, the closing survey, or the child a reply is for (a return visit, medication doses).

/** A concern gets a nurse callback within two business hours. */
const CALLBACK_BUSINESS_MINUTES = 120;

export function createReplies(j: JourneyContext, children: JourneyChildren) {
  const { id, input, memory, s } = j;

  /** The signal: a reply waits in the inbox for the loop. */
  function receive(reply: PatientReply): void {
    if (firstDelivery(memory.seenReplies, reply.providerMessageId)) memory.inbox.push(reply);
  }

  async function handleReply(reply: PatientReply): Promise<void> {
    const parsed: ParsedReply = parseReply(reply.text, input.patient.language);
    j.note('patient-replied', `intent ${parsed.intent}`);
    const safely = j.has(REPLIES_TRIAGED_FIRST);
    const awaitingSurvey = s.survey?.sentAt && s.survey.score === undefined;
    const route = routeReply(parsed, {
      urgent: reply.urgent === true,
      ...(awaitingSurvey
        ? { surveyAnswer: safely ? parseSurveyAnswer(reply.text) : legacySurveyAnswer(reply.text) }
        : {}),
      legacySurvey: !safely,
      returnVisits: s.returnVisits,
      activeCourses: j.activeCourses().length,
      severityOf: (p) =>
        triageParsedReply(p, j.protocol.redFlags, postOpDay(j.surgeryAt, j.now(), j.tz)).severity,
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
        j.note(
          'survey-score-not-taken',
          `score ${route.answer.score}: the reply reports symptoms or asks for help`,
        );
        return triageReply(route.parsed, reply);
      case 'survey':
        if (route.triageFirst) await triageReply(route.triageFirst, reply);
        return recordSurvey(route.answer);
      case 'visit-slot':
        await children.visit(route.visitId).signal(visitReplySignal, {
          intent: route.intent,
          choice: route.choice,
        });
        return;
      case 'visit':
        await children.visit(route.visitId).signal(visitReplySignal, { intent: route.intent });
        return;
      case 'doses':
        for (const workflowId of children.courseWorkflows())
          await children.handle(workflowId).signal(doseReplySignal, { intent: route.intent });
        return;
    }
  }

  async function optOut(): Promise<void> {
    if (s.optedOut) return;
    j.tellPatient(
      'opt-out',
      j.message('opt-out-confirmed', {
        clinicName: input.clinic.name,
        emergencyLine: input.clinic.emergencyLine,
      }),
      true,
      'Confirm the opt-out',
    );
    s.optedOut = true;
    j.note('opted-out', 'patient replied STOP: no more SMS');
    j.openTask(
      'nurse-call',
      'nurse',
      'Patient opted out of SMS: follow up by phone',
      j.nextBusiness(j.now()),
    );
    for (const child of children.toTellOfOptOut())
      await children
        .handle(child)
        .signal(optOutSignal)
        .catch(() => undefined);
  }

  async function recordSurvey({ score, comment }: SurveyAnswer): Promise<void> {
    s.survey = { ...s.survey, score, ...(comment ? { comment } : {}) };
    const low = score <= j.protocol.survey.complaintAtOrBelow;
    j.note('survey-answered', `score ${score}`);
    j.tellPatient(
      'survey-thanks',
      j.message('survey-thanks', { clinicName: input.clinic.name, low }),
      false,
      'Thank for the survey',
    );
    if (!low) return;
    if (!j.has(SURVEY_OPENS_COMPLAINT)) {
      // Journeys started before complaints existed: management opens it by hand.
      j.openTask(
        'management',
        'management',
        `Low satisfaction score ${score}/5: open a complaint linked to this journey`,
        j.nextBusiness(j.now()),
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
        timeZone: j.tz,
      },
      description: `Closing survey of ${input.surgery.procedureCode}: ${score}/5${comment ? ` - "${comment}"` : ''}`,
      survey: { score, ...(comment ? { comment } : {}) },
      journeyId: id,
    };
    const complaint = complaintDomain().toComplaintInput(request, input.clinic);
    s.complaints.push(complaint.caseId);
    j.note('complaint-opened', complaint.caseId);
    // The patient's pseudonymous contact key (set by the API at start) goes with the complaint,
    // so the customer's SMS answers find it even after this journey has ended.
    const contactKey = workflowInfo().typedSearchAttributes.get(ContactKey);
    await startChild<typeof complaintWorkflow>('complaint', {
      workflowId: complaint.caseId,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      ...(contactKey ? { typedSearchAttributes: [{ key: ContactKey, value: contactKey }] } : {}),
      staticSummary: `Complaint (${request.category}) from the closing survey`,
      args: [complaint],
    });
  }

  /** The complaint opened from the survey reports its id back. */
  function complaintLinked({ complaintId }: { complaintId: string }): void {
    if (!s.complaints.includes(complaintId)) s.complaints.push(complaintId);
  }

  async function triageReply(parsed: ParsedReply, reply: PatientReply, safely = true): Promise<void> {
    const day = postOpDay(j.surgeryAt, j.now(), j.tz);
    // Red flags first; then a plea for help or a reply it could not read is a concern with a
    // nurse callback soon, never reassurance (replies read before that replay as read then).
    const read = safely ? parsed : { ...parsed, plea: false, understood: true };
    let result = triageParsedReply(read, j.protocol.redFlags, day);
    if (reply.urgent && moreSevere(result.severity, 'urgent') === 'urgent') {
      result = {
        severity: 'urgent',
        reasons: [OPERATOR_JUDGED_URGENT, ...result.reasons],
        callbackSoon: false,
      };
    }
    s.lastTriage = { at: j.now().toISOString(), severity: result.severity, reasons: result.reasons };
    j.note(
      'triaged',
      `${result.severity} on day ${day}${result.reasons.length ? `: ${result.reasons.join('; ')}` : ''}`,
    );
    const answered = [...s.checkIns].reverse().find((c) => c.status === 'sent' || c.status === 'reminded');
    if (answered) answered.status = 'answered';
    const key = `reply-${reply.providerMessageId}`;
    // Every outcome goes into the patient's record ([000] §7.5), the patient's words included.
    // (Added after journeys were already running: patched() keeps their histories replayable.)
    if (j.has(OUTCOMES_IN_EHR))
      j.record(
        key,
        `Patient reply${answered ? ` to check-in ${answered.id}` : ''} on post-op day ${day}: "${parsed.report.freeText}". ` +
          `Triage: ${result.severity}${result.reasons.length ? ` (${result.reasons.join('; ')})` : ''}.`,
      );
    const { clinic } = input;
    switch (result.severity) {
      case 'normal':
        j.tellPatient(
          key,
          j.message('reply-normal', { clinicName: clinic.name, procedureCode: input.surgery.procedureCode }),
          false,
          'Acknowledge with self-care advice',
        );
        break;
      case 'concern': {
        if (result.callbackSoon) {
          // Whatever the hour: the nurse on call phones within minutes, the patient is told so.
          j.openTask(
            'nurse-callback',
            'nurse',
            `Call the patient back now: ${result.reasons.join('; ')}. They wrote: "${parsed.report.freeText}"`,
            new Date(j.now().getTime() + CALLBACK_SOON_MINUTES * MINUTE),
          );
          j.tellPatient(
            key,
            j.message('reply-unclear', {
              clinicName: clinic.name,
              emergencyNumber: emergencyNumberOf(clinic),
            }),
            true,
            'Tell the patient a nurse will call shortly',
          );
          break;
        }
        const callbackBy = addBusinessMinutes(j.calendar, j.now(), CALLBACK_BUSINESS_MINUTES);
        j.openTask(
          'nurse-callback',
          'nurse',
          `Call the patient back: ${result.reasons.join('; ')}`,
          callbackBy,
        );
        j.tellPatient(
          key,
          j.message('reply-concern', {
            clinicName: clinic.name,
            callbackBy: callbackBy.toISOString(),
            timeZone: j.tz,
          }),
          false,
          'Tell the patient a nurse will call',
        );
        break;
      }
      case 'urgent':
        j.tellPatient(
          key,
          j.message('reply-urgent', {
            clinicName: clinic.name,
            emergencyLine: clinic.emergencyLine,
            emergencyNumber: emergencyNumberOf(clinic),
          }),
          true,
          'Tell the patient the doctor is being reached',
        );
        if (s.escalations.some((e) => ['paging', 'acknowledged'].includes(e.status))) {
          j.note('escalation-already-open', 'added to the open incident');
        } else {
          await children.startEscalation('urgent', result.reasons);
        }
        break;
      case 'emergency':
        j.tellPatient(
          key,
          j.message('emergency-instruction', {
            clinicName: clinic.name,
            emergencyLine: clinic.emergencyLine,
            emergencyNumber: emergencyNumberOf(clinic),
          }),
          true,
          'Tell the patient to call emergency services now',
        );
        await children.startEscalation('emergency', result.reasons);
        await children.startTransfer(result.reasons.join('; '));
        break;
    }
    j.syncSearchAttributes();
  }

  return { receive, handleReply, complaintLinked };
}

/**
 * The complaint's domain (with zod and its schemas), evaluated only when a survey opens one: the
 * SDK evaluates a workflow's modules for every journey it keeps cached (issue 13). A journey starts
 * the complaint by its type name for the same reason: importing the function would bring the
 * complaint's whole workflow.
 */
function complaintDomain(): typeof ComplaintDomain {
  // eslint-disable-next-line @typescript-eslint/no-require-imports, no-restricted-globals -- on first use
  return require('../../domain/complaint');
}
