import type { Language } from './language';

// What a customer with a complaint reads: the acknowledgement at once, the proposed resolution,
// the satisfaction follow-up, and the closing note. Replies use the same YES/NO words as the
// rest of the clinic's SMS (the reply parser's confirm/decline).

type Base<T extends string, P> = { template: T; language: Language; params: P };

export type ComplaintMessage =
  | Base<'complaint-received', { clinicName: string; reference: string; contactWithinMinutes: number }>
  | Base<'complaint-plan', { clinicName: string; reference: string; actions: string[] }>
  | Base<'complaint-follow-up', { clinicName: string; reference: string }>
  | Base<'complaint-closed', { clinicName: string; reference: string }>;

export const COMPLAINT_TEMPLATES = [
  'complaint-received',
  'complaint-plan',
  'complaint-follow-up',
  'complaint-closed',
] as const;

type Render<P> = Record<Language, (p: P) => string>;

/**
 * The first-contact target as a customer reads it: the real target, never rounded up to hours
 * ("30 minutes", "1 hour", "1 hour 30 minutes"; 30分 / 1時間30分; 30分鐘 / 1小時30分鐘).
 */
export function contactWithin(minutes: number, language: Language): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  switch (language) {
    case 'en':
      return [h ? `${h} hour${h === 1 ? '' : 's'}` : '', m || !h ? `${m} minute${m === 1 ? '' : 's'}` : '']
        .filter(Boolean)
        .join(' ');
    case 'ja':
      return `${h ? `${h}時間` : ''}${m || !h ? `${m}分` : ''}`;
    case 'zh-Hant':
      return `${h ? `${h}小時` : ''}${m || !h ? `${m}分鐘` : ''}`;
  }
}
type Params<T extends ComplaintMessage['template']> = Extract<ComplaintMessage, { template: T }>['params'];

const received: Render<Params<'complaint-received'>> = {
  en: (p) =>
    `${p.clinicName}: we have received your feedback (ref. ${p.reference}) and are sorry for the trouble. ` +
    `A member of our team will contact you within ${contactWithin(p.contactWithinMinutes, 'en')}.`,
  ja: (p) =>
    `${p.clinicName}です。ご意見(受付番号 ${p.reference})を承りました。ご迷惑をおかけし申し訳ございません。` +
    `${contactWithin(p.contactWithinMinutes, 'ja')}以内に担当者よりご連絡いたします。`,
  'zh-Hant': (p) =>
    `${p.clinicName}：我們已收到您的意見（編號 ${p.reference}），造成您的不便深感抱歉。` +
    `專人將於${contactWithin(p.contactWithinMinutes, 'zh-Hant')}內與您聯繫。`,
};

const plan: Render<Params<'complaint-plan'>> = {
  en: (p) =>
    `${p.clinicName} (ref. ${p.reference}): we would like to offer: ${p.actions.join('; ')}. ` +
    `Reply YES to accept or NO if this does not resolve your concern.`,
  ja: (p) =>
    `${p.clinicName}です(受付番号 ${p.reference})。次のご対応をご提案いたします:${p.actions.join('、')}。` +
    `ご了承いただける場合は「はい」、ご納得いただけない場合は「いいえ」とご返信ください。`,
  'zh-Hant': (p) =>
    `${p.clinicName}（編號 ${p.reference}）：我們提出以下處理方案：${p.actions.join('；')}。` +
    `如接受請回覆「是」，如仍有疑慮請回覆「不」。`,
};

const followUp: Render<Params<'complaint-follow-up'>> = {
  en: (p) =>
    `${p.clinicName} (ref. ${p.reference}): are you satisfied with how we resolved your concern? Reply YES or NO.`,
  ja: (p) =>
    `${p.clinicName}です(受付番号 ${p.reference})。今回の対応にご満足いただけましたか。「はい」または「いいえ」でご返信ください。`,
  'zh-Hant': (p) =>
    `${p.clinicName}（編號 ${p.reference}）：您對這次的處理結果滿意嗎？請回覆「是」或「不」。`,
};

const closed: Render<Params<'complaint-closed'>> = {
  en: (p) =>
    `${p.clinicName} (ref. ${p.reference}): thank you for telling us. Your case is closed; we have used it to improve our care.`,
  ja: (p) =>
    `${p.clinicName}です(受付番号 ${p.reference})。貴重なご意見をありがとうございました。本件は完了とさせていただきます。`,
  'zh-Hant': (p) =>
    `${p.clinicName}（編號 ${p.reference}）：感謝您的寶貴意見，本案已結案，我們將持續改善服務品質。`,
};

export function renderComplaintMessage(message: ComplaintMessage): string {
  switch (message.template) {
    case 'complaint-received':
      return received[message.language](message.params);
    case 'complaint-plan':
      return plan[message.language](message.params);
    case 'complaint-follow-up':
      return followUp[message.language](message.params);
    case 'complaint-closed':
      return closed[message.language](message.params);
  }
}
