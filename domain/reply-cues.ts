import type { ReplyIntent } from './reply-parser';
import type { BleedingLevel, SwellingLevel } from './symptoms';

// The words the reply parser knows, as data: each symptom's cues in English, Japanese and Chinese
// (traditional and simplified), what says a symptom is absent, pleas for help, plainly benign
// words, distress it cannot grade, and whole-message keywords. Each cue is one regular expression
// whose source is its name: the phrase corpus (test/corpus/) must show every one of them read
// both as present and as negated. The reading rules (clauses, negation, numbers) are in
// reply-parser.ts.

export const INTENT_WORDS: Record<Exclude<ReplyIntent, 'symptoms'>, string[]> = {
  'opt-out': [
    'stop',
    'stopall',
    'unsubscribe',
    'opt out',
    'opt-out',
    'optout',
    '停止',
    '配信停止',
    'ストップ',
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
    '了解です',
    '了解しました',
    '承知しました',
    'わかりました',
    '分かりました',
    '是',
    '好',
    '好的',
    '好喔',
    '是的',
    '對',
    '对',
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
    '変更希望',
    '日程変更希望',
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
    '飲んだ',
    '薬飲みました',
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
    '飲み忘れた',
    '飲むの忘れた',
    '忘記服用',
    '忘记服用',
    '忘了吃藥',
    '漏服',
  ],
};

export interface Cue<V> {
  re: RegExp;
  value: V;
  /** Only when the reply is (or looks) Japanese. */
  jaOnly?: boolean;
}

export interface Spec<V> {
  /** The finding the cues are about, as the phrase corpus names it. */
  name: string;
  /** From absent to most severe. */
  levels: readonly V[];
  cues: Cue<V>[];
  absent: RegExp[];
}

export function re(source: string): RegExp {
  return new RegExp(source, 'gu');
}

function cues<V>(value: V, sources: string[], jaOnly = false): Cue<V>[] {
  return sources.map((source) => ({ re: re(source), value, jaOnly }));
}

// Bleeding ---------------------------------------------------------------------------------------

