import type { Language } from '../../domain/language';
import type { ParsedReply, ReplyIntent } from '../../domain/reply-parser';
import { parseReply } from '../../domain/reply-parser';
import type { SymptomReport } from '../../domain/symptoms';

type Fields = Omit<SymptomReport, 'freeText'>;

/** The whole report, so a symptom the reply does not mention must stay absent (pleas: below). */
function expectReport(text: string, language: Language, fields: Fields): void {
  expect(parseReply(text, language)).toEqual({
    intent: 'symptoms',
    report: { freeText: text.trim(), ...fields },
    plea: expect.any(Boolean),
    understood: expect.any(Boolean),
  });
}

const KEYWORD = { plea: false, understood: true };

function expectIntent(text: string, language: Language, intent: ReplyIntent): void {
  const expected: ParsedReply = { intent, report: { freeText: text.trim() }, ...KEYWORD };
  expect(parseReply(text, language)).toEqual(expected);
}

describe('parseReply: English symptom replies', () => {
  const cases: Array<[string, Fields]> = [
    ['pain 7', { pain: 7 }],
    ['pain is 7/10', { pain: 7 }],
    ['7/10', { pain: 7 }],
    ['Pain 10/10!!', { pain: 10 }],
    ['pain 3 out of 10', { pain: 3 }],
    ['My pain is about a 6, a little bleeding, no fever', { pain: 6, bleeding: 'light', fever: false }],
    [
      'Pain 4. Bleeding a little. No swelling. No fever.',
      { pain: 4, bleeding: 'light', swelling: 'none', fever: false },
    ],
    [
      'pain 3, no bleeding, mild swelling, no fever',
      { pain: 3, bleeding: 'none', swelling: 'mild', fever: false },
    ],
    ["I'm on day 3 and the pain is 8", { pain: 8 }],
    ['pain since 3pm, about 5/10', { pain: 5 }],
    ['took 2 painkillers, pain 4', { pain: 4 }],
    ['pain 5-6', { pain: 6 }],
    ['no pain at all', { pain: 0 }],
    ["it doesn't hurt", { pain: 0 }],
    ['severe pain around my nose', { pain: 8 }],
    ['bleeding a lot and it keeps going', { bleeding: 'heavy' }],
    ["It won't stop bleeding", { bleeding: 'heavy' }],
    ['It won’t stop bleeding', { bleeding: 'heavy' }],
    ["I can't stop the bleeding", { bleeding: 'heavy' }],
    ["it hasn't stopped bleeding", { bleeding: 'heavy' }],
    ['the gauze is soaked', { bleeding: 'heavy' }],
    ['a little bleeding from the stitches', { bleeding: 'light' }],
    ["I'm bleeding", { bleeding: 'light' }],
    ['some oozing at the incision', { bleeding: 'light' }],
    ['bleeding has stopped', { bleeding: 'none' }],
    ['very swollen today', { swelling: 'severe' }],
    ['swelling is getting worse', { swelling: 'severe' }],
    ['a bit swollen around the eyes', { swelling: 'mild' }],
    ['still swollen', { swelling: 'mild' }],
    ['I have a fever', { fever: true }],
    ['feeling feverish, 38.5C', { fever: true, temperatureC: 38.5 }],
    ['temp 38.2', { fever: true, temperatureC: 38.2 }],
    ['my temp was 37.9 last night', { fever: true, temperatureC: 37.9 }],
    ['temperature 101F', { fever: true, temperatureC: 38.3 }],
    ['37.2', { fever: false, temperatureC: 37.2 }],
    ["I can't breathe", { breathingDifficulty: true }],
    ['short of breath', { breathingDifficulty: true }],
    ['it is hard to breathe', { breathingDifficulty: true }],
    ['difficulty breathing since this morning', { breathingDifficulty: true }],
    ['I have hives all over', { allergicReaction: true }],
    ['a rash on my arms', { allergicReaction: true }],
    ['my lips are swelling', { allergicReaction: true }],
    ['throat swelling and short of breath', { allergicReaction: true, breathingDifficulty: true }],
    ['I think I had an allergic reaction', { allergicReaction: true }],
    ['Bleeding: heavy, swelling: severe', { bleeding: 'heavy', swelling: 'severe' }],
    ['bleeding light, swelling mild, pain 2/10', { pain: 2, bleeding: 'light', swelling: 'mild' }],
    ['breathing is fine', { breathingDifficulty: false }],
    ['hello, all good thanks', {}],
  ];
  it.each(cases)('%j', (text, fields) => expectReport(text, 'en', fields));
});

