import type { Language } from './language';
import type { BleedingLevel, SwellingLevel, SymptomReport } from './symptoms';
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

const INTENT_WORDS: Record<Exclude<ReplyIntent, 'symptoms'>, string[]> = {
  'opt-out': [
    'stop',
    'stopall',
    'unsubscribe',
    'opt out',
    'opt-out',
    'optout',
    '停止',
    '配信停止',
    '取消訂閱',
    '取消订阅',
    '退訂',
    '退订',
  ],
  confirm: [
    'yes',
    'y',
    'ok',
    'okay',
    'yeah',
    'yep',
    'confirm',
    'confirmed',
    'はい',
    '了解',
    '是',
    '好',
    '好的',
    '確認',
    '确认',
  ],
  decline: ['no', 'n', 'nope', 'いいえ', '不', '不要', '不用', '否'],
  reschedule: [
    'reschedule',
    'change',
    '変更',
    '日程変更',
    '予約変更',
    '改期',
    '更改',
    '改時間',
    '改时间',
    '改約',
    '改约',
  ],
  taken: [
    'taken',
    'took it',
    'i took it',
    '飲みました',
    '服用しました',
    '服用済み',
    '已服用',
    '已服藥',
    '已服药',
    '已吃藥',
  ],
  missed: [
    'missed',
    'forgot',
    'i forgot',
    '飲み忘れ',
    '飲み忘れました',
    '忘記服用',
    '忘记服用',
    '忘了吃藥',
    '漏服',
  ],
};

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
  return text.split(/[。！？!?;；\n、,，]|(?<!\d)\.|\.(?!\d)/u).filter((c) => c.trim() !== '');
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

// Chinese negates before the word: 沒有出血, 不腫, 沒發燒, 不太腫 (not very swollen).
const ZH_NEGATION =
  /(?:沒有|没有|沒|没|無|无|未|不會|不会|不)(太|很|怎麼|怎么|那麼|那么|再|有|在|大量|很多|太多|嚴重|严重)?\s*$/u;
const ZH_INTENSIFIER = /^(?:太|很|怎麼|怎么|那麼|那么|非常|超)/u;
// Japanese negates after it: 熱はない, 出血なし, 腫れは引きました, 息苦しくない, 息苦しさはない.
const JA_NEGATION =
  /^\s*(?:し|く|さ|っ)?(?:て|で)?い?[はがもを]?\s*(?:ない|無い|なし|無し|ありません|なかった|ません|出ていない|出てない|出ていません|出ない|出ません|治まっ|治まり|おさまっ|おさまり|引いた|引きました|下がっ|下がり|止まっ|止まり|なくなっ|なくなり|大丈夫|問題な|問題ありません)/u;
// Form-style answers in any language: "fever: no", "bleeding - none", "發燒：無".
const FORM_NEGATION = /^\s*[:=-]\s*(?:無|无|沒有|没有|否|なし|無し|ない|none|no|nil)(?![a-z])/u;

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
        (next !== undefined && EN_INTENSIFIERS.has(next)) || (next === 'a' && all[i + 2] === 'lot');
      return intensified && graded ? 'softened' : 'negated';
    }
  }

  const zh = ZH_NEGATION.exec(prefix);
  if (zh) return graded && ZH_INTENSIFIER.test((zh[1] ?? '') + match) ? 'softened' : 'negated';

  if (FORM_NEGATION.test(suffix)) return 'negated';
  if (JA_NEGATION.test(suffix)) return 'negated';
  return 'none';
}

// ---------------------------------------------------------------------------------------------
// Cues. Each symptom has positive cues with a level, and explicit "absent" cues. The highest level
// found in any clause wins (safer); otherwise an absent cue or a negated positive one gives the
// lowest level; otherwise the reply did not mention the symptom.

interface Cue<V> {
  re: RegExp;
  value: V;
  /** Only when the reply is (or looks) Japanese. */
  jaOnly?: boolean;
}

interface Spec<V> {
  /** From absent to most severe. */
  levels: readonly V[];
  cues: Cue<V>[];
  absent: RegExp[];
}

interface Context {
  japanese: boolean;
}

function spansOf(text: string, patterns: RegExp[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const re of patterns) {
    for (const m of text.matchAll(re)) spans.push([m.index, m.index + m[0].length]);
  }
  return spans;
}

