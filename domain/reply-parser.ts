import type { Language } from './language';
import type { Spec } from './reply-cues';
import {
  ALLERGIC,
  ALLERGIC_SWELLING,
  BENIGN,
  BLEEDING,
  BREATHING,
  DISTRESS,
  FEVER,
  FEVER_JA_BARE,
  INTENT_WORDS,
  NO_PAIN,
  NOSE_BREATHING,
  PAINKILLERS,
  PLEAS,
  SEVERE_PAIN,
  SWELLING,
  re,
} from './reply-cues';
import type { SymptomReport } from './symptoms';
import { FEVER_THRESHOLD_C } from './triage';

// Patient SMS replies, parsed by keywords and numbers into an intent and a symptom report. Patients
// mix languages, so English is always tried alongside their own language, and Japanese and Chinese
// share characters, so their cues are tried on every reply too. The one cue that means different
// things in the two (熱: "fever" in Japanese, "hot" in Chinese) is used only for Japanese.
// Pure code: workflows call it directly.

export type ReplyIntent = 'symptoms' | 'opt-out' | 'confirm' | 'decline' | 'reschedule' | 'taken' | 'missed';

export interface ParsedReply {
  intent: ReplyIntent;
  report: SymptomReport;
  /** A bare 1-5 reply: a survey score or a numbered choice; the caller knows which it asked for. */
  score?: number;
  /** The reply asks for help ("help??", "助けて", "救命", "call me"), whatever else it says. */
  plea: boolean;
  /**
   * Whether the parser recognised what the reply says: a keyword, a number, a symptom (present or
   * absent) or plainly benign words ("fine", "大丈夫", "還好"), and no distress it cannot grade
   * ("I feel awful", "痛い", "不舒服"). A reply that is not understood is never answered with
   * reassurance: a nurse calls back.
   */
  understood: boolean;
}

/**
 * How one cue was read in one reply. The phrase corpus uses these to show that every cue the
 * parser knows is exercised, both present and negated; the parser itself never needs them.
 */
export interface CueReading {
  /** The list the cue belongs to: a symptom ('bleeding' …), 'plea', 'benign', 'distress', 'keyword' or a mask. */
  list: string;
  /** The cue's regular expression source (its name), or the keyword. */
  cue: string;
  /** 'absent': an "absent" cue ("no bleeding"); 'masked': blanked out before reading (painkillers). */
  reading: 'present' | 'negated' | 'softened' | 'absent' | 'masked';
}

type Trace = CueReading[] | undefined;

// ---------------------------------------------------------------------------------------------
// Normalising: full-width digits and punctuation ("３８．５", "：") become ASCII, curly quotes
// straight, letters lower case.