describe('parseReply: Japanese symptom replies', () => {
  const cases: Array<[string, Fields]> = [
    ['痛み7', { pain: 7 }],
    ['痛みは８です', { pain: 8 }],
    ['痛みは10段階で6くらい', { pain: 6 }],
    ['術後3日目、痛みは4', { pain: 4 }],
    ['痛み止めを2錠飲んだ、痛みは5', { pain: 5 }],
    ['痛み3、出血なし、腫れ少し、熱なし', { pain: 3, bleeding: 'none', swelling: 'mild', fever: false }],
    ['痛みなし', { pain: 0 }],
    ['痛くないです', { pain: 0 }],
    ['あまり痛くない', {}],
    ['出血多い、腫れ強い', { bleeding: 'heavy', swelling: 'severe' }],
    ['激痛です', { pain: 8 }],
    ['大量の出血があります', { bleeding: 'heavy' }],
    ['大量出血', { bleeding: 'heavy' }],
    ['出血が止まらない', { bleeding: 'heavy' }],
    ['血が止まらないです', { bleeding: 'heavy' }],
    ['出血が多いです', { bleeding: 'heavy' }],
    ['少し出血しています', { bleeding: 'light' }],
    ['傷口から血が滲む', { bleeding: 'light' }],
    ['出血しています', { bleeding: 'light' }],
    ['出血なし', { bleeding: 'none' }],
    ['出血していません', { bleeding: 'none' }],
    ['出血は止まりました', { bleeding: 'none' }],
    ['腫れがひどい', { swelling: 'severe' }],
    ['ひどく腫れています', { swelling: 'severe' }],
    ['腫れがひどくない', { swelling: 'mild' }],
    ['少し腫れています', { swelling: 'mild' }],
    ['腫れはありません', { swelling: 'none' }],
    ['熱があります', { fever: true }],
    ['発熱38度5分', { fever: true, temperatureC: 38.5 }],
    ['熱は３８．５℃です', { fever: true, temperatureC: 38.5 }],
    ['39度', { fever: true, temperatureC: 39 }],
    ['37度8分', { fever: true, temperatureC: 37.8 }],
    ['熱は36.8度でした', { fever: false, temperatureC: 36.8 }],
    ['熱はない', { fever: false }],
    ['傷口が熱い', {}],
    ['息苦しい', { breathingDifficulty: true }],
    ['呼吸が苦しいです', { breathingDifficulty: true }],
    ['呼吸困難', { breathingDifficulty: true }],
    ['息苦しくない', { breathingDifficulty: false }],
    ['じんましんが出ました', { allergicReaction: true }],
    ['蕁麻疹', { allergicReaction: true }],
    ['唇が腫れてきました', { allergicReaction: true }],
    ['喉が腫れている感じ', { allergicReaction: true }],
  ];
  it.each(cases)('%j', (text, fields) => expectReport(text, 'ja', fields));
});

