import type { Language } from '../../domain/language';
import { explainReply, parseReply } from '../../domain/reply-parser';

// Mutation testing (issue 15): the parser's keywords, normalising, clause splitting and the
// English / Chinese / Japanese negation rules, each pinned by replies and their exact reading.

function reading(text: string, language: Language): Record<string, unknown> {
  const { freeText: _freeText, ...report } = parseReply(text, language).report;
  return report;
}

describe('whole-message keywords survive punctuation and spacing', () => {
  test.each([
    ['..STOP', 'opt-out'], // every leading punctuation mark is stripped, not just the first
    ['"...yes"', 'confirm'],
    ['opt  out', 'opt-out'], // runs of spaces inside a keyword count as one
  ])('"%s" is %s', (text, intent) => {
    expect(parseReply(text, 'en').intent).toBe(intent);
  });
});

describe('English negators', () => {
  test.each([
    ['never had a fever', { fever: false }],
    ['none of the bleeding', { bleeding: 'none' }],
    ['pain is ok and nor is there swelling', { swelling: 'none' }],
    ['hardly any swelling', { swelling: 'none' }],
    ['barely bleeding', { bleeding: 'none' }],
    ['neither fever nor swelling', { fever: false, swelling: 'none' }],
    ['I cannot see any swelling', { swelling: 'none' }],
    ["it didn't bleed", { bleeding: 'none' }],
    ["it isn't swollen", { swelling: 'none' }],
    ["it wasn't bleeding", { bleeding: 'none' }],
    ["the stitches weren't bleeding", { bleeding: 'none' }],
    ["I hadn't had a fever", { fever: false }],
    ["I won't have a fever", { fever: false }],
    ["hopefully it won't get swollen", { swelling: 'none' }],
    ["I can't see any bleeding", { bleeding: 'none' }],
    ["I couldn't see any bleeding", { bleeding: 'none' }],
    // a negator's reach ends at its clause: "1." and "2." number the answers
    ['1.no fever 2.bleeding a little', { fever: false, bleeding: 'light' }],
    // "." before a number ends a sentence too: "… no swelling.2 bleeding" numbers the next answer
    ['1 no swelling.2 bleeding a little', { swelling: 'none', bleeding: 'light' }],
  ])('"%s" reads %j', (text, expected) => {
    expect(reading(text, 'en')).toEqual(expected);
  });
});

describe('English: "not very …" is less, not none', () => {
  test.each([
    ['not too swollen', { swelling: 'mild' }],
    ['not that swollen', { swelling: 'mild' }],
    ['not so swollen', { swelling: 'mild' }],
    ['not much swelling', { swelling: 'mild' }],
    ['not super swollen', { swelling: 'mild' }],
    ['not extremely swollen', { swelling: 'mild' }],
    ['not swollen too much', { swelling: 'mild' }],
    ['not bleeding very much', { bleeding: 'light' }],
    ['not swollen alot', { swelling: 'mild' }],
    // double spaces, as phones type them
    ['not bleeding  much', { bleeding: 'light' }],
    ['not swollen that  much', { swelling: 'mild' }],
    ['not swollen too  much', { swelling: 'mild' }],
    ['not swollen so  much', { swelling: 'mild' }],
    ['not swollen very  much', { swelling: 'mild' }],
    // "a lot" only counts right after the symptom, not later in the clause
    ['not swollen but bleeding a lot', { swelling: 'none', bleeding: 'heavy' }],
    // "not a big swelling" denies the swelling ("a" is no "a lot")
    ['not a big swelling', { swelling: 'none' }],
  ])('"%s" reads %j', (text, expected) => {
    expect(reading(text, 'en')).toEqual(expected);
  });
});

describe('form-style answers', () => {
  test.each([
    ['swelling yes fever no', { swelling: 'mild', fever: false }], // "no" belongs to fever only
    ['fever  no', { fever: false }],
    ['swelling no  more', { swelling: 'none' }],
  ])('"%s" reads %j', (text, expected) => {
    expect(reading(text, 'en')).toEqual(expected);
  });
});

