import type { Language } from './language';

// What an on-call page says, in the staff's language (the clinic's `staffLanguage`): a call
// script read out by the telephony provider and an SMS. Both name the incident by its short,
// speakable reference (four digits), never by the long case id, and never the patient's name.

export interface PageParams {
  clinicName: string;
  severity: 'urgent' | 'emergency';
  /** The incident's short reference (see incidentRef). */
  ref: string;
  /** Why the patient was escalated: the protocol's red-flag reasons, as written there. */
  reasons: string[];
  /** The key that acknowledges a page call. */
  acknowledgeDigit: string;
}

export interface PageMessage {
  channel: 'call' | 'sms';
  language: Language;
  params: PageParams;
}

/** Digits read one by one ("4 8 2 1"), so a voice says them as a code, not a number. */
const spoken = (ref: string) => ref.split('').join(' ');

const SEVERITY: Record<Language, Record<PageParams['severity'], string>> = {
  en: { urgent: 'URGENT', emergency: 'EMERGENCY' },
  ja: { urgent: '至急', emergency: '緊急' },
  'zh-Hant': { urgent: '緊急', emergency: '危急' },
};

const TEMPLATES: Record<Language, Record<PageMessage['channel'], (p: PageParams) => string>> = {
  en: {
    call: (p) =>
      `${p.clinicName}. ${SEVERITY.en[p.severity]} post-operative patient. Incident ${spoken(p.ref)}. ` +
      `${p.reasons.join('. ')}. Press ${p.acknowledgeDigit} to acknowledge.`,
    sms: (p) =>
      `${p.clinicName}: ${SEVERITY.en[p.severity]} post-op patient, incident ${p.ref}: ${p.reasons.join('; ')}. ` +
      `Reply ACK ${p.ref} to acknowledge.`,
  },
  ja: {
    call: (p) =>
      `${p.clinicName}です。術後の患者さんの${SEVERITY.ja[p.severity]}対応です。案件番号 ${spoken(p.ref)}。` +
      `${p.reasons.join('。')}。確認したら ${p.acknowledgeDigit} を押してください。`,
    sms: (p) =>
      `${p.clinicName}：術後患者 ${SEVERITY.ja[p.severity]}対応、案件 ${p.ref}：${p.reasons.join('；')}。` +
      `確認は「ACK ${p.ref}」と返信してください。`,
  },
  'zh-Hant': {
    call: (p) =>
      `這裡是${p.clinicName}。術後病人${SEVERITY['zh-Hant'][p.severity]}通報，案件編號 ${spoken(p.ref)}。` +
      `${p.reasons.join('。')}。確認請按 ${p.acknowledgeDigit}。`,
    sms: (p) =>
      `${p.clinicName}：術後病人${SEVERITY['zh-Hant'][p.severity]}通報，案件 ${p.ref}：${p.reasons.join('；')}。` +
      `確認請回覆「ACK ${p.ref}」。`,
  },
};

export function renderPage(page: PageMessage): string {
  return TEMPLATES[page.language][page.channel](page.params);
}
