import type { BusinessCalendar } from './calendar';
import { nextBusinessTime } from './calendar';
import type { Language } from './language';
import type { RedFlagRule } from './protocol';
import { parseReply } from './reply-parser';
import { moreSevere } from './symptoms';
import type { Severity } from './symptoms';
import { triageParsedReply } from './triage';

// After-hours contact (DESIGN §3.2, [000] 緊急連絡は案外少ない): a call or message on the 24-hour
// line, taken down by the call centre's operator or received from the provider, is sorted into
// real emergencies and the "tape came off" calls. Urgent medical → the on-call escalation now;
// the rest → a polite automatic answer and a callback the next business morning. Pure code: the
// API classifies, the contact workflow acts on the result.

export type ContactUrgency = 'emergency' | 'urgent' | 'non-urgent';

export interface ContactAssessment {
  urgency: ContactUrgency;
  /** Why, in staff's words: the rules that fired, or the operator's judgement. */
  reasons: string[];
  /** Who calls back on a non-urgent contact: a nurse for anything about the body, else the front desk. */
  callbackRole: 'nurse' | 'front-desk';
  /**
   * A plea for help, or words nobody could read: a nurse calls back within CALLBACK_SOON_MINUTES
   * whatever the hour, and the answer is neutral ("a nurse will call you shortly; in an
   * emergency call 119"), never the polite next-morning answer. Absent on older contacts.
   */
  callbackSoon?: boolean;
}

export interface ContactReport {
  /** What the patient said or wrote, as taken down. */
  text: string;
  language: Language;
  /** The operator's judgement under the clinic's script: urgent even if the words do not say so. */
  urgentFlag?: boolean;
}

const ALWAYS = { fromDay: 0, toDay: 365 } as const;

/**
 * Red flags for a contact whose procedure and post-op day are unknown (no journey): the journey
 * protocols' common ground. Triage adds its safety net (breathing, allergic reaction, heavy
 * bleeding: emergency) on top.
 */
export const AFTER_HOURS_RULES: RedFlagRule[] = [
  {
    id: 'severe-pain',
    ...ALWAYS,
    when: { symptom: 'pain', atLeast: 8 },
    severity: 'urgent',
    reason: 'Severe pain (8/10 or more)',
  },
  {
    id: 'severe-swelling',
    ...ALWAYS,
    when: { symptom: 'swelling', atLeast: 'severe' },
    severity: 'urgent',
    reason: 'Severe or worsening swelling',
  },
  {
    id: 'fever',
    ...ALWAYS,
    when: { symptom: 'fever', atLeastC: 38.0 },
    severity: 'urgent',
    reason: 'Fever of 38 °C or higher',
  },
  {
    id: 'moderate-pain',
    ...ALWAYS,
    when: { symptom: 'pain', atLeast: 5 },
    severity: 'concern',
    reason: 'Moderate pain',
  },
  {
    id: 'light-bleeding',
    ...ALWAYS,
    when: { symptom: 'bleeding', atLeast: 'light' },
    severity: 'concern',
    reason: 'Some bleeding',
  },
  {
    id: 'mild-swelling',
    ...ALWAYS,
    when: { symptom: 'swelling', atLeast: 'mild' },
    severity: 'concern',
    reason: 'Some swelling',
  },
];

export const OPERATOR_JUDGED_URGENT = 'Judged urgent by the operator (clinic script)';

// Wound care that a nurse answers even when no symptom is named: "the tape came off".
const CARE_WORDS =
  /tape|dressing|bandage|plaster|splint|stitch|suture|wound|drain|garment|テープ|ガーゼ|包帯|ギプス|抜糸|糸|傷|ドレーン|圧迫着|膠帶|紗布|繃帶|縫線|拆線|傷口|夾板|塑身衣/iu;

// Errands for the front desk: the contact is understood even with no symptom in it.
const ADMIN_WORDS =
  /book|appointment|reschedul|cancel|move my|change my|payment|pay\b|invoice|receipt|refund|price|cost|予約|変更|キャンセル|支払|領収書|料金|返金|預約|改期|取消|付款|收據|费用|費用|退款/iu;

/**
 * Classifies a contact. The operator's urgent flag can only raise the urgency, never lower what
 * the words say: a "not urgent" tick on "I can't breathe" is still an emergency.
 */
export function assessContact(report: ContactReport): ContactAssessment {
  const parsed = parseReply(report.text, report.language);
  // What the parser cannot read is understood if it is plainly wound care or an errand; a plea
  // for help never is an errand.
  const understood = parsed.understood || CARE_WORDS.test(report.text) || ADMIN_WORDS.test(report.text);
  const result = triageParsedReply({ ...parsed, understood }, AFTER_HOURS_RULES, 0);
  let severity: Severity = result.severity;
  const reasons = [...result.reasons];
  if (report.urgentFlag && moreSevere(severity, 'urgent') === 'urgent') {
    severity = 'urgent';
    reasons.unshift(OPERATOR_JUDGED_URGENT);
  }
  const { freeText: _text, ...symptoms } = parsed.report;
  const aboutTheBody = Object.keys(symptoms).length > 0 || CARE_WORDS.test(report.text);
  return {
    urgency: severity === 'emergency' ? 'emergency' : severity === 'urgent' ? 'urgent' : 'non-urgent',
    reasons,
    callbackRole: aboutTheBody || result.callbackSoon ? 'nurse' : 'front-desk',
    ...(severity === 'concern' && result.callbackSoon ? { callbackSoon: true } : {}),
  };
}

/** A non-urgent contact is called back when the clinic next opens (at once if it is open). */
export function callbackDueAt(calendar: BusinessCalendar, receivedAt: Date): Date {
  return nextBusinessTime(calendar, receivedAt);
}

/**
 * The clinic's escalation policy for an urgent contact. A contact has no protocol to name one, so
 * the clinic's policies called "emergency" and "urgent" are used by convention, else the first.
 */
export function escalationPolicyFor<P extends { id: string }>(
  policies: readonly P[],
  urgency: Exclude<ContactUrgency, 'non-urgent'>,
): P | undefined {
  const preferred = urgency === 'emergency' ? ['emergency', 'urgent'] : ['urgent', 'emergency'];
  for (const id of preferred) {
    const policy = policies.find((p) => p.id === id);
    if (policy) return policy;
  }
  return policies[0];
}
