import type { Language } from './language';
import { dial, formatPatientDateTime } from './messages';

// What someone who contacted the clinic out of hours, or texted from a number we could not match
// to a case, reads back. Neither says anything about a case: the sender may not be who we think.
// Urgent contacts get the journey's own urgent and emergency texts (domain/messages.ts).

type Base<T extends string, P> = { template: T; language: Language; params: P };

export type ContactMessage =
  | Base<
      'contact-received',
      {
        clinicName: string;
        emergencyLine: string;
        emergencyNumber: string;
        callbackBy: string;
        timeZone: string;
      }
    >
  | Base<'contact-unmatched', { clinicName: string; emergencyLine: string; emergencyNumber: string }>;

export const CONTACT_TEMPLATES = ['contact-received', 'contact-unmatched'] as const;

type Render<P> = Record<Language, (p: P) => string>;
type Params<T extends ContactMessage['template']> = Extract<ContactMessage, { template: T }>['params'];

const received: Render<Params<'contact-received'>> = {
  en: (p) =>
    `${p.clinicName}: thank you for contacting us out of hours. A member of our team will call you back by ` +
    `${formatPatientDateTime(p.callbackBy, p.timeZone, 'en')}. If you feel worse before then, call our 24-hour ` +
    `line ${p.emergencyLine}; in an emergency, call ${dial(p, 'en')}.`,
  ja: (p) =>
    `${p.clinicName}です。時間外にご連絡いただきありがとうございます。` +
    `${formatPatientDateTime(p.callbackBy, p.timeZone, 'ja')}までに担当者より折り返しお電話いたします。` +
    `それまでに悪化した場合は24時間緊急連絡先 ${p.emergencyLine} へ、緊急の場合は${dial(p, 'ja')}番へお電話ください。`,
  'zh-Hant': (p) =>
    `${p.clinicName}：感謝您在非營業時間與我們聯繫，我們的人員將於` +
    `${formatPatientDateTime(p.callbackBy, p.timeZone, 'zh-Hant')}前回電給您。` +
    `若在此之前情況惡化，請撥打24小時緊急專線 ${p.emergencyLine}；緊急情況請撥打${dial(p, 'zh-Hant')}。`,
};

const unmatched: Render<Params<'contact-unmatched'>> = {
  en: (p) =>
    `${p.clinicName}: thank you for your message. We could not match this number to your records, so our ` +
    `front desk will look into it. If it is urgent, please call us on ${p.emergencyLine}; in an emergency, ` +
    `call ${dial(p, 'en')}.`,
  ja: (p) =>
    `${p.clinicName}です。ご連絡ありがとうございます。この電話番号に該当する記録が見つからなかったため、受付にて確認いたします。` +
    `お急ぎの場合は ${p.emergencyLine} へ、緊急の場合は${dial(p, 'ja')}番へお電話ください。`,
  'zh-Hant': (p) =>
    `${p.clinicName}：感謝您的來訊。我們無法以此電話號碼找到您的資料，將由櫃台人員確認。` +
    `如有急事請撥打 ${p.emergencyLine}；緊急情況請撥打${dial(p, 'zh-Hant')}。`,
};

export function renderContactMessage(message: ContactMessage): string {
  switch (message.template) {
    case 'contact-received':
      return received[message.language](message.params);
    case 'contact-unmatched':
      return unmatched[message.language](message.params);
  }
}
