import { ALLERGIC_SWELLING, BENIGN, DISTRESS, NOSE_BREATHING, PLEAS } from '../../domain/reply-cues';
import { explainReply, parseReply } from '../../domain/reply-parser';

/** The temperature the parser reads from a reply, in °C (undefined: none). */
function temperatureOf(text: string): number | undefined {
  return parseReply(text, 'en').report.temperatureC;
}

describe('temperatures (temperatureOf, celsius)', () => {
  // Two decimals on a Fahrenheit reading with a unit: 100.45F is 38.0 °C.
  it('reads two decimals before a unit', () => {
    expect(temperatureOf('It was 100.45F this morning')).toBe(38);
  });

  // "40° F" is the weather in Fahrenheit (4.4 °C, not a body temperature): the unit after ° counts,
  // with or without a space.
  it('reads the unit after a degree sign, even after a space', () => {
    expect(temperatureOf('Cold out, 40° F, but I feel fine')).toBeUndefined();
  });

  // A bare degree sign: 39° is Celsius, 101° is Fahrenheit.
  it('reads a degree sign without a unit', () => {
    expect(temperatureOf('It was 39° last night')).toBe(39);
    expect(temperatureOf('thermometer says 101°')).toBe(38.3);
  });

  // "degree" without the s, as many patients write it.
  it('reads "degree" as well as "degrees"', () => {
    expect(temperatureOf('thermometer says 101 degree')).toBe(38.3);
  });

  // The unit after "degrees", after one space, two spaces, or before more words.
  it('reads the unit after "degrees"', () => {
    expect(temperatureOf("It's 40 degrees F outside")).toBeUndefined();
    expect(temperatureOf("It's 40 degrees  F outside")).toBeUndefined();
  });

  // A number after a fever word, with two decimals, in Fahrenheit.
  it('reads two decimals after a fever word', () => {
    expect(temperatureOf('fever 100.45')).toBe(38);
  });

  // A bare decimal from 40 to 42.x, and with two decimals.
  it('reads bare decimals in the body-temperature range', () => {
    expect(temperatureOf('thermometer says 40.5')).toBe(40.5);
    expect(temperatureOf('thermometer says 37.85')).toBe(37.85);
  });

  // Numbers outside 34-43 °C are not body temperatures; 34 and 43 themselves are.
  it('keeps only 34 to 43 °C', () => {
    expect(temperatureOf('fever for 12 hours now')).toBeUndefined();
    expect(temperatureOf('had a fever for 48 hours')).toBeUndefined();
    expect(temperatureOf('my temp is 34')).toBe(34);
    expect(temperatureOf('my temp is 43')).toBe(43);
  });
});

describe('benign words and their negation', () => {
  // 不是不錯 ("not bad"): the 不 of 不是 does not negate 不錯.
  it('reads 不是不錯 as benign', () => {
    expect(parseReply('不是不錯', 'zh-Hant').understood).toBe(true);
  });

  // BENIGN_NEGATED_AFTER is anchored: a later くない, ほどではない or とは言えない, in another
  // sentence, does not negate the benign word.
  it('does not negate a benign word by a later sentence', () => {
    expect(parseReply('大丈夫です。眠くない', 'ja').understood).toBe(true);
    expect(parseReply('大丈夫です。気にするほどではないです', 'ja').understood).toBe(true);
    expect(parseReply('順調です。完璧とは言えないけど', 'ja').understood).toBe(true);
  });
});

describe('masked cues keep their place', () => {
  // blank() replaces an allergic-swelling cue by spaces of the same length: "唇が腫れ" inside
  // "腫れは…るほどではない" does not turn it into "腫れはるほどではない" (not to that degree).
  it('does not join the text around a masked allergic swelling', () => {
    expect(parseReply('腫れは唇が腫れるほどではない', 'ja').report.swelling).toBe('mild');
  });

  // 熱 alone is read with fever cues that contain 熱 blanked by spaces: "熱は高熱というほどではない"
  // (a temperature, not a high one) stays a fever, it does not become "熱はというほどではない".
  it('reads bare 熱 next to a blanked 高熱', () => {
    expect(parseReply('熱は高熱というほどではない', 'ja').report.fever).toBe(true);
  });
});

describe('distress and its negation', () => {
  // ZH_DISTRESS_NEGATED: the 不 must come right before the distress cue; 不知道 (don't know) does
  // not negate 很痛.
  it('does not read a distant 不 as negating distress', () => {
    expect(parseReply('不知道為什麼很難受，還發燒38.5', 'zh-Hant').understood).toBe(false);
  });
});

describe('explainReply: how each cue was read', () => {
  it('reads a keyword, and only that', () => {
    expect(explainReply('yes', 'en').cues).toEqual([{ list: 'keyword', cue: 'yes', reading: 'present' }]);
  });

  it('reports masked allergic swelling and nose breathing', () => {
    expect(explainReply('my lips are swollen', 'en').cues).toContainEqual({
      list: 'allergic-swelling',
      cue: ALLERGIC_SWELLING[0]!.source,
      reading: 'masked',
    });
    expect(explainReply("I can't breathe through my nose", 'en').cues).toContainEqual({
      list: 'nose-breathing',
      cue: NOSE_BREATHING[0]!.source,
      reading: 'masked',
    });
  });

  it('reports negated and present distress', () => {
    const { cues } = explainReply('not bad, but worse today', 'en');
    expect(cues).toContainEqual({ list: 'distress', cue: DISTRESS[0]!.source, reading: 'negated' });
    expect(cues).toContainEqual({ list: 'distress', cue: DISTRESS[0]!.source, reading: 'present' });
  });

  it('reports negated and present benign words', () => {
    const { cues } = explainReply('not good, but ok', 'en');
    expect(cues).toContainEqual({ list: 'benign', cue: BENIGN[0]!.source, reading: 'negated' });
    expect(cues).toContainEqual({ list: 'benign', cue: BENIGN[0]!.source, reading: 'present' });
  });

  it('reports a plea', () => {
    expect(explainReply('please call me', 'en').cues).toContainEqual({
      list: 'plea',
      cue: PLEAS[5]!.source,
      reading: 'present',
    });
  });
});

describe('bare numbers', () => {
  // Only a reply of one or two digits is a score or a pain level: "4.5" is not.
  it('does not read a decimal as a score', () => {
    expect(parseReply('4.5', 'en').score).toBeUndefined();
    expect(parseReply('-3', 'en').report.pain).not.toBe(-3);
  });
});