function detect<V>(clauses: string[], spec: Spec<V>, ctx: Context): V | undefined {
  const graded = spec.levels.length > 2;
  let best = -1;
  let absent = false;
  for (const clause of clauses) {
    const absentSpans = spansOf(clause, spec.absent);
    if (absentSpans.length > 0) absent = true;
    for (const cue of spec.cues) {
      if (cue.jaOnly && !ctx.japanese) continue;
      for (const m of clause.matchAll(cue.re)) {
        const start = m.index;
        const end = start + m[0].length;
        if (absentSpans.some(([s, e]) => start < e && s < end)) continue;
        let level = spec.levels.indexOf(cue.value);
        let negation = negationOf(clause, start, end, graded);
        // Japanese negates the whole phrase: "腫れがひどくない" is swelling, just not severe.
        if (negation === 'negated' && graded && level > 1 && JA_NEGATION.test(clause.slice(end))) {
          negation = 'softened';
        }
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

function re(source: string): RegExp {
  return new RegExp(source, 'gu');
}

function cues<V>(value: V, sources: string[], jaOnly = false): Cue<V>[] {
  return sources.map((source) => ({ re: re(source), value, jaOnly }));
}

// Bleeding ---------------------------------------------------------------------------------------

const BLEEDING: Spec<BleedingLevel> = {
  levels: ['none', 'light', 'heavy'],
  cues: [
    ...cues<BleedingLevel>('heavy', [
      // en
      '\\bbleed(?:ing|s)?\\s+(?:a lot|so much|too much|heavily|badly|profusely|non-?stop|like crazy|everywhere|through)',
      '\\b(?:a lot of|lots of|so much|too much|heavy|severe|profuse|excessive|massive|uncontrolled|constant)\\s+(?:bleeding|blood)',
      "\\b(?:won't|wont|can't|cant|cannot|doesn't|doesnt|does not|will not|isn't|is not|not)\\s+stop(?:ping)?\\s+(?:the\\s+|my\\s+)?bleeding",
      "\\bbleeding\\s+(?:that\\s+|which\\s+)?(?:won't|wont|doesn't|doesnt|does not|will not|isn't|is not|can't|cant|not)\\s+stop",
      '\\bkeeps? (?:on )?bleeding\\b',
      "\\bbleeding\\s+(?:still\\s+)?(?:hasn't|hasnt|has not|has still not)\\s+stopped",
      "\\b(?:hasn't|hasnt|has not|haven't|havent|have not)\\s+stopped\\s+bleeding",
      '\\bbleeding\\s*(?::|-|is)?\\s*heavy\\b',
      '\\bsoak(?:ed|ing|s)?\\b',
      '\\b(?:gushing|pouring|dripping)\\b',
      '\\bblood everywhere\\b',
      // ja
      '大量の出血',
      '大量出血',
      '多量の出血',
      '出血(?:が|は)?(?:多い|多め|多量|大量|ひどい|酷い|すごい|止まらない|止まりません|とまらない)',
      '血が(?:止まらない|止まりません|とまらない|たくさん|いっぱい|大量|ドクドク|どくどく|溢れ|あふれ)',
      'ガーゼが(?:真っ赤|びっしょり|血だらけ)',
      '血だらけ',
      '血まみれ',
      // zh
      '血流不止',
      '流血不止',
      '出血不止',
      '一直(?:在)?(?:流血|出血)',
      '血一直(?:在)?流',
      '(?:流|出)了?很多血',
      '出血(?:量)?(?:很多|很大|大量)',
      '出血\\s*:\\s*大量',
      '血止不住',
      '止不住(?:血|流血)',
      '(?:止|停)不了血',
      '血止不了',
      '血流(?:個|个)不停',
      '不停(?:地)?流血',
      '滿是血',
      '满是血',
    ]),
    ...cues<BleedingLevel>('light', [
      // en
      '\\b(?:a little|a little bit of|a bit of|a tiny bit of|slight|slightly|some|minor|light|mild|small amount of|little)\\s+(?:bit\\s+)?(?:bleeding|blood)',
      '\\bbleeding\\s+(?:a little|a bit|slightly|lightly)',
      '\\bbleeding\\s*(?::|-|is)?\\s*(?:light|mild|slight|minor|little)\\b',
      '\\bspotting\\b',
      '\\booz(?:e|es|ed|ing)\\b',
      '\\bseeping\\b',
      '\\bblood[- ]?(?:tinged|stained)\\b',
      // ja
      '少し(?:の)?出血',
      '少量(?:の)?出血',
      'ちょっと出血',
      '出血(?:が|は)?(?:少し|少ない|少量|わずか|ちょっと)',
      '滲(?:む|んで|み)',
      'にじ(?:む|んで|み)',
      '血が(?:少し|にじ|滲)',
      // zh
      '少量出血',
      '少許出血',
      '有(?:一)?點(?:點)?(?:出血|流血|滲血)',
      '有(?:一)?点(?:点)?(?:出血|流血|渗血)',
      '一點(?:點)?血',
      '一点(?:点)?血',
      '滲血',
      '渗血',
      '(?:微微|輕微|轻微)(?:出血|流血)',
      '出血\\s*:?\\s*少量',
    ]),
    // Any other mention of bleeding is at least light.
    ...cues<BleedingLevel>('light', [
      '\\bbleed(?:s|ing)?\\b',
      '\\bbled\\b',
      '\\bbloody\\b',
      '\\bblood\\b(?!\\s*(?:pressure|test|sugar|work|type|thinner))',
      '出血',
      '流血',
      '血が出',
    ]),
  ],
  absent: [
    '\\bbleeding\\s+(?:has\\s+|had\\s+|is\\s+)?(?:stopped|gone)',
    "(?<!(?:n't|nt|not|never)\\s)\\bstopped bleeding\\b",
    '\\bno (?:more )?(?:bleeding|blood)\\b',
    '\\bbleeding\\s*(?::|-|is)?\\s*(?:none|nil)\\b',
    '出血(?:は|が|も)?(?:なし|無し|ない|無い|ありません|止まった|止まりました|治まった|おさまった)',
    '血(?:は|が)止ま(?:った|りました)',
    '血已(?:經|经)?止住',
    '血止住了',
    '已(?:經|经)?止血',
    '止血了',
  ].map(re),
};

// Swelling ---------------------------------------------------------------------------------------

const SWELLING: Spec<SwellingLevel> = {
  levels: ['none', 'mild', 'severe'],
  cues: [
    ...cues<SwellingLevel>('severe', [
      // en
      '\\b(?:very|really|extremely|badly|severely|super|so|too|hugely|massively|terribly|incredibly)\\s+(?:swollen|puffy|swelled)',
      '\\b(?:severe|bad|huge|massive|a lot of|lots of|major|significant|extreme|serious|enormous|terrible)\\s+swelling',
      '\\bswelling\\s+(?:is\\s+|has\\s+)?(?:getting\\s+|got\\s+|gotten\\s+)?(?:worse|severe|bad|huge|massive|increasing)',
      '\\bswollen shut\\b',
      '\\bmore swollen\\b',
      '\\bswelling\\s*(?::|-)\\s*(?:severe|bad|heavy)\\b',
      // ja
      '腫れ(?:が|は)?(?:ひど|酷|すごい|強い|強く|大きい|悪化|増)',
      '(?:ひどく|酷く|すごく|かなり|とても|非常に|パンパンに|ぱんぱんに|どんどん)腫れ',
      '腫れ(?:上が|あが)',
      'パンパン',
      // zh
      '(?:腫|肿)得(?:很|非常|好)?(?:厲害|厉害|大)',
      '(?:很|非常|超|好|嚴重|严重)(?:腫|肿)',
      '(?:腫|肿)(?:很大|到)',
      '(?:腫脹|肿胀)\\s*:?\\s*(?:很)?(?:嚴重|严重)',
      '越來越(?:腫|肿)',
      '越来越(?:腫|肿)',
    ]),
    ...cues<SwellingLevel>('mild', [
      // en
      '\\b(?:a bit|a little|a little bit|slightly|somewhat|mildly|kind of|kinda|a tad)\\s+(?:swollen|puffy)',
      '\\b(?:mild|slight|some|a bit of|a little|little|minor|light)\\s+swelling',
      '\\bswelling\\s*(?::|-|is)?\\s*(?:mild|slight|minor|light|little)\\b',
      // ja
      '(?:少し|ちょっと|やや|軽く)腫れ',
      '腫れ(?:が|は)?(?:少し|少ない|軽い|軽度|わずか|ちょっと)',
      'むく(?:み|んで|む)',
      '浮腫',
      // zh
      '有(?:一)?(?:點|点|些)(?:腫|肿)',
      '(?:微|輕微|轻微|稍微)(?:腫|肿)',
      '(?:腫脹|肿胀)\\s*:?\\s*(?:輕微|轻微)',
    ]),
    ...cues<SwellingLevel>('mild', [
      '\\bswollen\\b',
      '\\bswelling\\b',
      '\\bswelled\\b',
      '\\bpuffy\\b',
      '腫れ',
      '腫(?!瘤)',
      '肿(?!瘤)',
    ]),
  ],
  absent: [
    '\\bswelling\\s+(?:has\\s+|is\\s+)?(?:gone|resolved)\\b',
    '\\bno (?:more )?swelling\\b',
    '\\bswelling\\s*(?::|-|is)?\\s*(?:none|nil)\\b',
    '腫れ(?:は|が|も)?(?:なし|無し|ない|無い|ありません|引いた|引きました|治まった|おさまった|なくなった|なくなりました)',
    '消(?:腫|肿)了',
    '已(?:經|经)?消(?:腫|肿)',
  ].map(re),
};

// Lips, throat or tongue swelling is an allergic reaction, not the wound swelling: those words are
// blanked out before swelling is read.
const ALLERGIC_SWELLING = [
  "\\b(?:lips?|throat|tongue)\\b(?:\\s+[a-z']+){0,3}?\\s+(?:swelling|swollen|swelled|puffy)",
  '\\b(?:swollen|swelling|puffy)\\s+(?:of\\s+|in\\s+)?(?:my\\s+|the\\s+)?(?:lips?|throat|tongue)\\b',
  '(?:唇|くちびる|喉|のど|舌)(?:が|の)?(?:少し|すごく|ひどく)?腫れ',
  '(?:嘴唇|喉嚨|喉咙|舌頭|舌头)(?:有點|有点|很|開始|开始)?(?:腫|肿)',
].map(re);

// Breathing --------------------------------------------------------------------------------------

const BREATHING: Spec<boolean> = {
  levels: [false, true],
  cues: cues(true, [
    // en
    "\\b(?:can't|cant|cannot|can not|could not|couldn't|couldnt|unable to|struggling to|struggle to|hard to|difficult to|trouble|difficulty|difficulties|problems?)\\s+(?:to\\s+)?breath(?:e|ing)?\\b",
    '\\bshort(?:ness)? of breath\\b',
    '\\bbreathless',
    '\\bout of breath\\b',
    '\\bgasping\\b',
    '\\bwheez(?:e|ing)\\b',
    '\\bchoking\\b',
    '\\bbreathing\\s+(?:is\\s+)?(?:hard|difficult|laboured|labored)\\b',
    // ja
    '息苦し',
    '息が苦し',
    '呼吸が苦し',
    '呼吸困難',
    '息が(?:でき|出来)な',
    '息が(?:しにく|しづら|吸えな)',
    '呼吸が(?:しにく|しづら|でき|出来)',
    '呼吸しにく',
    'ゼーゼー',
    'ぜーぜー',
    'ヒューヒュー',
    '息切れ',
    // zh
    '喘不(?:過|过)(?:氣|气)',
    '喘不上(?:氣|气)',
    '透不(?:過|过)(?:氣|气)',
    '呼吸困(?:難|难)',
    '呼吸不(?:順|顺)',
    '(?:不能|無法|无法|沒辦法|没办法)呼吸',
    '吸不到(?:氣|气)',
    '呼吸急促',
  ]),
  absent: [
    '\\bbreathing\\s+(?:is\\s+)?(?:fine|ok|okay|normal|good|alright|all right)\\b',
    '呼吸(?:は|も)?(?:大丈夫|問題な|問題ありません|普通|正常|楽)',
    '呼吸(?:很)?(?:正常|順暢|顺畅)',
    '呼吸(?:沒|没)問題',
    '呼吸(?:沒|没)问题',
  ].map(re),
};

// Breathing only through the mouth because the nose is packed is expected after rhinoplasty;
// it is blanked out before breathing is read (other breathing words still count).
const NOSE_BREATHING = [
  "\\b(?:can't|cant|cannot|can not|could not|couldn't|unable to|hard to|difficult to|trouble|difficulty)\\s+(?:to\\s+)?breath(?:e|ing)?\\s+(?:through|thru|out of|with|from)\\s+(?:my\\s+|the\\s+)?nose\\b",
  '鼻(?:で|から|の)?(?:息|呼吸)(?:が|を)?(?:でき|出来|し|吸え)(?:ない|にくい|づらい|ません)',
  '鼻(?:子)?(?:不能|無法|无法|沒辦法|没办法)呼吸',
].map(re);

// Allergic reaction ------------------------------------------------------------------------------

const ALLERGIC: Spec<boolean> = {
  levels: [false, true],
  cues: [
    ...cues(true, [
      // en
      '\\bhives\\b',
      '\\brash(?:es)?\\b',
      '\\bwelts\\b',
      '\\ballergic reaction\\b',
      '\\banaphyla\\w*',
      '\\bthroat\\s+(?:feels\\s+|is\\s+|getting\\s+)?(?:tight|closing)',
      '\\btight throat\\b',
      // ja
      'じんましん',
      'ジンマシン',
      '蕁麻疹',
      '発疹',
      'アレルギー(?:反応|が出)',
      '(?:喉|のど)が(?:締め付け|しめつけ|詰まる感じ)',
      '全身が(?:かゆ|痒)',
      // zh
      '起(?:紅|红)?疹子?',
      '(?<!起)疹子',
      '(?<!起)(?:紅|红)疹',
      '荨麻疹',
      '(?:風|风)疹(?:塊|块)',
      '(?:過|过)敏(?:反應|反应|了)',
      '全身(?:癢|痒)',
    ]),
    ...ALLERGIC_SWELLING.map((pattern) => ({ re: pattern, value: true })),
  ],
  absent: [],
};

// Fever ------------------------------------------------------------------------------------------

const FEVER_ABSENT = [
  '\\bfever\\s+(?:is\\s+|has\\s+|had\\s+)?(?:gone|went down|broke|broken|resolved|subsided|down)\\b',
  '\\b(?:temperature|temp)\\s+(?:is\\s+)?normal\\b',
  '\\bno temp(?:erature)?\\b',
  '平熱',
  '熱(?:は|が|も)?(?:下がっ|下がり|引い|引き|ない|無い|なし|無し|ありません)',
  '退(?:燒|烧)',
  '(?:燒|烧)退',
  '(?:體溫|体温)(?:很)?正常',
].map(re);

const FEVER: Spec<boolean> = {
  levels: [false, true],
  cues: cues(true, [
    '\\bfever(?:ish|s)?\\b',
    '\\bfebrile\\b',
    '\\bhigh temp(?:erature)?\\b',
    '\\b(?:running|have|got) a temp(?:erature)?\\b',
    '発熱',
    '熱っぽ',
    '熱が(?:ある|あり|出|高|上が)',
    '熱を出',
    '高熱',
    '微熱',
    '熱発',
    '(?:發|发)(?:燒|烧|熱|热)',
    '(?:高|低)(?:燒|烧)',
    '(?:燒|烧)到',
  ]),
  absent: FEVER_ABSENT,
};

// 熱 alone is a fever in Japanese (熱がある, 熱38度) but not in 熱い (hot), 熱心, 熱中症 ….
const FEVER_JA_BARE: Spec<boolean> = {
  levels: [false, true],
  cues: cues(true, ['熱(?![いくさかけ心中帯意湯])'], true),
  absent: FEVER_ABSENT,
};

// Pain -------------------------------------------------------------------------------------------

// Painkillers are medicine, not pain: "痛み止めを2錠".
const PAINKILLERS = re(
  'pain\\s*killers?|pain\\s*(?:meds?|medication|medicine|relief)|痛み止め|鎮痛剤|鎮痛薬|止痛(?:藥|药)',
);

const PAIN_WORD = '(?:pain(?:ful)?|hurts?|hurting|aches?|aching|sore(?:ness)?|痛|疼)';
const NUMBER = '(\\d{1,2}(?:\\.\\d)?)(?![\\d.]*\\d)';
// Numbers that are times, amounts or temperatures rather than a 0-10 score.
const NOT_A_SCORE =
  "\\s*(?:days?|d\\b|hours?|hrs?|h\\b|mins?|minutes?|weeks?|wks?|am\\b|pm\\b|o'?clock|mg|ml|tablets?|tabs?|pills?|times|x\\b|日|時|時間|分鐘|分钟|回|週|周|天|小時|小时|次|錠|粒|顆|颗|度|°|c\\b|段階|点満点|点中|分中|分滿分|分满分|:\\d|/\\d(?!0\\b))";
const PAIN_NUMBER = re(
  `${PAIN_WORD}([^\\d\\n。.!?,、]{0,16}?)${NUMBER}(?!${NOT_A_SCORE})(?:\\s*(?:-|~|to|〜|から|到)\\s*(\\d{1,2})(?![\\d.]))?`,
);
// A number after "day", "since" … in the gap is a day or a time: "pain since 3pm", "痛み、術後3日".
const GAP_NOT_A_SCORE =
  /(?:\b(?:day|days|for|since|until|till|from|after|before|every)|第|術後|手術後|#)\s*$/u;
const OUT_OF_TEN = re('(?<![\\d.\\/])(\\d{1,2}(?:\\.\\d)?)\\s*(?:\\/|out of)\\s*10(?![\\d\\/])');
const DATE_BEFORE = /(?:\b(?:on|by|until|till|from|before|after|date|visit|appointment)|予約|日)\s*$/u;
const TEN_SCALE = re(
  '10\\s*(?:段階|点満点|点中|分中|分滿分|分满分)\\s*(?:で|中|の|的)?\\s*(\\d{1,2}(?:\\.\\d)?)(?![\\d.])',
);

const SEVERE_PAIN: Spec<boolean> = {
  levels: [false, true],
  cues: cues(true, [
    '\\b(?:severe|unbearable|excruciating|intense|extreme|agonizing|agonising)\\s+pain\\b',
    '\\bpain\\s+(?:is\\s+)?(?:unbearable|excruciating|severe|intense|extreme)\\b',
    '激痛',
    '激しい痛み',
    '強い痛み',
    'ひどい痛み',
    '痛みが(?:ひどい|強い|激しい)',
    '(?:我慢でき|耐えられ)ない(?:ほどの|くらいの)?痛',
    '(?:劇|剧)痛',
    '(?:劇|剧)(?:烈|列)(?:疼痛|痛)',
    '痛(?:得|到)(?:受不了|要命|不行)',
  ]),
  absent: [],
};

const NO_PAIN: Spec<boolean> = {
  levels: [false, true],
  cues: cues(true, [
    '\\bno pain\\b',
    '\\bpain[- ]?free\\b',
    '\\bpainless\\b',
    "\\b(?:doesn't|doesnt|does not|don't|dont) hurt\\b",
    '\\bnot painful\\b',
    '痛み(?:は|が|も)?(?:ない|なし|無い|無し|ありません)',
    '(?<!あまり|そんなに|それほど|さほど)痛くない',
    '(?<!あまり|そんなに|それほど|さほど)痛くありません',
    '(?:沒有|没有|沒|没|不會|不会|不)(?:再)?(?:疼痛|痛|疼)',
    '(?:無|无)痛',
  ]),
  absent: [],
};

/** A cue that is itself a negation ("no pain", "不痛") must not be read as negated. */
function detectPlain(clauses: string[], spec: Spec<boolean>): boolean {
  return clauses.some((clause) => spec.cues.some((cue) => re(cue.re.source).test(clause)));
}

function painOf(text: string, clauses: string[], ctx: Context): number | undefined {
  const masked = text.replace(PAINKILLERS, (m) => ' '.repeat(m.length));
  const scores: number[] = [];
  for (const m of masked.matchAll(PAIN_NUMBER)) {
    if (GAP_NOT_A_SCORE.test(m[1] ?? '')) continue;
    scores.push(Number(m[2]));
    if (m[3] !== undefined) scores.push(Number(m[3]));
  }
  for (const m of masked.matchAll(OUT_OF_TEN)) {
    // "come on 7/10" is a date, not a score.
    if (!DATE_BEFORE.test(masked.slice(0, m.index))) scores.push(Number(m[1]));
  }
  for (const m of masked.matchAll(TEN_SCALE)) scores.push(Number(m[1]));
  const valid = scores.filter((s) => s >= 0 && s <= 10);
  if (valid.length > 0) return Math.max(...valid);

  const maskedClauses = clauses.map((c) => c.replace(PAINKILLERS, (m) => ' '.repeat(m.length)));
  if (detect(maskedClauses, SEVERE_PAIN, ctx) === true) return 8;
  if (detectPlain(maskedClauses, NO_PAIN)) return 0;
  return undefined;
}

// Temperature ------------------------------------------------------------------------------------

function celsius(value: number, unit: 'c' | 'f' | undefined): number {
  const c = unit === 'f' || (unit === undefined && value >= 93) ? ((value - 32) * 5) / 9 : value;
  return Math.round(c * 10) / 10;
}

function temperatureOf(text: string): number | undefined {
  const found: number[] = [];
  // 38度5分 = 38.5
  for (const m of text.matchAll(/(?<![\d.])(\d{2})\s*度\s*(\d)\s*分/gu)) {
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

function blank(text: string, patterns: RegExp[]): string {
  return patterns.reduce((t, p) => t.replace(p, (m) => ' '.repeat(m.length)), text);
}

function symptomsOf(text: string, freeText: string, language: Language): SymptomReport {
  const ctx: Context = { japanese: language === 'ja' || /[\u3040-\u30ff]/u.test(text) };
  const clauses = clausesOf(text);
  const report: SymptomReport = { freeText };

  const pain = painOf(text, clauses, ctx);
  if (pain !== undefined) report.pain = pain;

  const bleeding = detect(clauses, BLEEDING, ctx);
  if (bleeding !== undefined) report.bleeding = bleeding;

  const swelling = detect(clausesOf(blank(text, ALLERGIC_SWELLING)), SWELLING, ctx);
  if (swelling !== undefined) report.swelling = swelling;

  const temperatureC = temperatureOf(text);
  const feverWord = detect(clauses, FEVER, ctx);
  const feverJa = detect(clauses, FEVER_JA_BARE, ctx);
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

  const breathing = detect(clausesOf(blank(text, NOSE_BREATHING)), BREATHING, ctx);
  if (breathing !== undefined) report.breathingDifficulty = breathing;

  const allergic = detect(clauses, ALLERGIC, ctx);
  if (allergic !== undefined) report.allergicReaction = allergic;

  return report;
}

// Pleas and plain words ---------------------------------------------------------------------------

// A cry for help in any of the three languages (救命 is "help!" in both Japanese and Chinese).
// Thanks for help already given ("thank you for your help") is not a plea.
const PLEAS = [
  '(?<!for (?:all )?(?:your |the )?)\\bhelp\\b(?!ful|ed|s)',
  '\\bsos\\b',
  '\\bemergency\\b',
  '\\bambulance\\b',
  '\\burgent(?:ly)?\\b',
  '\\b(?:please\\s+)?(?:call|phone|ring)\\s+me\\b',
  "\\b(?:i'?m|i am|im|feel|feeling|so|really)\\s+(?:so\\s+|really\\s+|very\\s+)?(?:scared|frightened|terrified|panicking)\\b",
  "\\bsomething(?:'s| is)? (?:very |really )?(?:wrong|not right)\\b",
  '\\bdying\\b',
  '(?<!\\d)(?:119|110|911|999|112)(?!\\d)',
  '助けて',
  'たすけて',
  'タスケテ',
  '救命',
  '救急',
  '緊急',
  '至急',
  'ヘルプ',
  '怖い',
  'こわい',
  '死にそう',
  '電話(?:を)?(?:ください|下さい|して|ほしい|欲しい)',
  '救救我',
  '救我',
  '(?:幫|帮)(?:幫|帮)?我',
  '求救',
  '求助',
  '(?:緊|紧)急',
  '急救',
  '救(?:護|护)(?:車|车)',
  '快(?:來|来)',
  '好怕',
  '害怕',
  '(?:打|回)(?:電話|电话|電|电)給?我',
  '打給我',
  '打给我',
  '怎(?:麼|么)(?:辦|办)',
].map((source) => new RegExp(source, 'u'));

// Plainly benign words: the patient says she is well.
const BENIGN = [
  '\\b(?:fine|good|great|well|better|ok|okay|alright|all right|recovering|healing|no problems?|no issues?|no complaints|nothing to report|thanks|thank you)\\b',
  '大丈夫',
  '元気',
  '順調',
  '良好',
  '快調',
  '問題(?:ありません|ない|なし|無し)',
  '特に(?:ありません|ない|なし|無し|問題)',
  '変わり(?:ありません|ない|なし)',
  '(?:良|よ)くなって',
  'ありがとう',
  '(?:沒|没)事',
  '(?:很|還|还|都)好',
  '好多了',
  '不(?:錯|错)',
  '(?:順|顺)利',
  '(?:沒|没)(?:問題|问题)',
  '正常',
  '(?:謝謝|谢谢|感謝|感谢)',
].map((source) => new RegExp(source, 'gu'));

// Distress the parser cannot grade: never read as benign.
const DISTRESS = [
  '\\b(?:worse|worsening|terrible|awful|horrible|bad|unwell|sick|weird|strange|wrong|dizzy|faint(?:ing)?|numb|pale|blue|purple|dusky|scared|worried|hurts?|painful)\\b',
  '悪化',
  '(?:悪|わる)い',
  '(?:辛|つら)い',
  '痛い',
  '苦しい',
  'おかしい',
  '変(?:です|な感じ|だ)',
  '心配',
  'しびれ',
  '不(?:舒服|對勁|对劲)',
  '(?:難|难)受',
  '很(?:痛|疼)',
  '更(?:糟|痛|嚴重|严重)',
  '(?:惡|恶)化',
  '怪怪',
  '(?:擔|担)心',
].map((source) => new RegExp(source, 'gu'));

// "not good", "大丈夫じゃない", "不是很好": the words are there, the meaning is not benign.
const BENIGN_NEGATED_AFTER = /^\s*(?:じゃ|では|でも|で|が|は|も)?(?:ない|なか|ありません)|^くない/u;
const BENIGN_NEGATED_BEFORE = /(?:不是|並不|并不|不太|不|沒有|没有|沒|没)\s*$/u;

/** The text before `index` in the same clause: a negation does not reach past a comma. */
function clauseBefore(text: string, index: number): string {
  const before = text.slice(0, index);
  return before.slice(before.search(/[^,.!?;、。，！？；]*$/u));
}

/** Distress in the reply, unless negated in English ("not bad", "no worse"). */
function distressIn(text: string): boolean {
  return DISTRESS.some((cue) =>
    [...text.matchAll(cue)].some(
      (m) =>
        !/^[a-z]/.test(m[0]) ||
        !words(clauseBefore(text, m.index))
          .slice(-2)
          .some((w) => EN_NEGATORS.has(w)),
    ),
  );
}

function benignIn(text: string): boolean {
  for (const cue of BENIGN) {
    for (const m of text.matchAll(cue)) {
      const before = words(clauseBefore(text, m.index)).slice(-3);
      if (before.some((w) => EN_NEGATORS.has(w))) continue;
      if (BENIGN_NEGATED_BEFORE.test(text.slice(0, m.index)) && !m[0].startsWith('不')) continue;
      if (BENIGN_NEGATED_AFTER.test(text.slice(m.index + m[0].length))) continue;
      return true;
    }
  }
  return false;
}

/**
 * Reads a patient's reply. A reply that is exactly a keyword (STOP, YES, はい, 改期, TAKEN …) has
 * that intent; a bare 1-5 has intent 'symptoms' and `score`; anything else is read for symptoms.
 * `report.freeText` is always the reply as sent, trimmed.
 */
export function parseReply(text: string, language: Language): ParsedReply {
  const freeText = text.trim();
  const normalised = normalise(freeText);
  const key = keyOf(normalised);

  const intent = INTENT_BY_WORD.get(key);
  if (intent !== undefined) return { intent, report: { freeText }, plea: false, understood: true };

  if (/^\d{1,2}$/.test(key)) {
    const n = Number(key);
    const bare = { plea: false, understood: true };
    if (n >= 1 && n <= 5) return { intent: 'symptoms', report: { freeText }, score: n, ...bare };
    // 0 or 6-10 cannot be a survey score or a choice: it answers "your pain from 0 to 10".
    if (n <= 10) return { intent: 'symptoms', report: { freeText, pain: n }, ...bare };
  }

  const report = symptomsOf(normalised, freeText, language);
  const { freeText: _words, ...symptoms } = report;
  const recognised = Object.keys(symptoms).length > 0 || benignIn(normalised);
  return {
    intent: 'symptoms',
    report,
    plea: PLEAS.some((p) => p.test(normalised)),
    understood: recognised && !distressIn(normalised),
  };
}