export const BLEEDING: Spec<BleedingLevel> = {
  name: 'bleeding',
  levels: ['none', 'light', 'heavy'],
  cues: [
    ...cues<BleedingLevel>('heavy', [
      // en
      "\\bbleed(?:ing|in'?|s)?\\s+(?:(?:really|so|very|quite|pretty)\\s+)?(?:a ?lot|so+ much|too much|heavily|badly|profusely|non-?stop|like crazy|everywhere|through)",
      '\\b(?:a ?lot of|lots of|so+ much|too much|heavy|severe|profuse|excessive|massive|uncontrolled|constant)\\s+(?:bleeding|blood)',
      "\\b(?:won't|wont|can't|cant|cannot|doesn't|doesnt|does not|will not|isn't|is not|not)\\s+stop(?:ping)?\\s+(?:the\\s+|my\\s+)?bleeding",
      "\\bbleeding\\s+(?:that\\s+|which\\s+)?(?:won't|wont|doesn't|doesnt|does not|will not|isn't|is not|can't|cant|not)\\s+stop",
      '\\bkeeps? (?:on )?bleeding\\b',
      "\\bbleeding\\s+(?:still\\s+)?(?:hasn't|hasnt|has not|has still not)\\s+stopped",
      "\\b(?:hasn't|hasnt|has not|haven't|havent|have not)\\s+stopped\\s+bleeding",
      '\\bbleeding\\s*(?::|-|is)?\\s*heavy\\b',
      // mixed: "bleeding 止まらない", "bleeding ひどい", "bleeding 很多", "blood 止不住"
      '\\b(?:bleeding|blood)\\s*(?:が|は)?\\s*(?:止まらな|とまらな|ひど|酷|すごい|たくさん|大量|很多|好多|不止|止不住|一直流)',
      '\\bsoak(?:ed|ing|s)?\\b',
      '\\b(?:gushing|pouring|dripping)\\b',
      '\\bblood everywhere\\b',
      // ja
      '大量の出血',
      '大量出血',
      '多量の出血',
      '出血(?:が|は)?(?:多い|多め|多量|大量|ひどい|酷い|すごい|止まらな|止まりません|とまらな|とまりません)',
      '(?:血|はなぢ)が?(?:止まらな|止まりません|とまらな|とまりません|たくさん|いっぱい|大量|ドクドク|どくどく|溢れ|あふれ)',
      'ガーゼが(?:真っ赤|びっしょり|血だらけ)',
      '血だらけ',
      '血まみれ',
      // zh
      '血流不止',
      '流鼻?血不止',
      '出血不止',
      '一直(?:在)?(?:流鼻?血|出血)',
      '血一直(?:在)?流',
      '(?:流|出)了?(?:很多|好多|超多|一堆)血',
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
      '血が(?:少し|にじ(?:む|んで|み|ん)|滲(?:む|んで|み|ん))',
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
      '\\bbleed(?:s|ing|in)?\\b',
      '\\bbled\\b',
      '\\bbloody\\b',
      '\\bblood\\b(?!\\s*(?:pressure|test|sugar|work|type|thinner))',
      '出血',
      '流血',
      '血が(?:出|で(?:て|た|る))',
      '流?鼻血|はなぢ',
      '血が?(?:混じ|まじ|混ざ|付(?:く|い)|つ(?:く|いて|いた))',
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

export const SWELLING: Spec<SwellingLevel> = {
  name: 'swelling',
  levels: ['none', 'mild', 'severe'],
  cues: [
    ...cues<SwellingLevel>('severe', [
      // en
      '\\b(?:very|really|extremely|badly|severely|super|so|too|hugely|massively|terribly|incredibly)\\s+(?:swollen|puffy|swelled)',
      '\\b(?:severe|bad|huge|massive|a lot of|lots of|major|significant|extreme|serious|enormous|terrible)\\s+swelling',
      '\\bswelling\\s+(?:is\\s+|has\\s+)?(?:getting\\s+|got\\s+|gotten\\s+)?(?:(?:very|really|so|pretty|quite)\\s+)?(?:worse|severe|bad|huge|massive|increasing)',
      '\\bswollen shut\\b',
      '\\bmore swollen\\b',
      '\\bswelling\\s*(?::|-)\\s*(?:severe|bad|heavy)\\b',
      // mixed: the English word, the Japanese or Chinese degree ("swelling ひどい", "swelling 很嚴重")
      '\\b(?:swelling|swollen)\\s*(?:is\\s+)?(?:が|は)?\\s*(?:ひど|酷|すごい|すごく|パンパン|很(?:嚴重|严重|厲害|厉害)|(?:嚴重|严重))',
      // ja
      '腫れ(?:が|は)?(?:どんどん|だんだん|さらに)?(?:ひど|酷|すごい|強い|強く|大きい|悪化|増)',
      '(?:ひどく|酷く|すごく|かなり|とても|非常に|パンパンに|ぱんぱんに|どんどん)腫れ',
      '腫れ(?:上が|あが)',
      'パンパン',
      // zh
      '(?:腫|肿)(?:得|的)(?:很|非常|好)?(?:厲害|厉害|大)',
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
      'はれ(?:て|が|は|も|ぼった|上が|あが)',
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
      '腫(?!瘤|れ)',
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
    '(?:腫脹|肿胀)\\s*:\\s*(?:無|无|沒有|没有|否)',
  ].map(re),
};

// Lips, throat or tongue swelling is an allergic reaction, not the wound swelling: those words are
// blanked out before swelling is read.
export const ALLERGIC_SWELLING = [
  "\\b(?:lips?|throat|tongue)\\b(?:\\s+[a-z']+){0,3}?\\s+(?:swelling|swollen|swelled|puffy)",
  '\\b(?:swollen|swelling|puffy)\\s+(?:of\\s+|in\\s+)?(?:my\\s+|the\\s+)?(?:lips?|throat|tongue)\\b',
  '(?:唇|くちびる|喉|のど|舌)(?:が|の)?(?:少し|すごく|ひどく)?腫れ',
  '(?:嘴唇|喉嚨|喉咙|舌頭|舌头)(?:有點|有点|很|開始|开始)?(?:腫|肿)',
].map(re);

// Breathing --------------------------------------------------------------------------------------

export const BREATHING: Spec<boolean> = {
  name: 'breathing',
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
    '(?:息|いき)ぐるし',
    '息(?:が|も)苦し',
    '呼吸(?:が|も)苦し',
    '呼吸困難',
    '息が?(?:でき|出来)(?:な|ませ)',
    '息が?(?:しにく|しづら|吸えな|吸えませ)',
    '呼吸が?(?:しにく|しづら|(?:でき|出来)(?:な|ませ))',
    '呼吸しにく',
    'ゼーゼー',
    'ぜーぜー',
    'ヒューヒュー',
    '息切れ',
    // zh
    '喘不(?:過|过)(?:氣|气)',
    '喘不上(?:氣|气)',
    '透不(?:過|过)(?:氣|气)',
    '呼吸\\s*:?\\s*(?:也|都|還|还)?(?:很|有點|有点|好|非常|超|比較|比较)?困(?:難|难)',
    '呼吸不(?:順|顺)',
    '(?:不能|無法|无法|沒辦法|没办法)呼吸',
    '吸不到(?:氣|气)',
    '呼吸急促',
    '(?:很|好|超|有點|有点|會|会|一直)喘',
  ]),
  absent: [
    '\\bbreathing\\s+(?:is\\s+)?(?:fine|ok|okay|normal|good|alright|all right)\\b',
    '呼吸(?:は|も)?(?:大丈夫|問題な|問題ありません|普通|正常|楽)',
    '呼吸(?:\\s*:\\s*)?(?:很)?(?:正常|順暢|顺畅)',
    '呼吸(?:沒|没)問題',
    '呼吸(?:沒|没)问题',
  ].map(re),
};

// Breathing only through the mouth because the nose is packed is expected after rhinoplasty;
// it is blanked out before breathing is read (other breathing words still count).
export const NOSE_BREATHING = [
  "\\b(?:can't|cant|cannot|can not|could not|couldn't|couldnt|unable to|hard to|difficult to|trouble|difficulty)\\s+(?:to\\s+)?breath(?:e|ing)?\\s+(?:through|thru|out of|with|from)\\s+(?:my\\s+|the\\s+)?nose\\b",
  '鼻(?:で|から|の)?(?:息|呼吸)(?:が|を)?(?:でき|出来|し|吸え)(?:ない|にくい|づらい|ません)',
  '鼻(?:子)?(?:不能|無法|无法|沒辦法|没办法)呼吸',
  '鼻(?:子)?(?:呼吸|吸氣|吸气)\\s*(?:很|有點|有点|好|比較|比较)?(?:困難|困难|不順|不顺)',
  '鼻(?:子)?(?:很|有點|有点|好|比較|比较)?(?:難|难)(?:呼吸|吸氣|吸气)',
].map(re);

// Allergic reaction ------------------------------------------------------------------------------

export const ALLERGIC: Spec<boolean> = {
  name: 'allergic',
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
  '(?:體溫|体温)(?:\\s*:\\s*)?(?:很)?正常',
].map(re);

export const FEVER: Spec<boolean> = {
  name: 'fever',
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
export const FEVER_JA_BARE: Spec<boolean> = {
  name: 'fever-ja',
  levels: [false, true],
  cues: cues(true, ['熱(?![いくさかけ心中帯意湯])'], true),
  // Read after the fever cues are blanked (reply-parser.ts), so "fever is gone" cannot match here.
  absent: FEVER_ABSENT.filter((a) => !a.source.startsWith('\\bfever')),
};

// Painkillers are medicine, not pain: "痛み止めを2錠".
export const PAINKILLERS = re(
  'pain\\s*killers?|pain\\s*(?:meds?|medication|medicine|relief)|痛み止め|鎮痛剤|鎮痛薬|止痛(?:藥|药)',
);

export const SEVERE_PAIN: Spec<boolean> = {
  name: 'severe-pain',
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
    '(?:死ぬ|死にそうな)(?:ほど|くらい|ぐらい)?痛',
    '(?:劇|剧)痛',
    '(?:劇|剧)(?:烈|列)(?:疼痛|痛)',
    '痛(?:得|的|到)(?:受不了|要命|不行|要死)',
    '痛死',
  ]),
  absent: [],
};

export const NO_PAIN: Spec<boolean> = {
  name: 'no-pain',
  levels: [false, true],
  cues: cues(true, [
    '\\bno pain\\b',
    '\\bpain[- ]?free\\b',
    '\\bpainless\\b',
    "\\b(?:doesn't|doesnt|does not|don't|dont) hurt\\b",
    '\\bnot painful\\b',
    '(?<!激しい|強い|ひどい)痛み(?:は|が|も)?(?:ない|なく|なし|無い|無し|ありません|ゼロ)',
    '(?<!あまり|そんなに|それほど|さほど)痛くない',
    '(?<!あまり|そんなに|それほど|さほど)痛くありません',
    '(?:沒有|没有|沒|没|不會|不会|不)(?:再)?(?:疼痛|痛|疼)(?![到得死])',
    '(?:無|无)痛',
  ]),
  absent: [],
};

/** A cue that is itself a negation ("no pain", "不痛") must not be read as negated. */

// Pleas and plain words ---------------------------------------------------------------------------

// A cry for help in any of the three languages (救命 is "help!" in both Japanese and Chinese).
// Thanks for help already given ("thank you for your help") is not a plea.
export const PLEAS = [
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
  '(?:打|回)(?:電話|电话|電|电)(?:給|给)?我',
  'call\\s*我',
  '打給我',
  '打给我',
  '怎(?:麼|么)(?:辦|办)',
].map((source) => new RegExp(source, 'u'));

// Plainly benign words: the patient says she is well.
export const BENIGN = [
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
  '(?:很|還|还|都)好|(?:還|还)可以',
  '好多了',
  '不(?:錯|错)',
  '(?:順|顺)利',
  '(?:沒|没)(?:問題|问题)',
  '正常',
  '(?:謝謝|谢谢|感謝|感谢)',
].map((source) => new RegExp(source, 'gu'));

// Distress the parser cannot grade: never read as benign.
export const DISTRESS = [
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
