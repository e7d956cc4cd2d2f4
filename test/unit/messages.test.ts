import { LANGUAGES } from '../../domain/language';
import type { Language } from '../../domain/language';
import type {
  PatientMessage,
  PatientMessageParams,
  PatientMessageTemplate,
  QuestionSet,
  VisitParams,
} from '../../domain/messages';
import {
  InvalidPatientMessageError,
  PATIENT_MESSAGE_TEMPLATES,
  REPLY_KEYWORDS,
  afterCareMessage,
  formatPatientDateTime,
  formatPatientTime,
  renderPatientMessage,
  selfCareAdvice,
} from '../../domain/messages';
import { PROCEDURE_CODES, procedureName } from '../../domain/procedures';

const params = {
  clinicName: 'Aoyama Aesthetic Clinic',
  procedureCode: 'blepharoplasty' as const,
  emergencyLine: '+81312345678',
  emergencyNumber: '119',
};

const CLINIC = params.clinicName;
const LINE = params.emergencyLine;
// 2026-11-23 is a Monday: 14:30 in Tokyo and Taipei is 13:30, in New York it is 00:30 the same day.
const AT = '2026-11-23T05:30:00Z';
const CLINIC_ZONE = 'Asia/Tokyo';

const visit: VisitParams = {
  clinicName: CLINIC,
  at: AT,
  timeZone: CLINIC_ZONE,
  place: 'Aoyama Building 3F',
  department: 'Plastic Surgery',
  doctor: 'Dr. Sato Hana',
  bring: ['health insurance card', 'medication notebook'],
};

// One sample per template; the Record type makes a new template fail to compile until it has one.
const SAMPLES: { [T in PatientMessageTemplate]: PatientMessageParams<T> } = {
  'after-care': params,
  'check-in': { clinicName: CLINIC, questionSet: 'wound', postOpDay: 7, emergencyNumber: '119' },
  'check-in-reminder': { clinicName: CLINIC },
  'reply-normal': { clinicName: CLINIC, procedureCode: 'rhinoplasty' },
  'reply-concern': { clinicName: CLINIC, callbackBy: AT, timeZone: CLINIC_ZONE },
  'reply-unclear': { clinicName: CLINIC, emergencyNumber: '119' },
  'reply-urgent': { clinicName: CLINIC, emergencyLine: LINE, emergencyNumber: '119' },
  'emergency-instruction': { clinicName: CLINIC, emergencyLine: LINE, emergencyNumber: '119' },
  'opt-out-confirmed': { clinicName: CLINIC, emergencyLine: LINE },
  survey: { clinicName: CLINIC },
  'survey-thanks': { clinicName: CLINIC, low: true },
  'medication-reminder': {
    clinicName: CLINIC,
    medication: 'Cefalexin',
    dose: '500 mg',
    at: AT,
    timeZone: CLINIC_ZONE,
  },
  'return-visit-notice': visit,
  'return-visit-reconfirm': visit,
  'reschedule-offer': {
    clinicName: CLINIC,
    slots: ['2026-11-24T05:30:00Z', '2026-11-25T01:00:00Z', '2026-11-26T07:15:00Z'],
    timeZone: CLINIC_ZONE,
  },
  'visit-booked': { clinicName: CLINIC, at: AT, timeZone: CLINIC_ZONE, place: visit.place },
  'no-show': { clinicName: CLINIC, at: AT, timeZone: CLINIC_ZONE },
  'transfer-informed': {
    clinicName: CLINIC,
    hospitalName: 'Tokyo Central Hospital',
    hospitalPhone: '+81355550100',
  },
};

function message<T extends PatientMessageTemplate>(
  template: T,
  language: Language,
  overrides: Partial<PatientMessageParams<T>> = {},
): PatientMessage {
  return { template, language, params: { ...SAMPLES[template], ...overrides } } as PatientMessage;
}

function render<T extends PatientMessageTemplate>(
  template: T,
  language: Language,
  overrides: Partial<PatientMessageParams<T>> = {},
): string {
  return renderPatientMessage(message(template, language, overrides));
}

const CJK = /[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]/;