function normalise(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201b\u2032\u00b4`]/g, "'")
    .normalize('NFKC')
    .toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Whole-message keywords. Only a reply that is exactly one of these (give or take punctuation
// and case) has an intent other than 'symptoms', so "stop bleeding?" is never an opt-out.

const INTENT_BY_WORD = new Map<string, ReplyIntent>(
  Object.entries(INTENT_WORDS).flatMap(([intent, words]) => words.map((w) => [w, intent as ReplyIntent])),
);

function keyOf(normalised: string): string {
  return normalised
    .replace(/^[\s"'.,!?:;~()[\]「」『』。、！？…・]+|[\s"'.,!?:;~()[\]「」『』。、！？…・]+$/gu, '')
    .replace(/\s+/g, ' ');
}

// ---------------------------------------------------------------------------------------------
// Clauses and negation. A reply is read clause by clause; a cue that is negated ("no fever",
// "沒有發燒", "熱はない") says the symptom is absent rather than present.

function clausesOf(text: string): string[] {
  // A question mark stays with its clause: "熱じゃない？" asks, it does not deny (JA_SUSPICION).
  return text.split(/(?<=[？?])|[。！!;；\n、,，]|(?<!\d)\.|\.(?!\d)/u).filter((c) => c.trim() !== '');
}

const EN_NEGATORS = new Set([
  'no',
  'not',
  'never',
  'without',
  'none',
  'nor',
  'hardly',
  'barely',
  'neither',
  'cannot',
  'dont',
  'doesnt',
  'didnt',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'havent',
  'hasnt',
  'hadnt',
  'wont',
  'cant',
  'couldnt',
]);
// "but", "and" … start a new thought: "no fever but bleeding a lot".
const EN_BREAKS = new Set(['but', 'and', 'though', 'although', 'however', 'yet', 'except']);
// "not very swollen", "not a lot of bleeding": less, not none.
const EN_INTENSIFIERS = new Set(['very', 'too', 'that', 'so', 'much', 'really', 'super', 'extremely']);
// "not bleeding much", "not swollen that much": less, not none.
const EN_MUCH_AFTER = /^\s+(?:that\s+|too\s+|so\s+|very\s+)?(?:much|a ?lot|heavily|badly)\b/u;
// A cue that starts with the symptom itself and says how much after it: "bleeding heavily".
const EN_DEGREE_AFTER_SYMPTOM = /^(?:bleed|blood|swell|swollen|more swollen)/u;

// Chinese negates before the word: 沒有出血, 不腫, 沒發燒, 不太腫 (not very swollen).
const ZH_NEGATION =
  /(?:沒有|没有|沒|没|無|无|未|不會|不会|不是|不)(太|很|怎麼|怎么|那麼|那么|再|有|在|大量|很多|太多|嚴重|严重)?\s*$/u;
const ZH_A_NOT_A = /(?:是不是|有沒有|有没有|會不會|会不会|是否)(?:有|在)?\s*$/u;
// Anywhere in the negated phrase: 沒有很腫 and 沒有腫脹很嚴重 both deny the degree, not the swelling.
const ZH_INTENSIFIER = /(?:太|很|怎麼|怎么|那麼|那么|非常|超)/u;
// ... or inside the cue: 沒有流很多血, 沒有腫得很厲害, 沒有一直流血 (not so much, so some).
const ZH_DEGREE =
  /(?:很|好|超|非常|太)(?:多|大|厲害|厉害)|越來越|越来越|(?:腫|肿)到|一直|不停|不止|(?:個|个)不停/u;
// Chinese also negates after it, ending the clause: 一點血都沒有 (not a drop of blood).
const ZH_NEGATION_AFTER = /^\s*(?:都|也)(?:沒有|没有|沒|没)(?:了|啦|喔|耶)?\s*$/u;
// Japanese negates after it: 熱はない, 出血なし, 腫れは引きました, 息苦しくない, 息苦しさはない.
const JA_NEGATION =
  /^\s*に?[はも]?(?:し|く|さ|っ)?(?:て|で|じゃ)?い?[はがもを]?\s*(?:少しも|すこしも|全然|ぜんぜん|全く|まったく|ちっとも)?\s*い?(?:ない|無い|なし|無し|ありません|なかった|ません|出ていない|出てない|出ていません|出ては(?:い)?(?:ない|ません)|出ない|出ません|治まっ|治まり|おさまっ|おさまり|引いた|引きました|下がっ|下がり|止まっ|止まり|なくなっ|なくなり|大丈夫|問題な|問題ありません)/u;
// "…ってほどではない", "…わけじゃない", "…感じはない": not to that degree, not that, no feeling of it.
const JA_NOT_THAT =
  /^[ぁ-ん出]{0,5}?(?:感じ|ほど|わけ|こと)(?:で|じゃ)?[はもが]?\s*(?:ない|無い|なし|ありません|なかった|しない|しません)/u;
// "少し熱が下がった", "ちょっと腫れが引いた": partly better, so still there.
const JA_PARTLY_WORD = '(?:少し|すこし|ちょっと|やや|多少|だいぶ|大分)(?:だけ)?';
const JA_PARTLY = new RegExp(`${JA_PARTLY_WORD}\\s*$`, 'u');
// ... also when the cue itself says "a little": "少し腫れ" + "が引いた".
const JA_PARTLY_CUE = new RegExp(`^${JA_PARTLY_WORD}`, 'u');
const JA_RESOLVED = /下が|引|治ま|おさま|止ま|なくな/u;
const JA_RESOLVING = new RegExp(`^\\s*[はがも]?\\s*(?:${JA_RESOLVED.source})`, 'u');

// "熱じゃないかな", "出血じゃないですか？": "isn't it …?" asks whether it is, it does not deny it.
const JA_SUSPICION = /^[^。！？!?]*?(?:じゃ|では)(?:ない|ありません)(?:です|でしょう)?(?:か|\s*[?？])/u;

function jaNegated(suffix: string): boolean {
  if (JA_SUSPICION.test(suffix)) return false;
  return JA_NEGATION.test(suffix) || JA_NOT_THAT.test(suffix);
}

// Form-style answers in any language: "fever: no", "bleeding - none", "發燒：無".
// The field may carry a label after the symptom: "發燒情況：無", "swelling/bruising: none".
const FORM_NEGATION = /^[^\s:=-]{0,12}\s*[:=-]\s*(?:無|无|沒有|没有|否|なし|無し|ない|none|no|nil)(?![a-z])/u;
// "fever no", "bleeding none", "fever no more" at the end of a clause (no colon).
const FORM_NEGATION_BARE = /^\s+(?:none|no|nil|nope)(?:\s+(?:more|longer))?[^a-z\d]*$/u;

type Negation = 'none' | 'negated' | 'softened';

function words(text: string): string[] {
  return (text.match(/[a-z']+/g) ?? []).map((w) => w.replace(/'/g, ''));
}

function negationOf(clause: string, start: number, end: number, graded: boolean): Negation {
  const prefix = clause.slice(0, start);
  const match = clause.slice(start, end);
  const suffix = clause.slice(end);

  // English: a negator among the three words before the cue, in the same thought.
  const before = words(prefix);
  const lastBreak = before.map((w) => EN_BREAKS.has(w)).lastIndexOf(true);
  const scope = before.slice(lastBreak + 1);
  const all = [...scope, ...words(match)];
  for (let i = Math.max(0, scope.length - 3); i < scope.length; i++) {
    const w = scope[i]!;
    if (EN_NEGATORS.has(w)) {
      const next = all[i + 1];
      const intensified =
        (next !== undefined && EN_INTENSIFIERS.has(next)) ||
        (next === 'a' && all[i + 2] === 'lot') ||
        EN_MUCH_AFTER.test(suffix);
      return intensified && graded ? 'softened' : 'negated';
    }
  }

  // 是不是發燒, 有沒有流血, 會不會腫: a question (A-not-A), not a denial.
  const zh = ZH_A_NOT_A.test(prefix) ? null : ZH_NEGATION.exec(prefix);
  // A form's value is no negator of the next field: "出血：無 腫脹：輕微".
  if (zh && !/[:=]\s*$/u.test(prefix.slice(0, zh.index)))
    return graded && (ZH_INTENSIFIER.test((zh[1] ?? '') + match) || ZH_DEGREE.test(match))
      ? 'softened'
      : 'negated';

  if (FORM_NEGATION.test(suffix) || FORM_NEGATION_BARE.test(suffix)) return 'negated';
  if (ZH_NEGATION_AFTER.test(suffix)) return 'negated';
  if (jaNegated(suffix)) {
    const partly = JA_PARTLY.test(prefix) || JA_PARTLY_CUE.test(match);
    return partly && JA_RESOLVING.test(suffix) ? 'none' : 'negated';
  }
  return 'none';
}

// ---------------------------------------------------------------------------------------------
// Cues. Each symptom has positive cues with a level, and explicit "absent" cues. The highest level
// found in any clause wins (safer); otherwise an absent cue or a negated positive one gives the
// lowest level; otherwise the reply did not mention the symptom.

interface Context {
  japanese: boolean;
  trace: Trace;
}

function spansOf(text: string, spec: Spec<unknown>, trace: Trace): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const pattern of spec.absent) {
    for (const m of text.matchAll(pattern)) {
      // "少し腫れが引いた": an "absent" cue that only partly applies says the symptom is still there.
      if (JA_PARTLY.test(text.slice(0, m.index)) && JA_RESOLVED.test(m[0])) continue;
      spans.push([m.index, m.index + m[0].length]);
      trace?.push({ list: spec.name, cue: pattern.source, reading: 'absent' });
    }
  }
  return spans;
}

function detect<V>(clauses: string[], spec: Spec<V>, ctx: Context): V | undefined {
  const graded = spec.levels.length > 2;
  let best = -1;
  let absent = false;
  for (const clause of clauses) {
    const absentSpans = spansOf(clause, spec, ctx.trace);
    if (absentSpans.length > 0) absent = true;
    // A cue inside a negated one is negated with it: "not even a little blood", 沒有少量出血.
    const negatedSpans: Array<[number, number]> = [];
    for (const cue of spec.cues) {
      if (cue.jaOnly && !ctx.japanese) continue;
      for (const m of clause.matchAll(cue.re)) {
        const start = m.index;
        const end = start + m[0].length;
        if (absentSpans.some(([s, e]) => start < e && s < end)) {
          ctx.trace?.push({ list: spec.name, cue: cue.re.source, reading: 'absent' });
          continue;
        }
        let level = spec.levels.indexOf(cue.value);
        let negation = negationOf(clause, start, end, graded);
        // Japanese negates the whole phrase: "腫れがひどくない" is swelling, just not severe.
        if (negation === 'negated' && graded && level > 1 && jaNegated(clause.slice(end))) {
          negation = 'softened';
        }
        // English denies the degree that follows the symptom, not the symptom: "not bleeding
        // heavily", "not swollen shut", "don't think the bleeding is light" (but "no heavy bleeding").
        if (negation === 'negated' && graded && EN_DEGREE_AFTER_SYMPTOM.test(m[0])) {
          if (level > 1 || /^[a-z]+\s*(?:[:-]|is\b)/u.test(m[0])) negation = 'softened';
        }
        // "my lips aren't swelling": the negation sits inside the cue.
        if (
          negation === 'none' &&
          ALLERGIC_SWELLING.includes(cue.re) &&
          words(m[0]).some((w) => EN_NEGATORS.has(w))
        )
          negation = 'negated';
        if (negation === 'none' && negatedSpans.some(([s, e]) => s <= start && end <= e)) {
          negation = 'negated';
        }
        if (negation === 'negated') negatedSpans.push([start, end]);
        ctx.trace?.push({
          list: spec.name,
          cue: cue.re.source,
          reading: negation === 'none' ? 'present' : negation,
        });
        if (negation === 'negated') {
          absent = true;
          continue;
        }
        if (negation === 'softened') level = Math.min(level, 1);
        best = Math.max(best, level);
      }
    }
  }
  if (best > 0) return spec.levels[best];
  return absent || best === 0 ? spec.levels[0] : undefined;
}

const PAIN_WORD = '(?:pain(?:ful)?|hurts?|hurting|aches?|aching|sore(?:ness)?|痛|疼)';
const NUMBER = '(\\d{1,2}(?:\\.\\d)?)(?![\\d.]*\\d)';
// Numbers that are times, amounts or temperatures rather than a 0-10 score.
const NOT_A_SCORE =
  "\\s*(?:days?|d\\b|hours?|hrs?|h\\b|mins?|minutes?|weeks?|wks?|am\\b|pm\\b|o'?clock|mg|ml|tablets?|tabs?|pills?|times|x\\b|日|時|時間|分鐘|分钟|回|週|周|天|小時|小时|點|號|号|次|錠|粒|顆|颗|度|°|c\\b|段階|点満点|点中|分中|分滿分|分满分|:\\d|/\\d(?!0\\b)|月|割|[、,]\\s*\\d{1,2}\\s*(?:日|時|週|回|ヶ月|か月))";
// "5-6", "7 or 8": the higher counts; "3 or 4 days" is no score at all.
const RANGE_TO = '\\s*(?:-|~|to|or|〜|から|到)\\s*';
const PAIN_NUMBER = re(
  `${PAIN_WORD}([^\\d\\n。.!?,、]{0,16}?)${NUMBER}(?!${NOT_A_SCORE})(?!${RANGE_TO}\\d{1,2}${NOT_A_SCORE})(?:${RANGE_TO}(\\d{1,2})(?![\\d.]))?`,
);
// A number after "day", "since" … in the gap is a day or a time: "pain since 3pm", "痛み、術後3日".
const GAP_NOT_A_SCORE =
  /(?:\b(?:day|days|for|since|until|till|from|after|before|every)|第|術後|手術後|#)\s*$/u;
const OUT_OF_TEN = re(
  '(?<![\\d.\\/])(\\d{1,2}(?:\\.\\d)?)\\s*(?:\\/|out of)\\s*10(?![\\d\\/]|\\s*(?:に|日|から|まで|頃|ごろ))',
);
const DATE_BEFORE = /(?:\b(?:on|by|until|till|from|before|after|date|visit|appointment)|予約|日)\s*$/u;
const TEN_SCALE = re(
  '10\\s*(?:段階|点満点|点中|分中|分滿分|分满分)\\s*(?:で|中|の|的)?\\s*(\\d{1,2}(?:\\.\\d)?)(?![\\d.])',
);

// The score before the word: 8分痛, 7分的疼.
const SCORE_BEFORE_PAIN = re('(?<![\\d.\\/])(\\d{1,2})\\s*分(?:的)?(?:痛|疼)');

/** A cue that is itself a negation ("no pain", "不痛") must not be read as negated. */
function detectPlain(clauses: string[], spec: Spec<boolean>, trace: Trace): boolean {
  const found = spec.cues.filter((cue) => clauses.some((clause) => re(cue.re.source).test(clause)));
  for (const cue of found) trace?.push({ list: spec.name, cue: cue.re.source, reading: 'present' });
  return found.length > 0;
}

function painOf(text: string, clauses: string[], ctx: Context): number | undefined {
  const masked = blank(text, [PAINKILLERS], 'painkillers', ctx.trace);
  const scores: number[] = [];
  for (const m of masked.matchAll(PAIN_NUMBER)) {
    if (GAP_NOT_A_SCORE.test(m[1] ?? '')) continue;
    // 10点 is ten o'clock in (simplified) Chinese, though a score in Japanese.
    if (!ctx.japanese && /^\s*点/u.test(masked.slice(m.index + m[0].length))) continue;
    scores.push(Number(m[2]));
    if (m[3] !== undefined) scores.push(Number(m[3]));
  }
  for (const m of masked.matchAll(OUT_OF_TEN)) {
    // "come on 7/10" is a date, not a score.
    if (!DATE_BEFORE.test(masked.slice(0, m.index))) scores.push(Number(m[1]));
  }
  for (const m of masked.matchAll(TEN_SCALE)) scores.push(Number(m[1]));
  for (const m of masked.matchAll(SCORE_BEFORE_PAIN)) scores.push(Number(m[1]));
  const valid = scores.filter((s) => s >= 0 && s <= 10);
  if (valid.length > 0) return Math.max(...valid);

  const maskedClauses = clausesOf(masked);
  if (detect(maskedClauses, SEVERE_PAIN, ctx) === true) return 8;
  if (detectPlain(maskedClauses, NO_PAIN, ctx.trace)) return 0;
  return undefined;
}

// Temperature ------------------------------------------------------------------------------------

function celsius(value: number, unit: 'c' | 'f' | undefined): number {
  const c = unit === 'f' || (unit === undefined && value >= 93) ? ((value - 32) * 5) / 9 : value;
  return Math.round(c * 10) / 10;
}

function temperatureOf(text: string): number | undefined {
  const found: number[] = [];
  // 38度5分 = 38.5, and 38度5, 37度8 without the 分
  for (const m of text.matchAll(/(?<![\d.])(\d{2})\s*度\s*(\d)(?:\s*分|(?![\d.點点:時时天]))/gu)) {
    found.push(Number(m[1]) + Number(m[2]) / 10);
  }
  // 38.5C, 38.5°C, 38.5℃ (NFKC makes it °c), 39度, 101F, 38 degrees
  for (const m of text.matchAll(
    /(?<![\d.])(\d{2,3}(?:\.\d{1,2})?)\s*(?:°\s*([cf])?|度|degrees?(?:\s*([cf])(?![a-z]))?|([cf])(?![a-z]))/gu,
  )) {
    const unit = (m[2] ?? m[3] ?? m[4]) as 'c' | 'f' | undefined;
    found.push(celsius(Number(m[1]), unit));
  }
  // A number after a fever word: "fever 39", "temp 38", "体温37.8", "發燒39"
  for (const m of text.matchAll(
    /(?:fever|temp(?:erature)?|熱|体温|體溫|(?:發|发)(?:燒|烧)|(?:燒|烧)到)[^\d\n。!?]{0,10}?(\d{2,3}(?:\.\d{1,2})?)(?![\d.])/gu,
  )) {
    found.push(celsius(Number(m[1]), undefined));
  }
  // A bare decimal in the body-temperature range: "38.5"
  for (const m of text.matchAll(/(?<![\d./])((?:3[4-9]|4[0-2])\.\d{1,2})(?![\d./])/gu)) {
    found.push(Number(m[1]));
  }
  const valid = found.filter((t) => t >= 34 && t <= 43);
  return valid.length > 0 ? Math.max(...valid) : undefined;
}

// ---------------------------------------------------------------------------------------------

/** The text with every match of the patterns blanked out (same length, so positions hold). */
function blank(text: string, patterns: RegExp[], list: string, trace: Trace): string {
  return patterns.reduce(
    (t, p) =>
      t.replace(p, (m) => {
        trace?.push({ list, cue: p.source, reading: 'masked' });
        return ' '.repeat(m.length);
      }),
    text,
  );
}

function symptomsOf(text: string, freeText: string, language: Language, trace: Trace): SymptomReport {
  const ctx: Context = { japanese: language === 'ja' || /[\u3040-\u30ff]/u.test(text), trace };
  const clauses = clausesOf(text);
  const report: SymptomReport = { freeText };

  const pain = painOf(text, clauses, ctx);
  if (pain !== undefined) report.pain = pain;

  const bleeding = detect(clauses, BLEEDING, ctx);
  if (bleeding !== undefined) report.bleeding = bleeding;

  const swelling = detect(
    clausesOf(blank(text, ALLERGIC_SWELLING, 'allergic-swelling', trace)),
    SWELLING,
    ctx,
  );
  if (swelling !== undefined) report.swelling = swelling;

  const temperatureC = temperatureOf(text);
  const feverWord = detect(clauses, FEVER, ctx);
  // 熱 alone only where no fever cue was read: "熱っぽくない" is not the bare 熱 of "熱ある", and
  // in "熱 fever: なし" the form's answer belongs to both words.
  const withoutFeverCues = FEVER.cues.reduce(
    (t, cue) => t.replace(cue.re, (m) => ' '.repeat(m.length)),
    text,
  );
  const feverJa = detect(clausesOf(withoutFeverCues), FEVER_JA_BARE, ctx);
  // A measured temperature decides, unless the patient plainly says "fever"; 熱 alone is also
  // just "temperature" in Japanese ("熱は36.8度").
  const fever =
    temperatureC !== undefined
      ? temperatureC >= FEVER_THRESHOLD_C || feverWord === true
      : feverWord === true || feverJa === true
        ? true
        : feverWord === false || feverJa === false
          ? false
          : undefined;
  if (fever !== undefined) report.fever = fever;
  if (temperatureC !== undefined) report.temperatureC = temperatureC;

  const breathing = detect(clausesOf(blank(text, NOSE_BREATHING, 'nose-breathing', trace)), BREATHING, ctx);
  if (breathing !== undefined) report.breathingDifficulty = breathing;

  const allergic = detect(clauses, ALLERGIC, ctx);
  if (allergic !== undefined) report.allergicReaction = allergic;

  return report;
}

// Pleas and plain words ---------------------------------------------------------------------------

// "not good", "大丈夫じゃない", "不是很好": the words are there, the meaning is not benign.
// "良くなっていません", "大丈夫なわけじゃない", "順調とは言えない" too.
const BENIGN_NEGATED_AFTER =
  /^\s*(?:じゃ|では|でも|で|が|は|も)?い?(?:ない|なか|なく|ありません|ません)|^くない|^\s*(?:な|って|という)?(?:わけ|ほど)(?:では|じゃ|でも)(?:ない|なか|ありません)|^\s*とは(?:言え|いえ)(?:ない|ません)/u;
const BENIGN_NEGATED_BEFORE = /(?:不是|並不|并不|不太|不|沒有|没有|沒|没)(很|太|那麼|那么)?\s*$/u;

/** The text before `index` in the same clause: a negation does not reach past a comma. */
function clauseBefore(text: string, index: number): string {
  const before = text.slice(0, index);
  return before.slice(before.search(/[^,.!?;、。，！？；]*$/u));
}

const ZH_DISTRESS_NEGATED = /(?:沒有|没有|沒|没|不會|不会|不是|不)(?:再|有|太)?\s*$/u;

/** Distress in the reply, unless negated ("not bad", "no worse", "沒有不舒服"). */
function distressIn(text: string, trace: Trace): boolean {
  let distress = false;
  for (const cue of DISTRESS) {
    for (const m of text.matchAll(cue)) {
      const negated = /^[a-z]/.test(m[0])
        ? words(clauseBefore(text, m.index))
            .slice(-2)
            .some((w) => EN_NEGATORS.has(w))
        : // 沒有不舒服, 不會很痛, 沒有惡化
          /[\u4e00-\u9fff]/u.test(m[0]) && ZH_DISTRESS_NEGATED.test(clauseBefore(text, m.index));
      trace?.push({ list: 'distress', cue: cue.source, reading: negated ? 'negated' : 'present' });
      if (!negated) distress = true;
    }
  }
  return distress;
}

function benignNegated(text: string, m: RegExpMatchArray & { index: number }): boolean {
  const before = words(clauseBefore(text, m.index)).slice(-3);
  if (before.some((w) => EN_NEGATORS.has(w))) return true;
  // 不錯 is not negated by the 不 of 不是不錯, but 沒有很不錯 (not very good) is.
  const zh = BENIGN_NEGATED_BEFORE.exec(text.slice(0, m.index));
  if (zh && (!m[0].startsWith('不') || zh[1] !== undefined)) return true;
  return BENIGN_NEGATED_AFTER.test(text.slice(m.index + m[0].length));
}

function benignIn(text: string, trace: Trace): boolean {
  let benign = false;
  for (const cue of BENIGN) {
    for (const m of text.matchAll(cue)) {
      const negated = benignNegated(text, m);
      trace?.push({ list: 'benign', cue: cue.source, reading: negated ? 'negated' : 'present' });
      if (!negated) benign = true;
    }
  }
  return benign;
}

function pleaIn(text: string, trace: Trace): boolean {
  const found = PLEAS.filter((p) => p.test(text));
  for (const p of found) trace?.push({ list: 'plea', cue: p.source, reading: 'present' });
  return found.length > 0;
}

/**
 * Reads a patient's reply. A reply that is exactly a keyword (STOP, YES, はい, 改期, TAKEN …) has
 * that intent; a bare 1-5 has intent 'symptoms' and `score`; anything else is read for symptoms.
 * `report.freeText` is always the reply as sent, trimmed.
 */
export function parseReply(text: string, language: Language): ParsedReply {
  return read(text, language, undefined);
}

/** The parsed reply and how each cue the parser found was read (for the phrase corpus). */
export function explainReply(text: string, language: Language): { parsed: ParsedReply; cues: CueReading[] } {
  const cues: CueReading[] = [];
  return { parsed: read(text, language, cues), cues };
}

function read(text: string, language: Language, trace: Trace): ParsedReply {
  const freeText = text.trim();
  const normalised = normalise(freeText);
  const key = keyOf(normalised);

  const intent = INTENT_BY_WORD.get(key);
  if (intent !== undefined) {
    trace?.push({ list: 'keyword', cue: key, reading: 'present' });
    return { intent, report: { freeText }, plea: false, understood: true };
  }

  if (/^\d{1,2}$/.test(key)) {
    const n = Number(key);
    const bare = { plea: false, understood: true };
    if (n >= 1 && n <= 5) return { intent: 'symptoms', report: { freeText }, score: n, ...bare };
    // 0 or 6-10 cannot be a survey score or a choice: it answers "your pain from 0 to 10".
    if (n <= 10) return { intent: 'symptoms', report: { freeText, pain: n }, ...bare };
  }

  const report = symptomsOf(normalised, freeText, language, trace);
  const { freeText: _words, ...symptoms } = report;
  const benign = benignIn(normalised, trace);
  const distress = distressIn(normalised, trace);
  return {
    intent: 'symptoms',
    report,
    plea: pleaIn(normalised, trace),
    understood: (Object.keys(symptoms).length > 0 || benign) && !distress,
  };
}
