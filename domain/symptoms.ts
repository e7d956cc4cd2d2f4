// What a patient's reply says about their recovery, and how serious it is.

export const SEVERITIES = ['normal', 'concern', 'urgent', 'emergency'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function moreSevere(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b;
}

export type BleedingLevel = 'none' | 'light' | 'heavy';
export type SwellingLevel = 'none' | 'mild' | 'severe';

/** A reply parsed into symptoms; a field is absent when the reply does not mention it. */
export interface SymptomReport {
  pain?: number; // 0-10
  bleeding?: BleedingLevel;
  swelling?: SwellingLevel;
  fever?: boolean;
  temperatureC?: number;
  breathingDifficulty?: boolean;
  allergicReaction?: boolean; // hives, swollen lips/throat: anaphylaxis signs
  freeText: string;
}

export interface TriageResult {
  severity: Severity;
  /** The red-flag rules that fired, in the protocol's words. */
  reasons: string[];
}
