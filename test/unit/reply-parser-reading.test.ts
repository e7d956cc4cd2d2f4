import type { Language } from '../../domain/language';
import { explainReply, parseReply } from '../../domain/reply-parser';
import type { SymptomReport } from '../../domain/symptoms';

// Guards for the rules in detect(), detectPlain(), painOf() and temperatureOf() that the mutation
// run (issue 15) showed no other test pinned down. Each case is a reply and its exact reading.

type Fields = Omit<SymptomReport, 'freeText'>;

function reportOf(text: string, language: Language): SymptomReport | undefined {
  return parseReply(text, language).report;
}

function expectFields(text: string, language: Language, fields: Fields): void {
  expect(reportOf(text, language)).toEqual({ freeText: text.trim(), ...fields });
}

function readingsOf(text: string, language: Language): Array<[string, string]> {
  return explainReply(text, language).cues.map((c) => [c.list, c.reading]);
}

describe('detect: yes/no symptoms are never "softened"', () => {
  // Only graded lists (none/light/heavy) have a degree to soften; "not really short of breath" is no.
  it.each<[string, Fields]>([
    ['not really short of breath', { breathingDifficulty: false }],
    ['not very feverish', { fever: false }],
  ])('%s', (text, fields) => expectFields(text, 'en', fields));
});

describe('detect: absent cues', () => {
  // Only a cue overlapping the "absent" cue is absent: an earlier cue in the same clause still counts.
  it('bleeding heavily this morning no bleeding now', () =>
    expectFields('bleeding heavily this morning no bleeding now', 'en', { bleeding: 'heavy' }));
  it('swollen yesterday today no swelling', () =>
    expectFields('swollen yesterday today no swelling', 'en', { swelling: 'mild' }));
  // A cue right next to an absent cue, with no space between (Japanese forms), is read on its own:
  // "出血なし滲みあり" (bleeding: none, oozing: yes) and "滲み出血なし" still ooze.
  it.each(['出血なし滲みあり', '滲み出血なし'])('%s', (text) =>
    expectFields(text, 'ja', { bleeding: 'light' }),
  );
  // The positive cue inside "no bleeding" is traced as absent, under its own list.
  it('traces the cue inside an absent cue as absent', () => {
    const { cues } = explainReply('no bleeding', 'en');
    expect(cues).toEqual([
      { list: 'bleeding', cue: expect.stringContaining('no (?:more )?'), reading: 'absent' },
      { list: 'bleeding', cue: expect.stringMatching(/^\\bbleed/u), reading: 'absent' },
    ]);
  });
});

describe('detect: negation', () => {
  // A plain negation is "none", not a softened "light".
  it('not bleeding', () => expectFields('not bleeding', 'en', { bleeding: 'none' }));
  it('traces a negated cue as negated', () =>
    expect(readingsOf('not bleeding', 'en')).toEqual([['bleeding', 'negated']]));
  // English denies the degree after the symptom: "don't think the bleeding is light" still bleeds.
  it.each([
    'I dont think the bleeding is light',
    'not sure the bleeding is light',
    'not bleeding- light',
    'not bleeding-light',
  ])('%s', (text) => expectFields(text, 'en', { bleeding: 'light' }));
  it('traces the denied degree as softened', () =>
    expect(readingsOf('I dont think the bleeding is light', 'en')).toEqual([
      ['bleeding', 'softened'],
      ['bleeding', 'negated'],
    ]));
  // A cue that is present is traced as present, also the shorter cue inside it.
  it('traces present cues as present', () => {
    const { cues } = explainReply('bleeding heavily', 'en');
    expect(cues).toEqual([
      { list: 'bleeding', cue: expect.stringContaining('heavily'), reading: 'present' },
      { list: 'bleeding', cue: expect.stringMatching(/^\\bbleed/u), reading: 'present' },
    ]);
  });
});

describe('detect: Japanese partly better', () => {
  // "少しパンパンがおさまってきた": only partly better, so the swelling keeps its level (severe).
  it.each(['少しパンパンがおさまってきた', 'ちょっとパンパンが治まってきた'])('%s', (text) =>
    expectFields(text, 'ja', { swelling: 'severe' }),
  );
});

describe('detectPlain: "no pain"', () => {
  it('reads pain 0 and traces the cue as present', () => {
    const { parsed, cues } = explainReply('no pain', 'en');
    expect(parsed.report?.pain).toBe(0);
    expect(cues).toEqual([{ list: 'no-pain', cue: expect.stringContaining('no pain'), reading: 'present' }]);
  });
});

describe('painOf: numbers that are scores', () => {
  it.each<[string, Language, Fields]>([
    // a number after a lunch is still the score: only a gap ENDING in "after" is a time.
    ['pain after lunch 5', 'en', { pain: 5 }],
    // a range with an impossible end keeps the possible score; 11 is no score
    ['pain 5 to 12', 'en', { pain: 5 }],
    ['pain 11', 'en', {}],
    // 点 later in the reply is not the score's 点: "3点" is three o'clock.
    ['疼痛5，3点吃药', 'zh-Hant', { pain: 5 }],
    ['疼痛4 晚上10点开始', 'zh-Hant', { pain: 4 }],
  ])('%s', (text, language, fields) => expectFields(text, language, fields));
});

describe('painOf: numbers that are not scores', () => {
  it.each<[string, Fields]>([
    // days and times in the gap before the number
    ['pain since 3', {}],
    ['pain for 2', {}],
    ['pain #4', {}],
    ['pain day3', {}],
    // painkillers are masked: "painkiller 5" is not a pain of 5
    ['painkiller 5', {}],
    ['pain killer 5 pain 3', { pain: 3 }],
  ])('%s', (text, fields) => expectFields(text, 'en', fields));
  // an appointment date written right after 予約
  it('予約7/10', () => expectFields('予約7/10', 'ja', {}));
  it('traces the painkillers mask', () =>
    expect(readingsOf('took painkillers', 'en')).toEqual([['painkillers', 'masked']]));
});

describe('temperatureOf', () => {
  it.each<[string, Language, Fields]>([
    ['38 度5', 'zh-Hant', { fever: true, temperatureC: 38.5 }],
    ['38度 5', 'zh-Hant', { fever: true, temperatureC: 38.5 }],
    ['37度8 有点烧', 'zh-Hant', { fever: true, temperatureC: 37.8 }],
    // 5点30分 is half past five, not 38.5
    ['38度5点30分', 'zh-Hant', { fever: true, temperatureC: 38 }],
    // a number marked C is never read as Fahrenheit, however implausible
    ['99c', 'en', {}],
  ])('%s', (text, language, fields) => expectFields(text, language, fields));
});
