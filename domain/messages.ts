import { DateTime } from 'luxon';
import type { Language } from './language';
import type { ProcedureCode } from './procedures';
import { procedureName } from './procedures';

// Patient-facing texts, one per language. Kept short enough for a few SMS segments and written
// so the 24-hour number is never missing where the patient may need it ([000] §1.5, §2.3).
// Reply keywords (TAKEN/MISSED, YES/CHANGE, STOP and their ja/zh-Hant forms) are the ones the
// reply parser accepts; times are shown in the patient's own time zone.

export interface AfterCareParams {
  clinicName: string;
  procedureCode: ProcedureCode;
  emergencyLine: string;
  /** The public emergency number (ambulance), from the clinic config: "119". */
  emergencyNumber: string;
}

export type QuestionSet = 'first-night' | 'wound' | 'swelling' | 'recovery';

export interface VisitParams {
  clinicName: string;
  /** ISO instant of the visit. */
  at: string;
  /** IANA time zone the patient reads the time in. */
  timeZone: string;
  place: string;
  department: string;
  doctor: string;
  bring: string[];
}

type Base<T extends string, P> = { template: T; language: Language; params: P };

/** A patient message by template, rendered in the patient's language when it is sent. */
export type PatientMessage =
  | Base<'after-care', AfterCareParams>
  | Base<
      'check-in',
      { clinicName: string; questionSet: QuestionSet; postOpDay: number; emergencyNumber: string }
    >
  | Base<'check-in-reminder', { clinicName: string }>
  | Base<'reply-normal', { clinicName: string; procedureCode: ProcedureCode }>
  | Base<'reply-concern', { clinicName: string; callbackBy: string; timeZone: string }>
  | Base<'reply-unclear', { clinicName: string; emergencyNumber: string }>
  | Base<'reply-urgent', { clinicName: string; emergencyLine: string; emergencyNumber: string }>
  | Base<'emergency-instruction', { clinicName: string; emergencyLine: string; emergencyNumber: string }>
  | Base<'opt-out-confirmed', { clinicName: string; emergencyLine: string }>
  | Base<'survey', { clinicName: string }>
  | Base<'survey-thanks', { clinicName: string; low: boolean }>
  | Base<
      'medication-reminder',
      { clinicName: string; medication: string; dose: string; at: string; timeZone: string }
    >
  | Base<'return-visit-notice', VisitParams>
  | Base<'return-visit-reconfirm', VisitParams>
  | Base<'reschedule-offer', { clinicName: string; slots: string[]; timeZone: string }>
  | Base<'visit-booked', { clinicName: string; at: string; timeZone: string; place: string }>
  | Base<'no-show', { clinicName: string; at: string; timeZone: string }>
  | Base<'transfer-informed', { clinicName: string; hospitalName: string; hospitalPhone: string }>;

export type PatientMessageTemplate = PatientMessage['template'];
export type PatientMessageParams<T extends PatientMessageTemplate> = Extract<
  PatientMessage,
  { template: T }
>['params'];

const TEMPLATE_SET: Record<PatientMessageTemplate, true> = {
  'after-care': true,
  'check-in': true,
  'check-in-reminder': true,
  'reply-normal': true,
  'reply-concern': true,
  'reply-unclear': true,
  'reply-urgent': true,
  'emergency-instruction': true,
  'opt-out-confirmed': true,
  survey: true,
  'survey-thanks': true,
  'medication-reminder': true,
  'return-visit-notice': true,
  'return-visit-reconfirm': true,
  'reschedule-offer': true,
  'visit-booked': true,
  'no-show': true,
  'transfer-informed': true,
};
/** Every template, in declaration order. */
export const PATIENT_MESSAGE_TEMPLATES = Object.keys(TEMPLATE_SET) as PatientMessageTemplate[];

