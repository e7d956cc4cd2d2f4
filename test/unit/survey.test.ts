import { legacySurveyAnswer, parseSurveyAnswer } from '../../domain/survey';

describe('parseSurveyAnswer: a reply that is a score', () => {
  const scores: Array<[string, number, string | undefined]> = [
    ['5', 5, undefined],
    ['１', 1, undefined],
    [' 3. ', 3, undefined],
    ['4/5', 4, undefined],
    ['4 out of 5', 4, undefined],
    ['5 stars', 5, undefined],
    ['2 the swelling lasted too long', 2, 'the swelling lasted too long'],
    ['2, not what I hoped', 2, 'not what I hoped'],
    ['4 thank you', 4, 'thank you'],
    ['4点 ありがとうございました', 4, 'ありがとうございました'],
    ['３、待ち時間が長かった', 3, '待ち時間が長かった'],
    ['1まだ出血が止まらない', 1, 'まだ出血が止まらない'],
    ['1 まだ出血が止まらない、息が苦しい', 1, 'まだ出血が止まらない、息が苦しい'],
    ['5分，謝謝', 5, '謝謝'],
    ['2：醫師很好但櫃台態度差', 2, '醫師很好但櫃台態度差'],
  ];
  it.each(scores)('%j -> %i, comment %j', (text, score, comment) => {
    expect(parseSurveyAnswer(text)).toEqual({ score, ...(comment ? { comment } : {}) });
  });
});

describe('parseSurveyAnswer: a reply that starts with a number that is not a score', () => {
  it.each([
    "3 days now the bleeding won't stop and I can't breathe",
    '2 hours ago the bleeding started again',
    '1 week and still swollen',
    '2 pills and the pain is still 8',
    '3日前から腫れています',
    '2時間前から出血',
    '3天了還在流血',
    '38.5 fever',
    '3.5',
    '12',
    '6',
    '0',
    '3am woke up bleeding',
    'pain 3',
    'help??',
    '',
  ])('%j is not a survey answer', (text) => {
    expect(parseSurveyAnswer(text)).toBeUndefined();
  });
});

describe('legacySurveyAnswer: how journeys read it before (only for replaying them)', () => {
  it('took any reply starting with a digit 1-5', () => {
    expect(legacySurveyAnswer("3 days now the bleeding won't stop")).toEqual({
      score: 3,
      comment: "days now the bleeding won't stop",
    });
    expect(legacySurveyAnswer('5')).toEqual({ score: 5 });
    expect(legacySurveyAnswer('pain 3')).toBeUndefined();
  });
});
