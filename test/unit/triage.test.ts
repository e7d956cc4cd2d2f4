import type { RedFlagRule } from '../../domain/protocol';
import { parseReply } from '../../domain/reply-parser';
import type { SymptomReport } from '../../domain/symptoms';
import type { Language } from '../../domain/language';
import {
  CALLBACK_SOON_MINUTES,
  FEVER_THRESHOLD_C,
  NOT_UNDERSTOOD,
  PLEA_FOR_HELP,
  SAFETY_NET_RULES,
  conditionMet,
  triage,
  triageParsedReply,
} from '../../domain/triage';

const rule = (r: RedFlagRule): RedFlagRule => r;

// A small protocol: early days are watched more closely than later ones.
const RULES: RedFlagRule[] = [
  rule({
    id: 'pain-early',
    fromDay: 0,
    toDay: 3,
    when: { symptom: 'pain', atLeast: 8 },
    severity: 'urgent',
    reason: 'Severe pain in the first days',
  }),
  rule({
    id: 'pain-late',
    fromDay: 4,
    toDay: 30,
    when: { symptom: 'pain', atLeast: 6 },
    severity: 'concern',
    reason: 'Pain not settling',
  }),
  rule({
    id: 'bleeding-light',
    fromDay: 0,
    toDay: 7,
    when: { symptom: 'bleeding', atLeast: 'light' },
    severity: 'concern',
    reason: 'Some bleeding',
  }),
  rule({
    id: 'bleeding-heavy',
    fromDay: 0,
    toDay: 30,
    when: { symptom: 'bleeding', atLeast: 'heavy' },
    severity: 'emergency',
    reason: 'Heavy bleeding',
  }),
  rule({
    id: 'swelling-severe',
    fromDay: 2,
    toDay: 14,
    when: { symptom: 'swelling', atLeast: 'severe' },
    severity: 'urgent',
    reason: 'Severe swelling (possible haematoma)',
  }),
  rule({
    id: 'swelling-mild',
    fromDay: 10,
    toDay: 30,
    when: { symptom: 'swelling', atLeast: 'mild' },
    severity: 'concern',
    reason: 'Swelling still present',
  }),
  rule({
    id: 'fever-any',
    fromDay: 0,
    toDay: 30,
    when: { symptom: 'fever' },
    severity: 'concern',
    reason: 'Fever',
  }),
  rule({
    id: 'fever-high',
    fromDay: 0,
    toDay: 30,
    when: { symptom: 'fever', atLeastC: 38.5 },
    severity: 'urgent',
    reason: 'High fever (possible infection)',
  }),
];

const report = (fields: Omit<SymptomReport, 'freeText'>): SymptomReport => ({ freeText: 'test', ...fields });