describe('parseReply: Traditional Chinese symptom replies', () => {
  const cases: Array<[string, Fields]> = [
    ['疼痛7分', { pain: 7 }],
    ['痛 7', { pain: 7 }],
    ['疼痛指數８', { pain: 8 }],
    ['痛到8分，一直流血', { pain: 8, bleeding: 'heavy' }],
    ['疼痛3、沒有出血、輕微腫脹、沒有發燒', { pain: 3, bleeding: 'none', swelling: 'mild', fever: false }],
    ['不痛', { pain: 0 }],
    ['出血大量，腫脹嚴重', { bleeding: 'heavy', swelling: 'severe' }],
    ['無出血、無腫脹、疼痛2', { pain: 2, bleeding: 'none', swelling: 'none' }],
    ['退燒了', { fever: false }],
    ['劇痛', { pain: 8 }],
    ['大量出血', { bleeding: 'heavy' }],
    ['血流不止', { bleeding: 'heavy' }],
    ['一直流血', { bleeding: 'heavy' }],
    ['少量出血', { bleeding: 'light' }],
    ['有點滲血', { bleeding: 'light' }],
    ['沒有出血', { bleeding: 'none' }],
    ['沒有大量出血', { bleeding: 'none' }],
    ['血已經止住了', { bleeding: 'none' }],
    ['腫得很厲害', { swelling: 'severe' }],
    ['越來越腫', { swelling: 'severe' }],
    ['有點腫', { swelling: 'mild' }],
    ['不太腫', { swelling: 'mild' }],
    ['發燒', { fever: true }],
    ['發燒38.5度', { fever: true, temperatureC: 38.5 }],
    ['发烧39度', { fever: true, temperatureC: 39 }],
    ['沒有發燒', { fever: false }],
    ['發燒：無', { fever: false }],
    ['天氣很熱', {}],
    ['喘不過氣', { breathingDifficulty: true }],
    ['呼吸困難', { breathingDifficulty: true }],
    ['沒有呼吸困難', { breathingDifficulty: false }],
    ['起疹子', { allergicReaction: true }],
    ['嘴唇腫起來了', { allergicReaction: true }],
    ['沒有起疹子', { allergicReaction: false }],
  ];
  it.each(cases)('%j', (text, fields) => expectReport(text, 'zh-Hant', fields));
});

describe('parseReply: negations', () => {
  const cases: Array<[string, Language, Fields]> = [
    ['no fever', 'en', { fever: false }],
    ["I don't have a fever", 'en', { fever: false }],
    ['not bleeding', 'en', { bleeding: 'none' }],
    ['no bleeding, not swollen', 'en', { bleeding: 'none', swelling: 'none' }],
    ['no trouble breathing', 'en', { breathingDifficulty: false }],
    ['not short of breath', 'en', { breathingDifficulty: false }],
    ['no hives or rash', 'en', { allergicReaction: false }],
    ['fever: no, bleeding: none', 'en', { bleeding: 'none', fever: false }],
    ['no heavy bleeding', 'en', { bleeding: 'none' }],
    // "not very" / "not a lot" is less, not none.
    ['not very swollen', 'en', { swelling: 'mild' }],
    ['not a lot of bleeding', 'en', { bleeding: 'light' }],
    // A negation does not reach past "but".
    ['no fever but bleeding a lot', 'en', { bleeding: 'heavy', fever: false }],
    ['熱はない', 'ja', { fever: false }],
    ['熱はありませんが、出血が止まらない', 'ja', { bleeding: 'heavy', fever: false }],
    ['沒有發燒', 'zh-Hant', { fever: false }],
    ['沒有發燒但是一直流血', 'zh-Hant', { bleeding: 'heavy', fever: false }],
  ];
  it.each(cases)('%j (%s)', (text, language, fields) => expectReport(text, language, fields));
});

describe('parseReply: full-width digits and mixed languages', () => {
  const cases: Array<[string, Language, Fields]> = [
    ['pain ７', 'en', { pain: 7 }],
    ['痛み７、熱３８．５', 'ja', { pain: 7, fever: true, temperatureC: 38.5 }],
    ['体温３７．８度', 'ja', { fever: true, temperatureC: 37.8 }],
    ['疼痛７分、發燒３９℃', 'zh-Hant', { pain: 7, fever: true, temperatureC: 39 }],
    // Patients mix languages; English is always read.
    ['痛み 6, bleeding a little', 'ja', { pain: 6, bleeding: 'light' }],
    ['pain 6, 有點腫', 'zh-Hant', { pain: 6, swelling: 'mild' }],
    ['very swollen, 熱がある', 'en', { swelling: 'severe', fever: true }],
    ['大量出血 help', 'en', { bleeding: 'heavy' }],
    ["can't breathe 息苦しい", 'zh-Hant', { breathingDifficulty: true }],
  ];
  it.each(cases)('%j (%s)', (text, language, fields) => expectReport(text, language, fields));

  it('reads 熱 alone as fever only in Japanese', () => {
    expect(parseReply('熱', 'ja').report.fever).toBe(true);
    expect(parseReply('很熱', 'zh-Hant').report.fever).toBeUndefined();
  });
});