describe('afterCareMessage', () => {
  it.each([
    ['en', 'eyelid surgery'],
    ['ja', '眼瞼形成術'],
    ['zh-Hant', '眼瞼整形手術'],
  ] as const)('in %s contains the clinic name, the 24-hour line and "%s"', (language, procedure) => {
    const text = afterCareMessage(language, params);
    expect(text).toContain('Aoyama Aesthetic Clinic');
    expect(text).toContain('+81312345678');
    expect(text).toContain(procedure);
  });

  it('is written in the patient language', () => {
    expect(afterCareMessage('en', params)).toMatch(/24-hour line/);
    expect(afterCareMessage('ja', params)).toMatch(/24時間対応/);
    expect(afterCareMessage('zh-Hant', params)).toMatch(/24小時緊急專線/);
    expect(afterCareMessage('en', params)).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it('never leaves the procedure code or a template hole in any language', () => {
    for (const language of LANGUAGES) {
      for (const procedureCode of PROCEDURE_CODES) {
        const text = afterCareMessage(language, { ...params, procedureCode });
        expect(text).toContain(procedureName(procedureCode, language));
        expect(text).toContain(params.emergencyLine);
        expect(text).not.toMatch(/undefined|\$\{/);
      }
    }
  });

  it('has a name for every procedure in every language', () => {
    for (const code of PROCEDURE_CODES) {
      for (const language of LANGUAGES) expect(procedureName(code, language).length).toBeGreaterThan(0);
    }
    expect(procedureName('rhinoplasty', 'ja')).toBe('鼻形成術');
    expect(procedureName('liposuction', 'zh-Hant')).toBe('抽脂手術');
  });

  it('renderPatientMessage renders the after-care template the same way', () => {
    expect(renderPatientMessage({ template: 'after-care', language: 'zh-Hant', params })).toBe(
      afterCareMessage('zh-Hant', params),
    );
  });
});

describe('renderPatientMessage: every template in every language', () => {
  it('lists all templates', () => {
    expect(PATIENT_MESSAGE_TEMPLATES).toHaveLength(18);
    expect(new Set(PATIENT_MESSAGE_TEMPLATES).size).toBe(18);
    expect(Object.keys(SAMPLES).sort()).toEqual([...PATIENT_MESSAGE_TEMPLATES].sort());
  });

  const cases = PATIENT_MESSAGE_TEMPLATES.flatMap((template) =>
    LANGUAGES.map((language) => [template, language] as const),
  );

  it.each(cases)('%s in %s renders without holes and names the clinic', (template, language) => {
    const text = render(template, language);
    expect(text).not.toMatch(/undefined|NaN|\[object|\$\{|Invalid DateTime|null/);
    expect(text).toContain(CLINIC);
    expect(text.length).toBeGreaterThan(30);
    // A few SMS segments at most (UCS-2 segments are 67 characters; 10 segments is the hard ceiling).
    expect(text.length).toBeLessThan(language === 'en' ? 480 : 260);
  });

  it.each(PATIENT_MESSAGE_TEMPLATES)(
    '%s reads differently per language, en without CJK or non-GSM dashes',
    (template) => {
      const en = render(template, 'en');
      const ja = render(template, 'ja');
      const zh = render(template, 'zh-Hant');
      expect(new Set([en, ja, zh]).size).toBe(3);
      expect(en).not.toMatch(CJK);
      expect(en).toMatch(/^[\x20-\x7e\n]+$/); // plain GSM-safe ASCII for the sample params
      expect(ja).toMatch(/[\u3040-\u30ff]/); // kana
      expect(zh).toMatch(CJK);
      expect(zh).not.toMatch(/[\u3040-\u30ff]/); // no Japanese kana in Traditional Chinese
    },
  );
});

describe('emergency numbers', () => {
  it.each(['after-care', 'reply-urgent', 'emergency-instruction', 'opt-out-confirmed'] as const)(
    '%s carries the 24-hour line in every language',
    (template) => {
      for (const language of LANGUAGES) expect(render(template, language)).toContain(LINE);
    },
  );

  it('emergency-instruction tells the patient to call the emergency number now, in every language', () => {
    expect(render('emergency-instruction', 'en')).toMatch(/call emergency services \(119\) now/i);
    expect(render('emergency-instruction', 'en')).toMatch(/on-call doctor/);
    expect(render('emergency-instruction', 'ja')).toContain('119');
    expect(render('emergency-instruction', 'ja')).toContain('今すぐ');
    expect(render('emergency-instruction', 'zh-Hant')).toContain('119');
    expect(render('emergency-instruction', 'zh-Hant')).toContain('立即');
  });

  const EMERGENCY_TEMPLATES = [
    'after-care',
    'check-in',
    'reply-unclear',
    'reply-urgent',
    'emergency-instruction',
  ] as const;
  it.each(EMERGENCY_TEMPLATES)(
    '%s names the emergency number from the clinic config in every language',
    (template) => {
      for (const language of LANGUAGES) {
        const text = render(template, language, { emergencyNumber: '999' } as never);
        expect(text).toContain('999');
        expect(text).not.toContain('119');
        if (language === 'en') expect(text).toMatch(/emergency services \(999\)/);
      }
    },
  );

  it('a message queued before the config named a number keeps its old words (119 in ja/zh-Hant)', () => {
    const old = (language: Language) =>
      renderPatientMessage({
        template: 'emergency-instruction',
        language,
        params: { clinicName: CLINIC, emergencyLine: LINE },
      } as unknown as PatientMessage);
    expect(old('en')).toMatch(/call emergency services now/);
    expect(old('ja')).toContain('119番');
    expect(old('zh-Hant')).toContain('119');
    for (const language of LANGUAGES) expect(old(language)).not.toContain('undefined');
  });

  it('reply-unclear promises only a nurse call soon, never reassurance', () => {
    expect(render('reply-unclear', 'en')).toMatch(/nurse will call you shortly.*emergency.*119/s);
    expect(render('reply-unclear', 'ja')).toMatch(/看護師.*119番/s);
    expect(render('reply-unclear', 'zh-Hant')).toMatch(/護理師.*119/s);
    for (const language of LANGUAGES) {
      expect(render('reply-unclear', language)).not.toMatch(/on track|順調|順利|安心/);
    }
  });

  it('reply-urgent says the on-call doctor is being contacted', () => {
    expect(render('reply-urgent', 'en')).toMatch(/on-call doctor/);
    expect(render('reply-urgent', 'ja')).toContain('当番医');
    expect(render('reply-urgent', 'zh-Hant')).toContain('值班醫師');
  });

  it('opt-out-confirmed says a nurse will phone instead', () => {
    expect(render('opt-out-confirmed', 'en')).toMatch(/nurse will phone/);
    expect(render('opt-out-confirmed', 'ja')).toContain('看護師からお電話');
    expect(render('opt-out-confirmed', 'zh-Hant')).toContain('護理師');
  });
});

describe('check-in', () => {
  const sets: QuestionSet[] = ['first-night', 'wound', 'swelling', 'recovery'];

  it('always asks for pain 0-10 and says how to reply, in every language and question set', () => {
    for (const questionSet of sets) {
      expect(render('check-in', 'en', { questionSet })).toMatch(/pain from 0 \(none\) to 10/);
      expect(render('check-in', 'en', { questionSet })).toMatch(/Please reply with/);
      expect(render('check-in', 'ja', { questionSet })).toContain('痛みの強さ(0〜10)');
      expect(render('check-in', 'ja', { questionSet })).toContain('ご返信ください');
      expect(render('check-in', 'zh-Hant', { questionSet })).toContain('疼痛程度（0到10分）');
      expect(render('check-in', 'zh-Hant', { questionSet })).toContain('請回覆');
    }
  });

  it('asks what fits the question set', () => {
    const firstNight = render('check-in', 'en', { questionSet: 'first-night', postOpDay: 0 });
    expect(firstNight).toMatch(/tonight/);
    expect(firstNight).toMatch(/bleeding \(none, light or heavy\)/);
    expect(firstNight).toMatch(/trouble breathing/);
    const wound = render('check-in', 'en', { questionSet: 'wound', postOpDay: 3 });
    expect(wound).toMatch(/bleeding/);
    expect(wound).toMatch(/fever/);
    expect(wound).toMatch(/day 3 after your surgery/);
    const swelling = render('check-in', 'en', { questionSet: 'swelling' });
    expect(swelling).toMatch(/swelling \(none, mild or severe\)/);
    expect(swelling).not.toMatch(/bleeding \(/);
    expect(render('check-in', 'ja', { questionSet: 'swelling', postOpDay: 7 })).toContain('術後7日目');
    expect(render('check-in', 'zh-Hant', { questionSet: 'recovery', postOpDay: 14 })).toContain('術後第14天');
    expect(render('check-in', 'ja', { questionSet: 'first-night', postOpDay: 0 })).toContain(
      '息苦しさの有無',
    );
  });

  it('offers STOP in the language the parser accepts', () => {
    expect(render('check-in', 'en')).toContain('STOP');
    expect(render('check-in', 'ja')).toContain('「停止」');
    expect(render('check-in', 'zh-Hant')).toContain('「停止」');
  });
});

describe('replies to the patient', () => {
  it('reply-normal thanks the patient and gives the self-care advice of the procedure', () => {
    for (const language of LANGUAGES) {
      for (const procedureCode of PROCEDURE_CODES) {
        const text = render('reply-normal', language, { procedureCode });
        expect(text).toContain(selfCareAdvice(procedureCode, language));
      }
    }
    expect(render('reply-normal', 'en')).toMatch(/thank you/i);
    expect(render('reply-normal', 'ja')).toContain('ありがとうございます');
    expect(render('reply-normal', 'zh-Hant')).toContain('謝謝');
    expect(new Set(PROCEDURE_CODES.map((c) => selfCareAdvice(c, 'en'))).size).toBe(PROCEDURE_CODES.length);
  });

  it('reply-concern names the callback deadline in the patient zone', () => {
    expect(render('reply-concern', 'en')).toContain('a nurse will call you by Mon 23 Nov, 14:30');
    expect(render('reply-concern', 'ja')).toContain('11月23日(月) 14:30までに看護師からお電話');
    expect(render('reply-concern', 'zh-Hant')).toContain('11月23日（週一）14:30前致電');
    expect(render('reply-concern', 'en', { timeZone: 'America/New_York' })).toContain('Mon 23 Nov, 00:30');
  });

  it('survey-thanks apologises and promises the manager only for a low score', () => {
    expect(render('survey-thanks', 'en', { low: true })).toMatch(/sorry.*manager will contact you/s);
    expect(render('survey-thanks', 'en', { low: false })).not.toMatch(/sorry|manager/);
    expect(render('survey-thanks', 'ja', { low: true })).toContain('申し訳ございません');
    expect(render('survey-thanks', 'ja', { low: false })).not.toContain('申し訳');
    expect(render('survey-thanks', 'zh-Hant', { low: true })).toContain('抱歉');
    expect(render('survey-thanks', 'zh-Hant', { low: true })).toContain('主管');
    expect(render('survey-thanks', 'zh-Hant', { low: false })).not.toContain('抱歉');
  });

  it('transfer-informed names the hospital and its phone', () => {
    for (const language of LANGUAGES) {
      const text = render('transfer-informed', language);
      expect(text).toContain('Tokyo Central Hospital');
      expect(text).toContain('+81355550100');
    }
  });
});

describe('reply keywords match what the reply parser accepts', () => {
  it('has the agreed words', () => {
    expect(REPLY_KEYWORDS).toEqual({
      en: { taken: 'TAKEN', missed: 'MISSED', yes: 'YES', change: 'CHANGE', stop: 'STOP' },
      ja: { taken: '飲みました', missed: '飲み忘れ', yes: 'はい', change: '変更', stop: '停止' },
      'zh-Hant': { taken: '已服用', missed: '忘記服用', yes: '是', change: '改期', stop: '停止' },
    });
  });

  it.each([
    ['en', ['TAKEN', 'MISSED'], ['YES', 'CHANGE'], ['CHANGE']],
    ['ja', ['「飲みました」', '「飲み忘れ」'], ['「はい」', '「変更」'], ['「変更」']],
    ['zh-Hant', ['「已服用」', '「忘記服用」'], ['「是」', '「改期」'], ['「改期」']],
  ] as const)('in %s', (language, medication, reconfirm, noShow) => {
    for (const word of medication) expect(render('medication-reminder', language)).toContain(word);
    for (const word of reconfirm) expect(render('return-visit-reconfirm', language)).toContain(word);
    for (const word of noShow) expect(render('no-show', language)).toContain(word);
    const survey = render('survey', language);
    expect(survey).toMatch(/1[^0-9]/);
    expect(survey).toMatch(/5[^0-9]/);
  });

  it('the survey asks for an optional comment', () => {
    expect(render('survey', 'en')).toMatch(/comment/);
    expect(render('survey', 'ja')).toContain('ご意見');
    expect(render('survey', 'zh-Hant')).toContain('意見');
  });
});

describe('medication reminders', () => {
  it.each(LANGUAGES)('in %s name the medication, the dose and the local time', (language) => {
    const text = render('medication-reminder', language);
    expect(text).toContain('Cefalexin');
    expect(text).toContain('500 mg');
    expect(text).toContain('14:30');
    expect(text).not.toContain('05:30');
  });

  it('use the patient zone', () => {
    expect(render('medication-reminder', 'en', { timeZone: 'America/New_York' })).toContain('00:30');
    expect(render('medication-reminder', 'zh-Hant', { timeZone: 'Asia/Taipei' })).toContain('13:30');
  });
});

describe('return visits', () => {
  it.each(['return-visit-notice', 'return-visit-reconfirm'] as const)(
    '%s gives date, time, place, department, doctor and what to bring',
    (template) => {
      const dates = { en: 'Mon 23 Nov, 14:30', ja: '11月23日(月) 14:30', 'zh-Hant': '11月23日（週一）14:30' };
      for (const language of LANGUAGES) {
        const text = render(template, language);
        expect(text).toContain(dates[language]);
        expect(text).toContain(visit.place);
        expect(text).toContain(visit.department);
        expect(text).toContain(visit.doctor);
        for (const item of visit.bring) expect(text).toContain(item);
      }
      expect(render(template, 'en')).toContain('Please bring: health insurance card and medication notebook');
      expect(render(template, 'ja')).toContain('持ち物:health insurance card、medication notebook');
    },
  );

  it('leaves out the bring line when there is nothing to bring', () => {
    expect(render('return-visit-notice', 'en', { bring: [] })).not.toMatch(/bring/i);
    expect(render('return-visit-notice', 'ja', { bring: [] })).not.toContain('持ち物');
    expect(render('return-visit-notice', 'zh-Hant', { bring: [] })).not.toContain('攜帶');
    expect(render('return-visit-notice', 'en', { bring: ['ID'] })).toContain('Please bring: ID');
  });

  it('reschedule-offer numbers the free slots 1..n in the patient zone and asks for the number', () => {
    const en = render('reschedule-offer', 'en');
    expect(en).toContain('\n1) Tue 24 Nov, 14:30');
    expect(en).toContain('\n2) Wed 25 Nov, 10:00');
    expect(en).toContain('\n3) Thu 26 Nov, 16:15');
    expect(en).not.toContain('4)');
    expect(en).toMatch(/Reply with the number/);
    expect(render('reschedule-offer', 'ja')).toContain('\n2) 11月25日(水) 10:00');
    expect(render('reschedule-offer', 'ja')).toContain('番号');
    expect(render('reschedule-offer', 'zh-Hant')).toContain('\n3) 11月26日（週四）16:15');
    expect(render('reschedule-offer', 'zh-Hant')).toContain('編號');
  });

  it('reschedule-offer without slots promises a phone call instead of an empty list', () => {
    for (const language of LANGUAGES) {
      const text = render('reschedule-offer', language, { slots: [] });
      expect(text).not.toMatch(/1\)/);
    }
    expect(render('reschedule-offer', 'en', { slots: [] })).toMatch(/call you/);
  });

  it('visit-booked and no-show show the visit time in the patient zone', () => {
    expect(render('visit-booked', 'en')).toContain('Mon 23 Nov, 14:30');
    expect(render('visit-booked', 'en')).toContain(visit.place);
    expect(render('visit-booked', 'zh-Hant')).toContain(visit.place);
    expect(render('no-show', 'ja')).toContain('11月23日(月) 14:30');
    expect(render('no-show', 'en', { timeZone: 'America/New_York' })).toContain('Mon 23 Nov, 00:30');
  });
});

describe('times in the patient zone', () => {
  it('formats in each language style', () => {
    expect(formatPatientDateTime(AT, CLINIC_ZONE, 'en')).toBe('Mon 23 Nov, 14:30');
    expect(formatPatientDateTime(AT, CLINIC_ZONE, 'ja')).toBe('11月23日(月) 14:30');
    expect(formatPatientDateTime(AT, CLINIC_ZONE, 'zh-Hant')).toBe('11月23日（週一）14:30');
    expect(formatPatientDateTime(AT, 'Asia/Taipei', 'zh-Hant')).toBe('11月23日（週一）13:30');
    expect(formatPatientDateTime(AT, 'America/New_York', 'en')).toBe('Mon 23 Nov, 00:30');
    expect(formatPatientDateTime('2026-11-22T20:00:00Z', CLINIC_ZONE, 'ja')).toBe('11月23日(月) 05:00');
    expect(formatPatientDateTime('2026-03-01T15:00:00Z', CLINIC_ZONE, 'en')).toBe('Mon 2 Mar, 00:00');
    expect(formatPatientDateTime('2026-03-08T00:00:00+09:00', CLINIC_ZONE, 'zh-Hant')).toBe(
      '3月8日（週日）00:00',
    );
    expect(formatPatientTime(AT, 'America/New_York')).toBe('00:30');
  });

  it('rejects a bad instant or zone rather than sending "Invalid DateTime"', () => {
    expect(() => formatPatientDateTime('not-a-time', CLINIC_ZONE, 'en')).toThrow(InvalidPatientMessageError);
    expect(() => render('no-show', 'en', { timeZone: 'Mars/Olympus' })).toThrow(InvalidPatientMessageError);
    expect(() => render('medication-reminder', 'ja', { at: '' })).toThrow(/cannot show/);
  });
});