describe('triage', () => {
  it('is normal with no reasons when nothing fires', () => {
    expect(triage(report({ pain: 3, bleeding: 'none', swelling: 'mild', fever: false }), RULES, 2)).toEqual({
      severity: 'normal',
      reasons: [],
    });
    expect(triage(report({}), RULES, 0)).toEqual({ severity: 'normal', reasons: [] });
    expect(triage(report({}), [], 5)).toEqual({ severity: 'normal', reasons: [] });
  });

  describe('day ranges are inclusive', () => {
    it('fires on fromDay and on toDay', () => {
      expect(triage(report({ pain: 8 }), RULES, 0)).toEqual({
        severity: 'urgent',
        reasons: ['Severe pain in the first days'],
      });
      expect(triage(report({ pain: 8 }), RULES, 3)).toEqual({
        severity: 'urgent',
        reasons: ['Severe pain in the first days'],
      });
      expect(triage(report({ swelling: 'severe' }), RULES, 2).severity).toBe('urgent');
      expect(triage(report({ swelling: 'severe' }), RULES, 14).severity).toBe('urgent');
    });

    it('does not fire outside the range', () => {
      expect(triage(report({ swelling: 'severe' }), RULES, 1)).toEqual({ severity: 'normal', reasons: [] });
      // Day 15 is past the severe-swelling rule; only the later mild-swelling rule still applies.
      expect(triage(report({ swelling: 'severe' }), RULES, 15)).toEqual({
        severity: 'concern',
        reasons: ['Swelling still present'],
      });
      expect(triage(report({ swelling: 'mild' }), RULES, 9)).toEqual({ severity: 'normal', reasons: [] });
      expect(triage(report({ swelling: 'mild' }), RULES, 31)).toEqual({ severity: 'normal', reasons: [] });
      expect(triage(report({ bleeding: 'light' }), RULES, 8)).toEqual({ severity: 'normal', reasons: [] });
    });

    it('switches from one rule to the next at the boundary', () => {
      // Day 3: pain 7 is below the early threshold; day 4: the later rule (pain >= 6) applies.
      expect(triage(report({ pain: 7 }), RULES, 3)).toEqual({ severity: 'normal', reasons: [] });
      expect(triage(report({ pain: 7 }), RULES, 4)).toEqual({
        severity: 'concern',
        reasons: ['Pain not settling'],
      });
    });
  });

  describe('thresholds', () => {
    it('pain atLeast N includes N', () => {
      expect(triage(report({ pain: 6 }), RULES, 10).severity).toBe('concern');
      expect(triage(report({ pain: 5 }), RULES, 10).severity).toBe('normal');
    });

    it('bleeding atLeast light includes heavy; heavy only heavy', () => {
      expect(conditionMet({ symptom: 'bleeding', atLeast: 'light' }, report({ bleeding: 'light' }))).toBe(
        true,
      );
      expect(conditionMet({ symptom: 'bleeding', atLeast: 'light' }, report({ bleeding: 'heavy' }))).toBe(
        true,
      );
      expect(conditionMet({ symptom: 'bleeding', atLeast: 'light' }, report({ bleeding: 'none' }))).toBe(
        false,
      );
      expect(conditionMet({ symptom: 'bleeding', atLeast: 'heavy' }, report({ bleeding: 'light' }))).toBe(
        false,
      );
      expect(conditionMet({ symptom: 'bleeding', atLeast: 'light' }, report({}))).toBe(false);
    });

    it('swelling atLeast mild includes severe; severe only severe', () => {
      expect(conditionMet({ symptom: 'swelling', atLeast: 'mild' }, report({ swelling: 'severe' }))).toBe(
        true,
      );
      expect(conditionMet({ symptom: 'swelling', atLeast: 'mild' }, report({ swelling: 'mild' }))).toBe(true);
      expect(conditionMet({ symptom: 'swelling', atLeast: 'mild' }, report({ swelling: 'none' }))).toBe(
        false,
      );
      expect(conditionMet({ symptom: 'swelling', atLeast: 'severe' }, report({ swelling: 'mild' }))).toBe(
        false,
      );
    });

    it('breathing and allergic reaction fire only when true', () => {
      expect(conditionMet({ symptom: 'breathingDifficulty' }, report({ breathingDifficulty: true }))).toBe(
        true,
      );
      expect(conditionMet({ symptom: 'breathingDifficulty' }, report({ breathingDifficulty: false }))).toBe(
        false,
      );
      expect(conditionMet({ symptom: 'allergicReaction' }, report({ allergicReaction: true }))).toBe(true);
      expect(conditionMet({ symptom: 'allergicReaction' }, report({}))).toBe(false);
    });
  });

  describe('fever', () => {
    it('a fever with a temperature below the threshold fires only the plain fever rule', () => {
      expect(triage(report({ fever: true, temperatureC: 38.0 }), RULES, 5)).toEqual({
        severity: 'concern',
        reasons: ['Fever'],
      });
    });

    it('a temperature at the threshold fires the high-fever rule', () => {
      expect(triage(report({ fever: true, temperatureC: 38.5 }), RULES, 5)).toEqual({
        severity: 'urgent',
        reasons: ['High fever (possible infection)', 'Fever'],
      });
    });

    it('a fever without a number is treated as meeting the threshold (safer)', () => {
      expect(triage(report({ fever: true }), RULES, 5)).toEqual({
        severity: 'urgent',
        reasons: ['High fever (possible infection)', 'Fever'],
      });
    });

    it('no fever does not fire, whatever the rule', () => {
      expect(triage(report({ fever: false }), RULES, 5)).toEqual({ severity: 'normal', reasons: [] });
      expect(triage(report({ fever: false, temperatureC: 36.8 }), RULES, 5)).toEqual({
        severity: 'normal',
        reasons: [],
      });
    });

    it(`a measured ${FEVER_THRESHOLD_C}°C or more counts as a fever even if the flag is unset`, () => {
      expect(triage(report({ temperatureC: 39 }), RULES, 5).severity).toBe('urgent');
      expect(triage(report({ temperatureC: FEVER_THRESHOLD_C }), RULES, 5)).toEqual({
        severity: 'concern',
        reasons: ['Fever'],
      });
    });
  });

  describe('several rules firing', () => {
    it('takes the most severe and lists every reason, most severe first then in rule order', () => {
      const result = triage(
        report({ pain: 9, bleeding: 'light', swelling: 'severe', fever: true, temperatureC: 38.0 }),
        RULES,
        2,
      );
      expect(result).toEqual({
        severity: 'urgent',
        reasons: [
          'Severe pain in the first days',
          'Severe swelling (possible haematoma)',
          'Some bleeding',
          'Fever',
        ],
      });
    });

    it('heavy bleeding fires both bleeding rules; the emergency comes first', () => {
      expect(triage(report({ bleeding: 'heavy' }), RULES, 1)).toEqual({
        severity: 'emergency',
        reasons: ['Heavy bleeding', 'Some bleeding'],
      });
    });

    it('lists a reason once even if two rules share it', () => {
      const rules = [
        rule({
          id: 'a',
          fromDay: 0,
          toDay: 5,
          when: { symptom: 'pain', atLeast: 5 },
          severity: 'concern',
          reason: 'Pain',
        }),
        rule({
          id: 'b',
          fromDay: 0,
          toDay: 5,
          when: { symptom: 'pain', atLeast: 7 },
          severity: 'urgent',
          reason: 'Pain',
        }),
      ];
      expect(triage(report({ pain: 8 }), rules, 1)).toEqual({ severity: 'urgent', reasons: ['Pain'] });
    });
  });

  describe('safety net', () => {
    it('covers every day of the first year with emergencies', () => {
      expect(SAFETY_NET_RULES.map((r) => r.when.symptom).sort()).toEqual([
        'allergicReaction',
        'bleeding',
        'breathingDifficulty',
      ]);
      for (const net of SAFETY_NET_RULES) {
        expect(net).toMatchObject({ fromDay: 0, toDay: 365, severity: 'emergency' });
      }
      expect(SAFETY_NET_RULES.find((r) => r.when.symptom === 'bleeding')?.when).toEqual({
        symptom: 'bleeding',
        atLeast: 'heavy',
      });
    });

    it('fires with an empty rule list', () => {
      expect(triage(report({ breathingDifficulty: true }), [], 0)).toEqual({
        severity: 'emergency',
        reasons: ['Difficulty breathing'],
      });
      expect(triage(report({ allergicReaction: true }), [], 200)).toEqual({
        severity: 'emergency',
        reasons: ['Signs of an allergic reaction (hives, swollen lips or throat)'],
      });
      expect(triage(report({ bleeding: 'heavy' }), [], 365)).toEqual({
        severity: 'emergency',
        reasons: ['Heavy bleeding'],
      });
      expect(triage(report({ bleeding: 'light' }), [], 3)).toEqual({ severity: 'normal', reasons: [] });
    });

    it('fires outside the protocol rule days', () => {
      // RULES stop at day 30; the safety net does not.
      expect(triage(report({ bleeding: 'heavy' }), RULES, 60)).toEqual({
        severity: 'emergency',
        reasons: ['Heavy bleeding'],
      });
    });

    it('adds to the protocol reasons after them, once', () => {
      const result = triage(report({ pain: 9, breathingDifficulty: true, allergicReaction: true }), RULES, 1);
      expect(result).toEqual({
        severity: 'emergency',
        reasons: [
          'Difficulty breathing',
          'Signs of an allergic reaction (hives, swollen lips or throat)',
          'Severe pain in the first days',
        ],
      });
    });

    it("is not repeated when the protocol's own emergency rule already says it", () => {
      const rules = [
        rule({
          id: 'bleed',
          fromDay: 0,
          toDay: 30,
          when: { symptom: 'bleeding', atLeast: 'heavy' },
          severity: 'emergency',
          reason: 'Bleeding through the dressing',
        }),
      ];
      expect(triage(report({ bleeding: 'heavy' }), rules, 2)).toEqual({
        severity: 'emergency',
        reasons: ['Bleeding through the dressing'],
      });
    });

    it('raises a protocol rule that under-rates an emergency', () => {
      const rules = [
        rule({
          id: 'bleed',
          fromDay: 0,
          toDay: 30,
          when: { symptom: 'bleeding', atLeast: 'heavy' },
          severity: 'urgent',
          reason: 'Bleeding through the dressing',
        }),
      ];
      expect(triage(report({ bleeding: 'heavy' }), rules, 2)).toEqual({
        severity: 'emergency',
        reasons: ['Heavy bleeding', 'Bleeding through the dressing'],
      });
    });
  });

  describe('with parsed replies', () => {
    it.each([
      ['出血が止まらない', 'ja', 1, 'emergency'],
      ['喘不過氣', 'zh-Hant', 10, 'emergency'],
      ['pain 9, a bit swollen', 'en', 2, 'urgent'],
      ['熱は３８．５℃です', 'ja', 6, 'urgent'],
      ['no fever, no bleeding, pain 2', 'en', 1, 'normal'],
      ['少量出血', 'zh-Hant', 3, 'concern'],
    ] as const)('%j (%s) on day %i is %s', (text, language, day, severity) => {
      expect(triage(parseReply(text, language).report, RULES, day).severity).toBe(severity);
    });
  });
});