describe('parseReply: ambiguities resolved on purpose', () => {
  it('does not read breathing through the mouth (nose packed) as breathing difficulty', () => {
    expectReport("I can't breathe through my nose", 'en', {});
    expectReport('鼻で息ができない', 'ja', {});
    expectReport("can't breathe through my nose and short of breath", 'en', { breathingDifficulty: true });
  });

  it('reads lip or throat swelling as an allergic reaction, not wound swelling', () => {
    expectReport('lips feel a bit swollen', 'en', { allergicReaction: true });
    expectReport('eyes swollen, lips fine', 'en', { swelling: 'mild' });
  });

  it('does not read times, days, doses or temperatures as a pain score', () => {
    expectReport('pain for 2 days', 'en', {});
    expectReport('痛みが3日続いています', 'ja', {});
    expectReport('痛み止めを2錠', 'ja', {});
    expectReport('pain 4, temp 38', 'en', { pain: 4, fever: true, temperatureC: 38 });
    expectReport('Can I come on 7/10 instead?', 'en', {});
  });

  it('ignores "blood" in blood pressure', () => {
    expectReport('my blood pressure is fine', 'en', {});
  });
});

describe('parseReply: keyword intents', () => {
  const cases: Array<[string, Language, ReplyIntent]> = [
    ['STOP', 'en', 'opt-out'],
    ['stop', 'en', 'opt-out'],
    ['Stop.', 'en', 'opt-out'],
    ['ＳＴＯＰ', 'ja', 'opt-out'],
    ['UNSUBSCRIBE', 'en', 'opt-out'],
    ['停止', 'ja', 'opt-out'],
    ['配信停止', 'ja', 'opt-out'],
    ['停止', 'zh-Hant', 'opt-out'],
    ['取消訂閱', 'zh-Hant', 'opt-out'],
    ['YES', 'en', 'confirm'],
    ['Y', 'en', 'confirm'],
    ['ok!', 'en', 'confirm'],
    ['はい', 'ja', 'confirm'],
    ['はい。', 'ja', 'confirm'],
    ['是', 'zh-Hant', 'confirm'],
    ['好', 'zh-Hant', 'confirm'],
    ['NO', 'en', 'decline'],
    ['いいえ', 'ja', 'decline'],
    ['不', 'zh-Hant', 'decline'],
    ['RESCHEDULE', 'en', 'reschedule'],
    ['change', 'en', 'reschedule'],
    ['CHANGE', 'en', 'reschedule'],
    ['変更', 'ja', 'reschedule'],
    ['改期', 'zh-Hant', 'reschedule'],
    ['TAKEN', 'en', 'taken'],
    ['飲みました', 'ja', 'taken'],
    ['已服用', 'zh-Hant', 'taken'],
    ['MISSED', 'en', 'missed'],
    ['飲み忘れ', 'ja', 'missed'],
    ['忘記服用', 'zh-Hant', 'missed'],
    // Keywords are understood whatever the patient's language.
    ['STOP', 'zh-Hant', 'opt-out'],
    ['はい', 'en', 'confirm'],
  ];
  it.each(cases)('%j (%s) -> %s', (text, language, intent) => expectIntent(text, language, intent));

  it('keeps the reply as sent, trimmed, in freeText', () => {
    expect(parseReply('  STOP \n', 'en').report).toEqual({ freeText: 'STOP' });
    expect(parseReply('  痛み７  ', 'ja').report).toEqual({ freeText: '痛み７', pain: 7 });
  });

  it('only a whole-message keyword is an intent', () => {
    expect(parseReply('please stop the bleeding', 'en').intent).toBe('symptoms');
    expect(parseReply('No bleeding', 'en')).toEqual({
      intent: 'symptoms',
      report: { freeText: 'No bleeding', bleeding: 'none' },
      ...KEYWORD,
    });
    expect(parseReply('Yes, pain 5', 'en')).toEqual({
      intent: 'symptoms',
      report: { freeText: 'Yes, pain 5', pain: 5 },
      ...KEYWORD,
    });
  });
});

