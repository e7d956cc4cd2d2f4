// Where a patient's reply goes inside the journey: triage, the opt-out, the closing survey, a
// return visit that asked for a confirmation or a slot, or the medication courses. Pure code:
// the journey workflow asks `routeReply` and does what the route says.
//
// Safety first: a reply taken down as urgent is triaged as such whatever it says; every other
// reply is triaged unless it is a whole-message keyword (YES, TAKEN …) or a bare number that
// answers what was asked, and those carry no symptoms. A survey answer that reports symptoms
// or asks for help is care first: its score is not taken.

import type { ParsedReply } from './reply-parser';
import type { SurveyAnswer } from './survey';
import type { Severity } from './symptoms';
import type { VisitSummary } from './journey';

export type ReplyRoute =
  /** Taken down as urgent by a person (the after-hours operator): straight to triage. */
  | { to: 'triage'; parsed: ParsedReply; urgent: true }
  | { to: 'opt-out' }
  /** The closing survey's score; `triageFirst` (read as understood) when the comment reports a concern. */
  | { to: 'survey'; answer: SurveyAnswer; triageFirst?: ParsedReply }
  /** A survey answer reporting symptoms or a plea: triaged as understood, score not taken. */
  | { to: 'survey-declined'; answer: SurveyAnswer; parsed: ParsedReply }
  | { to: 'visit-slot'; visitId: string; choice: number; intent: ParsedReply['intent'] }
  | { to: 'visit'; visitId: string; intent: 'confirm' | 'reschedule' | 'decline' }
  | { to: 'doses'; intent: 'taken' | 'missed' }
  | { to: 'triage'; parsed: ParsedReply; urgent: false };

export interface ReplyContext {
  /** Taken down as urgent by a person. */
  urgent: boolean;
  /** The survey was sent and has no score yet: its answer, if the reply is one. */
  surveyAnswer?: SurveyAnswer;
  /** Journeys registered before survey answers were triaged take the score as it comes. */
  legacySurvey: boolean;
  returnVisits: Pick<VisitSummary, 'visitId' | 'status'>[];
  activeCourses: number;
  /** The reply's triage severity, read as understood (a score was recognised). */
  severityOf: (parsed: ParsedReply) => Severity;
}

const VISIT_ANSWERABLE: VisitSummary['status'][] = ['awaiting-confirmation', 'no-show', 'choosing-slot'];

export function routeReply(parsed: ParsedReply, context: ReplyContext): ReplyRoute {
  if (context.urgent) return { to: 'triage', parsed, urgent: true };
  if (parsed.intent === 'opt-out') return { to: 'opt-out' };
  const answer = context.surveyAnswer;
  if (answer && context.legacySurvey) return { to: 'survey', answer };
  if (answer) {
    // The score is what was recognised, so a comment the parser cannot read ("the wait was
    // long") is no reason for a callback; symptoms or a plea in it are.
    const understood = { ...parsed, understood: true };
    const severity = context.severityOf(understood);
    if (severity === 'urgent' || severity === 'emergency' || parsed.plea)
      return { to: 'survey-declined', answer, parsed: understood };
    // A concern gets its nurse callback and the score counts: a nurse checks the symptom, the
    // complaint desk the dissatisfaction.
    return { to: 'survey', answer, ...(severity === 'concern' ? { triageFirst: understood } : {}) };
  }
  const choosing = context.returnVisits.find((v) => v.status === 'choosing-slot');
  if (parsed.score !== undefined && choosing)
    return { to: 'visit-slot', visitId: choosing.visitId, choice: parsed.score, intent: parsed.intent };
  if (parsed.intent === 'confirm' || parsed.intent === 'reschedule' || parsed.intent === 'decline') {
    const visit = context.returnVisits.find((v) => VISIT_ANSWERABLE.includes(v.status));
    if (visit) return { to: 'visit', visitId: visit.visitId, intent: parsed.intent };
  }
  if ((parsed.intent === 'taken' || parsed.intent === 'missed') && context.activeCourses > 0)
    return { to: 'doses', intent: parsed.intent };
  // A bare number answers the check-in's "pain from 0 to 10".
  const pain = parsed.score !== undefined && parsed.report.pain === undefined;
  return {
    to: 'triage',
    parsed: pain ? { ...parsed, report: { ...parsed.report, pain: parsed.score } } : parsed,
    urgent: false,
  };
}