describe('triageParsedReply: no reply is read into reassurance', () => {
  const of = (text: string, language: Language, day = 5) =>
    triageParsedReply(parseReply(text, language), RULES, day);

  it.each([
    ['help??', 'en'],
    ['救命??', 'ja'],
    ['救命??', 'zh-Hant'],
    ['助けて', 'ja'],
    ['幫幫我', 'zh-Hant'],
    ["I'm fine but please call me", 'en'],
  ] as const)('the plea %j (%s) is a concern with a nurse callback soon', (text, language) => {
    expect(of(text, language)).toEqual({ severity: 'concern', reasons: [PLEA_FOR_HELP], callbackSoon: true });
  });

  it.each([
    ['???', 'en'],
    ['I feel weird', 'en'],
    ['なんか変です', 'ja'],
    ['怪怪的', 'zh-Hant'],
  ] as const)('%j (%s) cannot be read: a concern with a nurse callback soon', (text, language) => {
    expect(of(text, language)).toEqual({
      severity: 'concern',
      reasons: [NOT_UNDERSTOOD],
      callbackSoon: true,
    });
  });

  it.each([
    ['pain 2, no bleeding', 'en'],
    ["I'm fine, thanks", 'en'],
    ['大丈夫です', 'ja'],
    ['還好，謝謝', 'zh-Hant'],
  ] as const)('%j (%s) is understood and benign: normal', (text, language) => {
    expect(of(text, language)).toEqual({ severity: 'normal', reasons: [], callbackSoon: false });
  });

  it('a red flag wins over a plea: an emergency stays an emergency', () => {
    const result = of("help, I can't breathe", 'en');
    expect(result.severity).toBe('emergency');
    expect(result.callbackSoon).toBe(false);
  });

  it('a plea with a concern keeps the concern reasons and calls back soon', () => {
    expect(of('pain 7, please call me', 'en')).toEqual({
      severity: 'concern',
      reasons: [PLEA_FOR_HELP, 'Pain not settling'],
      callbackSoon: true,
    });
  });

  it('calls back within minutes, not hours', () => {
    expect(CALLBACK_SOON_MINUTES).toBeLessThanOrEqual(30);
  });
});