/** The words a patient replies with, per language, as the reply parser accepts them. */
export const REPLY_KEYWORDS = {
  en: { taken: 'TAKEN', missed: 'MISSED', yes: 'YES', change: 'CHANGE', stop: 'STOP' },
  ja: { taken: '飲みました', missed: '飲み忘れ', yes: 'はい', change: '変更', stop: '停止' },
  'zh-Hant': { taken: '已服用', missed: '忘記服用', yes: '是', change: '改期', stop: '停止' },
} as const satisfies Record<Language, Record<'taken' | 'missed' | 'yes' | 'change' | 'stop', string>>;

/** A message that cannot be rendered (bad time or time zone); sending it again will not help. */
export class InvalidPatientMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPatientMessageError';
  }
}

// ---------------------------------------------------------------------------------------------
// Times, in the patient's zone. Names are spelled out here rather than taken from Intl so the
// text is the same on every runtime, whatever ICU data it ships with.

const EN_WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const JA_WEEKDAYS = ['月', '火', '水', '木', '金', '土', '日'];
const ZH_WEEKDAYS = ['週一', '週二', '週三', '週四', '週五', '週六', '週日'];

function localTime(at: string, timeZone: string): DateTime {
  const local = DateTime.fromISO(at, { zone: timeZone });
  if (!local.isValid) {
    throw new InvalidPatientMessageError(
      `cannot show "${at}" in time zone "${timeZone}": ${local.invalidReason}`,
    );
  }
  return local;
}

/** Day and time as the patient reads them: "Mon 23 Nov, 14:30", "11月23日(月) 14:30", "11月23日（週一）14:30". */
export function formatPatientDateTime(at: string, timeZone: string, language: Language): string {
  const t = localTime(at, timeZone);
  const hm = t.toFormat('HH:mm');
  switch (language) {
    case 'en':
      return `${EN_WEEKDAYS[t.weekday - 1]} ${t.day} ${EN_MONTHS[t.month - 1]}, ${hm}`;
    case 'ja':
      return `${t.month}月${t.day}日(${JA_WEEKDAYS[t.weekday - 1]}) ${hm}`;
    case 'zh-Hant':
      return `${t.month}月${t.day}日（${ZH_WEEKDAYS[t.weekday - 1]}）${hm}`;
  }
}

/** Time of day only, "14:30", in the patient's zone. */
export function formatPatientTime(at: string, timeZone: string): string {
  return localTime(at, timeZone).toFormat('HH:mm');
}