describe('Chinese negation', () => {
  test.each([
    ['不知道是不是感染 沒有發燒', { fever: false }], // an earlier A-not-A question does not cancel 沒有
    ['有沒有 發燒', { fever: true }], // A-not-A question, even with a space
    ['出血:少量 沒有發燒', { bleeding: 'light', fever: false }], // a colon earlier does not cancel 沒有
    ['出血: 無 腫脹: 輕微', { bleeding: 'none', swelling: 'mild' }], // 無 is the first field's value
    ['沒有非常腫', { swelling: 'mild' }], // not very swollen: less, not none
    ['沒有 超腫', { swelling: 'mild' }],
    ['發燒 都沒有', { fever: false }],
    ['傷口有點流血 發燒都沒有', { bleeding: 'light', fever: false }], // 都沒有 negates only 發燒
    ['傷口流血 也沒有腫', { bleeding: 'light', swelling: 'none' }],
    ['腫也沒有消', { swelling: 'mild' }], // "has not gone down either": still swollen
  ])('"%s" reads %j', (text, expected) => {
    expect(reading(text, 'zh-Hant')).toEqual(expected);
  });
});

describe('Japanese negation', () => {
  test.each([
    ['熱は出てはない', { fever: false }],
    ['出血が少しあるけど腫れた感じはない', { bleeding: 'light', swelling: 'none' }],
    ['腫れてる感じは ない', { swelling: 'none' }],
    ['腫れてる感じはあまりない', { swelling: 'mild' }], // "not much": still some
    ['じんましんは治まりました', { allergicReaction: false }], // settled, not "partly"
    ['蕁麻疹は引きました', { allergicReaction: false }],
    ['熱があるわけじゃないですか', { fever: true }], // a suspicion, not a denial
  ])('"%s" reads %j', (text, expected) => {
    expect(reading(text, 'ja')).toEqual(expected);
  });
});

describe('curly apostrophes and nose breathing (bug: "couldnt" was read as an emergency)', () => {
  test.each([
    'I couldn’t breathe through my nose',
    "I couldn't breathe through my nose",
    'I couldnt breathe through my nose',
  ])('"%s" is nose breathing, not breathing difficulty', (text) => {
    expect(reading(text, 'en')).toEqual({});
  });
});

describe('cue readings shown to the corpus', () => {
  const READINGS = ['present', 'negated', 'softened', 'absent', 'masked'];
  test.each([
    ['出血なし', 'ja'],
    ['no bleeding', 'en'],
    ['少し熱が下がった', 'ja'],
    ['沒有流血', 'zh-Hant'],
  ] as const)('every cue in "%s" names its list, cue and reading', (text, language) => {
    const { cues } = explainReply(text, language);
    expect(cues.length).toBeGreaterThan(0);
    for (const c of cues) {
      expect(c.list).not.toBe('');
      expect(c.cue).not.toBe('');
      expect(READINGS).toContain(c.reading);
    }
  });

  test('a partly-settled fever is read as present ("少し熱が下がった")', () => {
    const { parsed, cues } = explainReply('少し熱が下がった', 'ja');
    expect(parsed.report.fever).toBe(true);
    expect(cues.filter((c) => c.list.startsWith('fever')).map((c) => c.reading)).toContain('present');
  });

  test('an "absent" cue is traced as absent ("出血なし")', () => {
    const { cues } = explainReply('出血なし', 'ja');
    expect(cues).toContainEqual(expect.objectContaining({ list: 'bleeding', reading: 'absent' }));
  });
});

// Found by surviving mutants of the 2026-12-06 run: each was a misreading, now fixed.
describe('questions, degrees and form labels (from surviving mutants)', () => {
  test.each([
    // The question mark stayed with its clause: "isn't it a fever?" suspects one.
    ['熱じゃない？', 'ja', { fever: true }],
    ['熱じゃない ?', 'ja', { fever: true }],
    ['熱はない？', 'ja', { fever: false }],
    // A degree anywhere in the negated phrase is denied, not the swelling itself.
    ['沒有腫脹很嚴重', 'zh-Hant', { swelling: 'mild' }],
    // A label between the symptom and the form's colon.
    ['發燒情況：無', 'zh-Hant', { fever: false }],
    ['熱感:なし', 'ja', { fever: false }],
    ['swelling/bruising: none', 'en', { swelling: 'none' }],
    // The form's answer after "熱 fever" answers both words.
    ['熱 fever: なし', 'ja', { fever: false }],
    // ... but never across another field's colon.
    ['bleeding:yes/swelling:no', 'en', { bleeding: 'light', swelling: 'none' }],
  ] as const)('"%s" (%s) reads %j', (text, language, expected) => {
    expect(reading(text, language)).toEqual(expected);
  });
});
