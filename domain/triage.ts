import type { RedFlagRule, SymptomCondition } from './protocol';
import type { ParsedReply } from './reply-parser';
import type { Severity, SymptomReport, TriageResult } from './symptoms';
import { SEVERITIES, moreSevere } from './symptoms';

// Triage: which of a protocol's red-flag rules a symptom report sets off on a given post-operative
// day, and the most severe outcome among them. Pure, so workflows can call it directly.

/** A measured temperature at or above this is a fever. */
export const FEVER_THRESHOLD_C = 37.5;

/**
 * Emergencies that apply on every day of every journey even if a protocol forgot them
 * (`[000] §3.1`: heavy bleeding, anaphylaxis signs, breathing difficulty). `triage` always adds
 * them after the protocol's own rules.
 */
export const SAFETY_NET_RULES: RedFlagRule[] = [
  {
    id: 'safety-net-breathing',
    fromDay: 0,
    toDay: 365,
    when: { symptom: 'breathingDifficulty' },
    severity: 'emergency',
    reason: 'Difficulty breathing',
  },
  {
    id: 'safety-net-allergic-reaction',
    fromDay: 0,
    toDay: 365,
    when: { symptom: 'allergicReaction' },
    severity: 'emergency',
    reason: 'Signs of an allergic reaction (hives, swollen lips or throat)',
  },
  {
    id: 'safety-net-heavy-bleeding',
    fromDay: 0,
    toDay: 365,
    when: { symptom: 'bleeding', atLeast: 'heavy' },
    severity: 'emergency',
    reason: 'Heavy bleeding',
  },
];

const BLEEDING_RANK = { none: 0, light: 1, heavy: 2 } as const;
const SWELLING_RANK = { none: 0, mild: 1, severe: 2 } as const;

function hasFever(report: SymptomReport): boolean {
  // A measured temperature over the threshold counts even if the fever flag was left unset.
  return (
    report.fever === true || (report.temperatureC !== undefined && report.temperatureC >= FEVER_THRESHOLD_C)
  );
}

/** Whether a report meets one red-flag condition. Absent fields never meet a condition. */
export function conditionMet(when: SymptomCondition, report: SymptomReport): boolean {
  switch (when.symptom) {
    case 'pain':
      return report.pain !== undefined && report.pain >= when.atLeast;
    case 'bleeding':
      return report.bleeding !== undefined && BLEEDING_RANK[report.bleeding] >= BLEEDING_RANK[when.atLeast];
    case 'swelling':
      return report.swelling !== undefined && SWELLING_RANK[report.swelling] >= SWELLING_RANK[when.atLeast];
    case 'fever':
      if (!hasFever(report)) return false;
      // A fever reported without a number is treated as meeting the threshold: safer.
      return (
        when.atLeastC === undefined ||
        report.temperatureC === undefined ||
        report.temperatureC >= when.atLeastC
      );
    case 'breathingDifficulty':
      return report.breathingDifficulty === true;
    case 'allergicReaction':
      return report.allergicReaction === true;
  }
}

function appliesOn(rule: RedFlagRule, postOpDay: number): boolean {
  return postOpDay >= rule.fromDay && postOpDay <= rule.toDay;
}

function sameCondition(a: SymptomCondition, b: SymptomCondition): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Triage a report against the protocol's red-flag rules (and the safety net) on a post-operative
 * day. Severity is the most severe rule that fired; reasons are every fired rule's reason, most
 * severe first and then in rule order, without duplicates. Nothing fired: normal, no reasons.
 */
export function triage(report: SymptomReport, rules: RedFlagRule[], postOpDay: number): TriageResult {
  const fired = rules.filter((rule) => appliesOn(rule, postOpDay) && conditionMet(rule.when, report));
  for (const net of SAFETY_NET_RULES) {
    if (!appliesOn(net, postOpDay) || !conditionMet(net.when, report)) continue;
    // The protocol already says the same thing as an emergency: its own words are enough.
    const covered = fired.some(
      (rule) => rule.severity === net.severity && sameCondition(rule.when, net.when),
    );
    if (!covered) fired.push(net);
  }

  const rank = (severity: Severity) => SEVERITIES.indexOf(severity);
  const ordered = fired
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => rank(b.rule.severity) - rank(a.rule.severity) || a.index - b.index)
    .map(({ rule }) => rule);

  const severity = ordered.reduce<Severity>((worst, rule) => moreSevere(worst, rule.severity), 'normal');
  const reasons = [...new Set(ordered.map((rule) => rule.reason))];
  return { severity, reasons };
}

/** Why a nurse calls back soon although no red flag fired: the patient asked for help. */
export const PLEA_FOR_HELP = 'The patient asked for help';
/** Why a nurse calls back soon although no red flag fired: the reply could not be read. */
export const NOT_UNDERSTOOD = 'The reply could not be read (no reassurance sent)';
/** How soon a nurse calls back a patient who asked for help or could not be understood. */
export const CALLBACK_SOON_MINUTES = 15;

export interface ReplyTriage extends TriageResult {
  /**
   * A nurse calls back within CALLBACK_SOON_MINUTES, whatever the hour, and the patient gets a
   * neutral answer (never "your recovery sounds on track"): the reply asked for help or could not
   * be read, and no red flag asks for more.
   */
  callbackSoon: boolean;
}

/**
 * Triage a parsed reply: the red-flag rules first (an emergency stays an emergency), then the
 * reply itself. Reassurance is for replies the parser understood; a plea for help, or a reply
 * it could not read, is at least a concern with a nurse callback soon.
 */
export function triageParsedReply(
  parsed: Pick<ParsedReply, 'report' | 'plea' | 'understood'>,
  rules: RedFlagRule[],
  postOpDay: number,
): ReplyTriage {
  const result = triage(parsed.report, rules, postOpDay);
  if (result.severity === 'urgent' || result.severity === 'emergency')
    return { ...result, callbackSoon: false };
  const why = parsed.plea ? PLEA_FOR_HELP : parsed.understood ? undefined : NOT_UNDERSTOOD;
  if (!why) return { ...result, callbackSoon: false };
  return { severity: 'concern', reasons: [why, ...result.reasons], callbackSoon: true };
}
