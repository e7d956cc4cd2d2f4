import type { Language } from './language';
import type { ProcedureCode } from './procedures';
import { procedureName } from './procedures';

// Patient-facing texts, one per language. Kept short enough for a few SMS segments and written
// so the 24-hour number is never missing ([000] §1.5, §2.3).

export interface AfterCareParams {
  clinicName: string;
  procedureCode: ProcedureCode;
  emergencyLine: string;
}

const afterCare: Record<Language, (p: AfterCareParams & { procedure: string }) => string> = {
  en: (p) =>
    `${p.clinicName}: thank you for trusting us with your ${p.procedure}. Your written after-care instructions ` +
    `are attached to this message. Our 24-hour line is ${p.emergencyLine} - call it any time, day or night, if ` +
    `you have heavy bleeding, severe pain, fever or trouble breathing. If breathing is difficult, call emergency services first.`,
  ja: (p) =>
    `${p.clinicName}です。${p.procedure}を受けていただきありがとうございます。術後の注意事項をお送りします。` +
    `24時間対応の緊急連絡先は ${p.emergencyLine} です。大量の出血、強い痛み、発熱、息苦しさがあれば昼夜を問わずご連絡ください。` +
    `呼吸が苦しい場合はまず119番に電話してください。`,
  'zh-Hant': (p) =>
    `${p.clinicName}：感謝您選擇我們進行${p.procedure}。術後照護須知已隨本訊息附上。` +
    `24小時緊急專線：${p.emergencyLine}。如有大量出血、劇烈疼痛、發燒或呼吸困難，請隨時來電。` +
    `若呼吸困難，請先撥打119。`,
};

export function afterCareMessage(language: Language, params: AfterCareParams): string {
  return afterCare[language]({ ...params, procedure: procedureName(params.procedureCode, language) });
}

/** A patient message by template, rendered in the patient's language when it is sent. */
export type PatientMessage = { template: 'after-care'; language: Language; params: AfterCareParams };

export function renderPatientMessage(message: PatientMessage): string {
  switch (message.template) {
    case 'after-care':
      return afterCareMessage(message.language, message.params);
  }
}
