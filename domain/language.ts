// Languages the patient-facing templates are written in.
export const LANGUAGES = ['en', 'ja', 'zh-Hant'] as const;
export type Language = (typeof LANGUAGES)[number];
