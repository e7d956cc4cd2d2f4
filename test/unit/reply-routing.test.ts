import { parseReply } from '../../domain/reply-parser';
import type { ReplyContext } from '../../domain/reply-routing';
import { routeReply } from '../../domain/reply-routing';
import { parseSurveyAnswer } from '../../domain/survey';
import type { Severity } from '../../domain/symptoms';
import { triageParsedReply } from '../../domain/triage';
import { getProtocol } from '../../domain/protocol-catalogue';

// Where a reply goes inside the journey, without Temporal: triage unless it is a keyword or a
// bare number that answers what was asked; the survey's score only when the reply reports no
// symptom that needs care.

const severityOf = (p: ReturnType<typeof parseReply>): Severity =>
  triageParsedReply(p, getProtocol('rhinoplasty@1')!.redFlags, 3).severity;
const context = (over: Partial<ReplyContext> = {}): ReplyContext => ({
  urgent: false,
  legacySurvey: false,
  returnVisits: [],
  activeCourses: 0,
  severityOf,
  ...over,
});
const route = (text: string, over: Partial<ReplyContext> = {}) =>
  routeReply(parseReply(text, 'en'), context(over));
const survey = (text: string, over: Partial<ReplyContext> = {}) =>
  route(text, { surveyAnswer: parseSurveyAnswer(text), ...over });

describe('triage first', () => {
  test('a reply taken down as urgent is triaged as urgent, even a keyword', () => {
    expect(route('STOP', { urgent: true })).toMatchObject({ to: 'triage', urgent: true });
    expect(
      route('YES', { urgent: true, returnVisits: [{ visitId: 'v', status: 'awaiting-confirmation' }] }),
    ).toMatchObject({ to: 'triage', urgent: true });
  });
  test('STOP opts out', () => expect(route('STOP')).toEqual({ to: 'opt-out' }));
  test('a symptom report is triaged', () =>
    expect(route('bleeding a lot')).toMatchObject({
      to: 'triage',
      urgent: false,
      parsed: { report: { bleeding: 'heavy' } },
    }));
  test('a bare number answers the check-in: it is the pain score', () => {
    expect(route('7')).toMatchObject({ to: 'triage', parsed: { report: { pain: 7 } } });
  });
  test('a pain the reply names is not overwritten by the bare score', () => {
    const r = route('pain 6');
    expect(r).toMatchObject({ to: 'triage', parsed: { report: { pain: 6 } } });
  });
});

describe('the closing survey', () => {
  test('a plain score is taken', () => expect(survey('4')).toEqual({ to: 'survey', answer: { score: 4 } }));
  test('a score with a comment the parser cannot read is taken without a callback', () =>
    expect(survey('2 the wait was long')).toEqual({
      to: 'survey',
      answer: { score: 2, comment: 'the wait was long' },
    }));
  test('a score whose comment reports a concern: nurse callback first, then the score', () => {
    const r = survey('3 a bit of bleeding');
    expect(r).toMatchObject({ to: 'survey', answer: { score: 3 }, triageFirst: { understood: true } });
  });
  test('a score whose comment reports an urgent symptom is not taken: care first', () => {
    expect(survey('2 bleeding a lot since this morning')).toMatchObject({
      to: 'survey-declined',
      answer: { score: 2 },
      parsed: { understood: true, report: { bleeding: 'heavy' } },
    });
  });
  test('a score with a plea is not taken', () =>
    expect(survey('1 help please call me')).toMatchObject({ to: 'survey-declined' }));
  test('journeys from before triage-first take the score as it comes', () =>
    expect(survey('2 bleeding a lot', { legacySurvey: true })).toEqual({
      to: 'survey',
      answer: { score: 2, comment: 'bleeding a lot' },
    }));
  test('a reply that is not a score while the survey is open is triaged', () =>
    expect(survey('3 days now the bleeding will not stop')).toMatchObject({ to: 'triage' }));
});

describe('return visits and medication', () => {
  test('a number while a visit offers slots picks the slot, not the pain score', () => {
    const visits = [
      { visitId: 'a', status: 'confirmed' as const },
      { visitId: 'b', status: 'choosing-slot' as const },
    ];
    expect(route('2', { returnVisits: visits })).toEqual({
      to: 'visit-slot',
      visitId: 'b',
      choice: 2,
      intent: 'symptoms',
    });
  });
  test.each([
    ['YES', 'confirm'],
    ['CHANGE', 'reschedule'],
    ['NO', 'decline'],
  ] as const)('%s answers the visit awaiting an answer (%s)', (text, intent) => {
    const visits = [
      { visitId: 'a', status: 'attended' as const },
      { visitId: 'b', status: 'awaiting-confirmation' as const },
    ];
    expect(route(text, { returnVisits: visits })).toEqual({ to: 'visit', visitId: 'b', intent });
  });
  test('a no-show visit can still be answered', () =>
    expect(route('YES', { returnVisits: [{ visitId: 'n', status: 'no-show' }] })).toMatchObject({
      to: 'visit',
      visitId: 'n',
    }));
  test('YES with no visit awaiting an answer is triaged (it reports nothing)', () =>
    expect(route('YES', { returnVisits: [{ visitId: 'a', status: 'confirmed' }] })).toMatchObject({
      to: 'triage',
    }));
  test('TAKEN goes to the active courses', () => {
    expect(route('TAKEN', { activeCourses: 2 })).toEqual({ to: 'doses', intent: 'taken' });
    expect(route('MISSED', { activeCourses: 1 })).toEqual({ to: 'doses', intent: 'missed' });
  });
  test('TAKEN with no active course is triaged', () =>
    expect(route('TAKEN')).toMatchObject({ to: 'triage' }));
});