describe('parseReply: bare numbers', () => {
  it.each([1, 2, 3, 4, 5])('a bare %i is a score for the caller to interpret', (n) => {
    expect(parseReply(String(n), 'en')).toEqual({
      intent: 'symptoms',
      report: { freeText: String(n) },
      score: n,
      ...KEYWORD,
    });
  });

  it('a full-width digit is a score too', () => {
    expect(parseReply('３', 'ja')).toEqual({
      intent: 'symptoms',
      report: { freeText: '３' },
      score: 3,
      ...KEYWORD,
    });
    expect(parseReply(' 5 ', 'zh-Hant')).toEqual({
      intent: 'symptoms',
      report: { freeText: '5' },
      score: 5,
      ...KEYWORD,
    });
  });

  it('a bare 0 or 6-10 cannot be a score: it is a pain answer', () => {
    expect(parseReply('8', 'en')).toEqual({
      intent: 'symptoms',
      report: { freeText: '8', pain: 8 },
      ...KEYWORD,
    });
    expect(parseReply('０', 'ja')).toEqual({
      intent: 'symptoms',
      report: { freeText: '０', pain: 0 },
      ...KEYWORD,
    });
    expect(parseReply('10', 'zh-Hant')).toEqual({
      intent: 'symptoms',
      report: { freeText: '10', pain: 10 },
      ...KEYWORD,
    });
  });

  it('a bare number above 10 means nothing: not understood', () => {
    expect(parseReply('42', 'en')).toEqual({
      intent: 'symptoms',
      report: { freeText: '42' },
      plea: false,
      understood: false,
    });
  });
});

describe('parseReply: pleas for help and replies it cannot read', () => {
  const pleas: Array<[string, Language]> = [
    ['help??', 'en'],
    ['HELP', 'en'],
    ['please help me', 'en'],
    ['I am fine but please call me', 'en'],
    ["I'm scared", 'en'],
    ['something is wrong', 'en'],
    ['should I call 119?', 'en'],
    ['pain 2 but I need help', 'en'],
    ['救命??', 'ja'],
    ['助けて', 'ja'],
    ['たすけて！', 'ja'],
    ['怖いです、電話ください', 'ja'],
    ['救急車を呼ぶべき？', 'ja'],
    ['救命??', 'zh-Hant'],
    ['救救我', 'zh-Hant'],
    ['幫幫我', 'zh-Hant'],
    ['我好怕，怎麼辦', 'zh-Hant'],
    ['請打給我', 'zh-Hant'],
  ];
  it.each(pleas)('%j (%s) is a plea for help', (text, language) => {
    expect(parseReply(text, language).plea).toBe(true);
  });

  const notPleas: Array<[string, Language]> = [
    ['thank you for your help, all good', 'en'],
    ['the ice pack helped', 'en'],
    ['pain 2, no bleeding', 'en'],
    ['大丈夫です', 'ja'],
    ['還好，謝謝', 'zh-Hant'],
  ];
  it.each(notPleas)('%j (%s) is not a plea', (text, language) => {
    expect(parseReply(text, language).plea).toBe(false);
  });

  const understood: Array<[string, Language]> = [
    ['pain 3, a little swelling, no fever', 'en'],
    ['no bleeding', 'en'],
    ["I'm fine, thanks", 'en'],
    ['all good, healing well', 'en'],
    ['not too bad, thanks', 'en'],
    ['no worse than yesterday, healing well', 'en'],
    ['大丈夫です', 'ja'],
    ['順調です、ありがとうございます', 'ja'],
    ['特に問題ありません', 'ja'],
    ['還好，謝謝', 'zh-Hant'],
    ['沒事，恢復得很順利', 'zh-Hant'],
  ];
  it.each(understood)('%j (%s) is understood', (text, language) => {
    expect(parseReply(text, language).understood).toBe(true);
  });

  const unreadable: Array<[string, Language]> = [
    ['help??', 'en'],
    ['???', 'en'],
    ['I feel weird', 'en'],
    ['not good', 'en'],
    ["I'm not fine", 'en'],
    ['feeling awful but no fever', 'en'],
    ['fine but it hurts', 'en'],
    ['少し痛いけど大丈夫', 'ja'],
    ['救命??', 'ja'],
    ['なんか変です', 'ja'],
    ['大丈夫じゃない', 'ja'],
    ['元気がない', 'ja'],
    ['痛い', 'ja'],
    ['救命??', 'zh-Hant'],
    ['不是很好', 'zh-Hant'],
    ['不舒服', 'zh-Hant'],
    ['怪怪的', 'zh-Hant'],
  ];
  it.each(unreadable)('%j (%s) is not understood: no reassurance', (text, language) => {
    expect(parseReply(text, language).understood).toBe(false);
  });
});