function list(items: string[], language: Language): string {
  if (language !== 'en') return items.join('、');
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------
// Templates.

/**
 * The emergency number as the text says it. Messages queued before the clinic config named one
 * carry none: they keep the words they were written with (119 in ja and zh-Hant).
 */
export function dial(p: { emergencyNumber?: string }, language: Language): string {
  const n = p.emergencyNumber as string | undefined;
  if (n) return language === 'en' ? `emergency services (${n})` : n;
  return language === 'en' ? 'emergency services' : '119';
}

type Texts<P> = Record<Language, (p: P) => string>;
type Params<T extends PatientMessageTemplate> = PatientMessageParams<T>;

const afterCare: Texts<AfterCareParams & { procedure: string }> = {
  en: (p) =>
    `${p.clinicName}: thank you for trusting us with your ${p.procedure}. Your written after-care instructions ` +
    `are attached to this message. Our 24-hour line is ${p.emergencyLine} - call it any time, day or night, if ` +
    `you have heavy bleeding, severe pain, fever or trouble breathing. If breathing is difficult, call ${dial(p, 'en')} first.`,
  ja: (p) =>
    `${p.clinicName}です。${p.procedure}を受けていただきありがとうございます。術後の注意事項をお送りします。` +
    `24時間対応の緊急連絡先は ${p.emergencyLine} です。大量の出血、強い痛み、発熱、息苦しさがあれば昼夜を問わずご連絡ください。` +
    `呼吸が苦しい場合はまず${dial(p, 'ja')}番に電話してください。`,
  'zh-Hant': (p) =>
    `${p.clinicName}：感謝您選擇我們進行${p.procedure}。術後照護須知已隨本訊息附上。` +
    `24小時緊急專線：${p.emergencyLine}。如有大量出血、劇烈疼痛、發燒或呼吸困難，請隨時來電。` +
    `若呼吸困難，請先撥打${dial(p, 'zh-Hant')}。`,
};

export function afterCareMessage(language: Language, params: AfterCareParams): string {
  return afterCare[language]({ ...params, procedure: procedureName(params.procedureCode, language) });
}

// Check-ins ask only what fits the question set, in words the reply parser understands.
type Question = 'pain' | 'bleeding' | 'swelling' | 'fever' | 'breathing';

const QUESTIONS: Record<QuestionSet, Question[]> = {
  'first-night': ['pain', 'bleeding', 'swelling', 'breathing'],
  wound: ['pain', 'bleeding', 'fever'],
  swelling: ['pain', 'swelling', 'fever'],
  recovery: ['pain', 'swelling', 'fever'],
};

const QUESTION_TEXT: Record<Language, Record<Question, string>> = {
  en: {
    pain: 'your pain from 0 (none) to 10 (worst)',
    bleeding: 'any bleeding (none, light or heavy)',
    swelling: 'any swelling (none, mild or severe)',
    fever: 'any fever (with your temperature if you took it)',
    breathing: 'any trouble breathing',
  },
  ja: {
    pain: '痛みの強さ(0〜10)',
    bleeding: '出血(なし・少し・多い)',
    swelling: '腫れ(なし・少し・強い)',
    fever: '発熱の有無(測った場合は体温)',
    breathing: '息苦しさの有無',
  },
  'zh-Hant': {
    pain: '疼痛程度（0到10分）',
    bleeding: '有無出血（無、少量、大量）',
    swelling: '有無腫脹（無、輕微、嚴重）',
    fever: '有無發燒（有量體溫請一併告知）',
    breathing: '是否呼吸困難',
  },
};

// An example reply for each question (breathing is left out of examples on purpose).
const EXAMPLE_ANSWER: Record<Language, Partial<Record<Question, string>>> = {
  en: { pain: 'pain 3', bleeding: 'no bleeding', swelling: 'mild swelling', fever: 'no fever' },
  ja: { pain: '痛み3', bleeding: '出血なし', swelling: '腫れ少し', fever: '熱なし' },
  'zh-Hant': { pain: '疼痛3', bleeding: '沒有出血', swelling: '輕微腫脹', fever: '沒有發燒' },
};

function exampleReply(questions: Question[], language: Language): string {
  const parts = questions.map((q) => EXAMPLE_ANSWER[language][q]).filter((a): a is string => a !== undefined);
  return parts.join(language === 'en' ? ', ' : '、');
}

function whenText(p: Params<'check-in'>, language: Language): string {
  const day = Math.max(0, Math.floor(p.postOpDay));
  switch (language) {
    case 'en':
      if (p.questionSet === 'first-night') return 'tonight, after your surgery';
      return day === 0 ? 'today, after your surgery' : `on day ${day} after your surgery`;
    case 'ja':
      if (p.questionSet === 'first-night') return '手術当日の夜';
      return day === 0 ? '手術当日' : `術後${day}日目`;
    case 'zh-Hant':
      if (p.questionSet === 'first-night') return '手術當天晚上';
      return day === 0 ? '手術當天' : `術後第${day}天`;
  }
}

function askFor(p: Params<'check-in'>, language: Language): { asks: string; example: string } {
  const questions = QUESTIONS[p.questionSet];
  return {
    asks: list(
      questions.map((q) => QUESTION_TEXT[language][q]),
      language,
    ),
    example: exampleReply(questions, language),
  };
}

const checkIn: Texts<Params<'check-in'>> = {
  en: (p) => {
    const { asks, example } = askFor(p, 'en');
    return (
      `${p.clinicName}: how are you feeling ${whenText(p, 'en')}? Please reply with ${asks}, e.g. "${example}". ` +
      `Heavy bleeding or trouble breathing? Call ${dial(p, 'en')} now. ` +
      `Reply ${REPLY_KEYWORDS.en.stop} to get phone calls instead of texts.`
    );
  },
  ja: (p) => {
    const { asks, example } = askFor(p, 'ja');
    return (
      `${p.clinicName}です。${whenText(p, 'ja')}のご様子はいかがですか。${asks}をご返信ください(例:「${example}」)。` +
      `大量の出血や息苦しさがある場合は、すぐに${dial(p, 'ja')}番へお電話ください。` +
      `SMSではなくお電話での連絡をご希望の場合は「${REPLY_KEYWORDS.ja.stop}」とご返信ください。`
    );
  },
  'zh-Hant': (p) => {
    const { asks, example } = askFor(p, 'zh-Hant');
    return (
      `${p.clinicName}：您好，${whenText(p, 'zh-Hant')}恢復得還好嗎？請回覆${asks}（例如：「${example}」）。` +
      `如大量出血或呼吸困難，請立即撥打${dial(p, 'zh-Hant')}。` +
      `如希望改以電話聯絡、不再收到簡訊，請回覆「${REPLY_KEYWORDS['zh-Hant'].stop}」。`
    );
  },
};

const checkInReminder: Texts<Params<'check-in-reminder'>> = {
  en: (p) =>
    `${p.clinicName}: we haven't heard from you yet. When you have a moment, please reply to our last message ` +
    `so we know how you are. If you feel unwell, don't wait - call our 24-hour line.`,
  ja: (p) =>
    `${p.clinicName}です。まだご返信をいただいていないようです。お手すきの際に前回のメッセージへご返信ください。` +
    `体調がすぐれない場合は、返信を待たずに24時間緊急連絡先へお電話ください。`,
  'zh-Hant': (p) =>
    `${p.clinicName}：我們還沒收到您的回覆，方便時請回覆上一則訊息，讓我們了解您的狀況。` +
    `若身體不適，請不要等待，直接撥打24小時緊急專線。`,
};

const SELF_CARE: Record<ProcedureCode, Record<Language, string>> = {
  rhinoplasty: {
    en: 'Keep your head raised when resting, and avoid blowing your nose or wearing glasses for now.',
    ja: '休むときは頭を高くし、当面は鼻をかんだり眼鏡をかけたりするのは控えてください。',
    'zh-Hant': '休息時請墊高頭部，暫時避免擤鼻涕與配戴眼鏡。',
  },
  blepharoplasty: {
    en: 'Cool the area gently, rest your eyes, and avoid rubbing them or wearing eye make-up.',
    ja: '目元をやさしく冷やして休ませ、目をこすったりアイメイクをしたりするのは控えてください。',
    'zh-Hant': '請輕柔冰敷眼周、讓眼睛多休息，避免揉眼與化眼妝。',
  },
  liposuction: {
    en: 'Keep wearing your compression garment, walk a little every day and drink plenty of water.',
    ja: '圧迫着の着用を続け、無理のない範囲で毎日歩き、水分を十分にとってください。',
    'zh-Hant': '請持續穿著塑身衣，每天適度走動，並多喝水。',
  },
  'laser-resurfacing': {
    en: 'Keep your skin moisturised, stay out of the sun and let any crusts come off on their own.',
    ja: '保湿を続け、日差しを避け、かさぶたは無理にはがさないでください。',
    'zh-Hant': '請保持肌膚保濕、做好防曬，讓結痂自然脫落，不要摳除。',
  },
  'filler-injection': {
    en: 'For a few days, avoid pressing or massaging the area, saunas and hard exercise.',
    ja: '数日間は注入部位を押したりマッサージしたりせず、サウナや激しい運動も控えてください。',
    'zh-Hant': '幾天內請勿按壓或按摩注射部位，並避免三溫暖與劇烈運動。',
  },
};

/** Short self-care advice for a procedure, as sent with a normal check-in reply. */
export function selfCareAdvice(procedureCode: ProcedureCode, language: Language): string {
  return SELF_CARE[procedureCode][language];
}

const replyNormal: Texts<Params<'reply-normal'>> = {
  en: (p) =>
    `${p.clinicName}: thank you for letting us know - your recovery sounds on track. ` +
    `${selfCareAdvice(p.procedureCode, 'en')} If anything changes, just reply or call us.`,
  ja: (p) =>
    `${p.clinicName}です。ご返信ありがとうございます。順調に回復されているようで安心しました。` +
    `${selfCareAdvice(p.procedureCode, 'ja')}気になることがあれば、いつでもご連絡ください。`,
  'zh-Hant': (p) =>
    `${p.clinicName}：謝謝您的回覆，您的恢復情況看起來很順利。` +
    `${selfCareAdvice(p.procedureCode, 'zh-Hant')}如有任何變化，歡迎隨時回覆或來電。`,
};

const replyConcern: Texts<Params<'reply-concern'>> = {
  en: (p) =>
    `${p.clinicName}: thank you for telling us. We'd like a nurse to check on you, so a nurse will call you by ` +
    `${formatPatientDateTime(p.callbackBy, p.timeZone, 'en')}. If things get worse before then, please call ` +
    `our 24-hour line straight away.`,
  ja: (p) =>
    `${p.clinicName}です。お知らせいただきありがとうございます。念のため、` +
    `${formatPatientDateTime(p.callbackBy, p.timeZone, 'ja')}までに看護師からお電話いたします。` +
    `それまでに症状が悪化した場合は、すぐに24時間緊急連絡先へお電話ください。`,
  'zh-Hant': (p) =>
    `${p.clinicName}：謝謝您告訴我們。為了確認您的狀況，護理師會在` +
    `${formatPatientDateTime(p.callbackBy, p.timeZone, 'zh-Hant')}前致電給您。` +
    `若在此之前症狀加重，請立即撥打24小時緊急專線。`,
};

// A plea for help, or a reply we could not read: no reassurance, a nurse calls soon.
const replyUnclear: Texts<Params<'reply-unclear'>> = {
  en: (p) =>
    `${p.clinicName}: thank you for your message. A nurse will call you shortly. ` +
    `If it is an emergency, call ${dial(p, 'en')} now.`,
  ja: (p) =>
    `${p.clinicName}です。ご連絡ありがとうございます。まもなく看護師からお電話いたします。` +
    `緊急の場合は、すぐに${dial(p, 'ja')}番へお電話ください。`,
  'zh-Hant': (p) =>
    `${p.clinicName}：謝謝您的訊息，護理師將盡快致電給您。` +
    `如為緊急情況，請立即撥打${dial(p, 'zh-Hant')}。`,
};

const replyUrgent: Texts<Params<'reply-urgent'>> = {
  en: (p) =>
    `${p.clinicName}: thank you - we are contacting our on-call doctor about your symptoms now and will call you ` +
    `back shortly. If you feel worse, call our 24-hour line ${p.emergencyLine} at once. ` +
    `If breathing is difficult, call ${dial(p, 'en')}.`,
  ja: (p) =>
    `${p.clinicName}です。お知らせいただいた症状について、ただいま当番医に連絡しています。折り返しお電話いたします。` +
    `悪化した場合はすぐに24時間緊急連絡先 ${p.emergencyLine} へお電話ください。呼吸が苦しい場合は${dial(p, 'ja')}番へ。`,
  'zh-Hant': (p) =>
    `${p.clinicName}：我們正在為您回報的症狀聯絡值班醫師，稍後會回電給您。` +
    `若情況惡化，請立即撥打24小時緊急專線 ${p.emergencyLine}。若呼吸困難，請撥打${dial(p, 'zh-Hant')}。`,
};

const emergencyInstruction: Texts<Params<'emergency-instruction'>> = {
  en: (p) =>
    `URGENT from ${p.clinicName}: please call ${dial(p, 'en')} now - your symptoms need care right away. ` +
    `We are contacting our on-call doctor at the same time. Our 24-hour line: ${p.emergencyLine}.`,
  ja: (p) =>
    `【至急】${p.clinicName}です。今すぐ${dial(p, 'ja')}番に電話して救急車を呼んでください。すぐに処置が必要な症状です。` +
    `同時に当院の当番医にも連絡しています。24時間緊急連絡先:${p.emergencyLine}`,
  'zh-Hant': (p) =>
    `【緊急】${p.clinicName}：請立即撥打${dial(p, 'zh-Hant')}。您的症狀需要馬上處理。` +
    `我們同時正在聯絡值班醫師。24小時緊急專線：${p.emergencyLine}`,
};

const optOutConfirmed: Texts<Params<'opt-out-confirmed'>> = {
  en: (p) =>
    `${p.clinicName}: you won't receive any more text messages from us. A nurse will phone you for your ` +
    `check-ins instead. Our 24-hour line ${p.emergencyLine} is still open to you any time.`,
  ja: (p) =>
    `${p.clinicName}です。今後SMSはお送りしません。経過の確認は看護師からお電話いたします。` +
    `24時間緊急連絡先 ${p.emergencyLine} は引き続きいつでもご利用いただけます。`,
  'zh-Hant': (p) =>
    `${p.clinicName}：我們將不再傳送簡訊給您，之後的術後追蹤改由護理師致電聯繫。` +
    `24小時緊急專線 ${p.emergencyLine} 仍隨時為您服務。`,
};

const survey: Texts<Params<'survey'>> = {
  en: (p) =>
    `${p.clinicName}: thank you for letting us care for you. How satisfied are you with your care? ` +
    `Please reply with a number from 1 (very unhappy) to 5 (very happy), and add a comment if you like.`,
  ja: (p) =>
    `${p.clinicName}です。術後の経過をお見守りさせていただき、ありがとうございました。` +
    `当院のケアへの満足度を1(不満)〜5(大変満足)の数字でご返信ください。ご意見があれば一緒にお書きください。`,
  'zh-Hant': (p) =>
    `${p.clinicName}：感謝您讓我們陪伴您的恢復過程。` +
    `請以數字1（非常不滿意）至5（非常滿意）回覆您對我們照護的滿意度，也歡迎附上您的意見。`,
};

const surveyThanks: Texts<Params<'survey-thanks'>> = {
  en: (p) =>
    p.low
      ? `${p.clinicName}: thank you for your honest feedback. We are sorry we did not meet your expectations. ` +
        `Our clinic manager will contact you personally to listen and put things right.`
      : `${p.clinicName}: thank you for your feedback - it means a lot to our team. We wish you a smooth recovery.`,
  ja: (p) =>
    p.low
      ? `${p.clinicName}です。率直なご意見をありがとうございます。ご期待に沿えず、誠に申し訳ございません。` +
        `クリニックの責任者より直接ご連絡し、お話をうかがいます。`
      : `${p.clinicName}です。ご回答ありがとうございました。スタッフ一同の励みになります。どうぞお大事になさってください。`,
  'zh-Hant': (p) =>
    p.low
      ? `${p.clinicName}：謝謝您坦誠的回饋，未能讓您滿意，我們深感抱歉。診所主管將親自與您聯繫，了解情況並妥善處理。`
      : `${p.clinicName}：謝謝您的回饋，這對我們的團隊非常重要。祝您早日順利康復。`,
};

const medicationReminder: Texts<Params<'medication-reminder'>> = {
  en: (p) =>
    `${p.clinicName}: time for your medicine - ${p.medication}, ${p.dose} at ${formatPatientTime(p.at, p.timeZone)}. ` +
    `Reply ${REPLY_KEYWORDS.en.taken} once you have taken it, or ${REPLY_KEYWORDS.en.missed} if you missed it. ` +
    `Any side effects? Just reply and tell us.`,
  ja: (p) =>
    `${p.clinicName}です。${formatPatientTime(p.at, p.timeZone)}のお薬のお知らせです:${p.medication} ${p.dose}。` +
    `服用後は「${REPLY_KEYWORDS.ja.taken}」、飲めなかった場合は「${REPLY_KEYWORDS.ja.missed}」とご返信ください。` +
    `副作用が気になる場合もご返信ください。`,
  'zh-Hant': (p) =>
    `${p.clinicName}：提醒您${formatPatientTime(p.at, p.timeZone)}服藥：${p.medication}，${p.dose}。` +
    `服用後請回覆「${REPLY_KEYWORDS['zh-Hant'].taken}」，若未服用請回覆「${REPLY_KEYWORDS['zh-Hant'].missed}」。` +
    `如有副作用，也請回覆告訴我們。`,
};

function visitDetails(p: VisitParams, language: Language): string {
  const when = formatPatientDateTime(p.at, p.timeZone, language);
  const bring = list(p.bring, language);
  switch (language) {
    case 'en':
      return (
        `\nWhen: ${when}\nWhere: ${p.place}, ${p.department}\nDoctor: ${p.doctor}` +
        (p.bring.length > 0 ? `\nPlease bring: ${bring}` : '')
      );
    case 'ja':
      return (
        `\n日時:${when}\n場所:${p.place}\n診療科:${p.department}\n担当医:${p.doctor}` +
        (p.bring.length > 0 ? `\n持ち物:${bring}` : '')
      );
    case 'zh-Hant':
      return (
        `\n時間：${when}\n地點：${p.place}\n科別：${p.department}\n醫師：${p.doctor}` +
        (p.bring.length > 0 ? `\n請攜帶：${bring}` : '')
      );
  }
}

const returnVisitNotice: Texts<VisitParams> = {
  en: (p) =>
    `${p.clinicName}: your follow-up visit is booked.${visitDetails(p, 'en')}\nWe look forward to seeing you.`,
  ja: (p) =>
    `${p.clinicName}です。再診のご予約のお知らせです。${visitDetails(p, 'ja')}\nご来院をお待ちしております。`,
  'zh-Hant': (p) => `${p.clinicName}：提醒您回診的預約資訊。${visitDetails(p, 'zh-Hant')}\n期待與您見面。`,
};

const returnVisitReconfirm: Texts<VisitParams> = {
  en: (p) =>
    `${p.clinicName}: a reminder of your follow-up visit.${visitDetails(p, 'en')}\n` +
    `Reply ${REPLY_KEYWORDS.en.yes} to confirm, or ${REPLY_KEYWORDS.en.change} if you need another time.`,
  ja: (p) =>
    `${p.clinicName}です。再診日が近づいてまいりました。${visitDetails(p, 'ja')}\n` +
    `ご来院いただける場合は「${REPLY_KEYWORDS.ja.yes}」、日時のご変更をご希望の場合は「${REPLY_KEYWORDS.ja.change}」とご返信ください。`,
  'zh-Hant': (p) =>
    `${p.clinicName}：您的回診時間快到了。${visitDetails(p, 'zh-Hant')}\n` +
    `確認出席請回覆「${REPLY_KEYWORDS['zh-Hant'].yes}」，如需更改時間請回覆「${REPLY_KEYWORDS['zh-Hant'].change}」。`,
};

function numberedSlots(p: Params<'reschedule-offer'>, language: Language): string {
  return p.slots
    .map((slot, i) => `\n${i + 1}) ${formatPatientDateTime(slot, p.timeZone, language)}`)
    .join('');
}

const rescheduleOffer: Texts<Params<'reschedule-offer'>> = {
  en: (p) =>
    p.slots.length === 0
      ? `${p.clinicName}: we have no free times to offer by text just now. A member of our team will call you to book your visit.`
      : `${p.clinicName}: these times are free for your visit:${numberedSlots(p, 'en')}\n` +
        `Reply with the number of the time that suits you.`,
  ja: (p) =>
    p.slots.length === 0
      ? `${p.clinicName}です。ただいまご案内できる空き枠がございません。スタッフよりお電話でご予約をおうかがいします。`
      : `${p.clinicName}です。ご予約いただける日時は次のとおりです。${numberedSlots(p, 'ja')}\n` +
        `ご希望の番号をご返信ください。`,
  'zh-Hant': (p) =>
    p.slots.length === 0
      ? `${p.clinicName}：目前暫無可透過簡訊預約的時段，我們的人員將致電為您安排回診。`
      : `${p.clinicName}：以下是可預約的回診時段：${numberedSlots(p, 'zh-Hant')}\n請回覆您希望的時段編號。`,
};

const visitBooked: Texts<Params<'visit-booked'>> = {
  en: (p) =>
    `${p.clinicName}: you're booked for ${formatPatientDateTime(p.at, p.timeZone, 'en')} at ${p.place}. ` +
    `Thank you - we look forward to seeing you.`,
  ja: (p) =>
    `${p.clinicName}です。${formatPatientDateTime(p.at, p.timeZone, 'ja')}、${p.place}でのご予約を承りました。` +
    `ご来院をお待ちしております。`,
  'zh-Hant': (p) =>
    `${p.clinicName}：已為您預約${formatPatientDateTime(p.at, p.timeZone, 'zh-Hant')}，地點：${p.place}。` +
    `期待與您見面。`,
};

const noShow: Texts<Params<'no-show'>> = {
  en: (p) =>
    `${p.clinicName}: we missed you at your visit on ${formatPatientDateTime(p.at, p.timeZone, 'en')} - ` +
    `we hope all is well. Reply ${REPLY_KEYWORDS.en.change} and we'll find you a new time.`,
  ja: (p) =>
    `${p.clinicName}です。${formatPatientDateTime(p.at, p.timeZone, 'ja')}のご予約にお越しいただけなかったようですが、` +
    `お変わりございませんか。「${REPLY_KEYWORDS.ja.change}」とご返信いただければ、新しい日時をご案内します。`,
  'zh-Hant': (p) =>
    `${p.clinicName}：您${formatPatientDateTime(p.at, p.timeZone, 'zh-Hant')}的回診未能前來，希望您一切安好。` +
    `請回覆「${REPLY_KEYWORDS['zh-Hant'].change}」，我們將為您安排新的時間。`,
};

const transferInformed: Texts<Params<'transfer-informed'>> = {
  en: (p) =>
    `${p.clinicName}: for your safety we have arranged for you to be cared for at ${p.hospitalName}. ` +
    `They have your medical details and are expecting you. Hospital phone: ${p.hospitalPhone}. ` +
    `We will stay in touch with you and the hospital.`,
  ja: (p) =>
    `${p.clinicName}です。安全のため、${p.hospitalName}で診療を受けていただけるよう手配しました。` +
    `病院には診療情報をお送りし、受け入れの準備ができています。病院の電話番号:${p.hospitalPhone}。` +
    `当院も引き続き病院と連携し、ご連絡いたします。`,
  'zh-Hant': (p) =>
    `${p.clinicName}：為了您的安全，我們已安排您轉至${p.hospitalName}接受照護，院方已收到您的病歷資料並準備接應。` +
    `醫院電話：${p.hospitalPhone}。我們會持續與您及醫院保持聯繫。`,
};

function unknownTemplate(message: never): never {
  throw new InvalidPatientMessageError(`unknown patient message template: ${JSON.stringify(message)}`);
}

/** Renders a message in the patient's language; throws InvalidPatientMessageError on a bad time or zone. */
export function renderPatientMessage(message: PatientMessage): string {
  const { language } = message;
  switch (message.template) {
    case 'after-care':
      return afterCareMessage(language, message.params);
    case 'check-in':
      return checkIn[language](message.params);
    case 'check-in-reminder':
      return checkInReminder[language](message.params);
    case 'reply-normal':
      return replyNormal[language](message.params);
    case 'reply-concern':
      return replyConcern[language](message.params);
    case 'reply-unclear':
      return replyUnclear[language](message.params);
    case 'reply-urgent':
      return replyUrgent[language](message.params);
    case 'emergency-instruction':
      return emergencyInstruction[language](message.params);
    case 'opt-out-confirmed':
      return optOutConfirmed[language](message.params);
    case 'survey':
      return survey[language](message.params);
    case 'survey-thanks':
      return surveyThanks[language](message.params);
    case 'medication-reminder':
      return medicationReminder[language](message.params);
    case 'return-visit-notice':
      return returnVisitNotice[language](message.params);
    case 'return-visit-reconfirm':
      return returnVisitReconfirm[language](message.params);
    case 'reschedule-offer':
      return rescheduleOffer[language](message.params);
    case 'visit-booked':
      return visitBooked[language](message.params);
    case 'no-show':
      return noShow[language](message.params);
    case 'transfer-informed':
      return transferInformed[language](message.params);
    default:
      return unknownTemplate(message);
  }
}
