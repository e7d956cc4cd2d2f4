import type { Language } from './language';

// Procedures the clinics perform, with the names patients read in their messages.
// The check-in protocols for each procedure are versioned data of their own.
export const PROCEDURES = {
  rhinoplasty: { en: 'rhinoplasty', ja: '鼻形成術', 'zh-Hant': '鼻整形手術' },
  blepharoplasty: { en: 'eyelid surgery', ja: '眼瞼形成術', 'zh-Hant': '眼瞼整形手術' },
  liposuction: { en: 'liposuction', ja: '脂肪吸引', 'zh-Hant': '抽脂手術' },
  'laser-resurfacing': { en: 'laser resurfacing', ja: 'レーザーリサーフェシング', 'zh-Hant': '雷射換膚' },
  'filler-injection': { en: 'filler injection', ja: 'フィラー注入', 'zh-Hant': '填充注射' },
} as const satisfies Record<string, Record<Language, string>>;

export type ProcedureCode = keyof typeof PROCEDURES;
export const PROCEDURE_CODES = Object.keys(PROCEDURES) as [ProcedureCode, ...ProcedureCode[]];

export function procedureName(code: ProcedureCode, language: Language): string {
  return PROCEDURES[code][language];
}
