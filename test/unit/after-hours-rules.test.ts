import {
  AFTER_HOURS_RULES,
  assessContact,
  escalationPolicyFor,
  OPERATOR_JUDGED_URGENT,
} from '../../domain/after-hours';
import type { RedFlagRule } from '../../domain/protocol';
import { SAFETY_NET_RULES, triage } from '../../domain/triage';

// Mutation testing (issue 15): the after-hours rule table, its staff-facing reasons and the
// escalation-policy convention are what the call centre and the contact workflow rely on.

describe('after-hours rules: the table the 24-hour line is sorted by', () => {
  test('rule ids, thresholds, severities and reasons are exactly the agreed ones', () => {
    expect(AFTER_HOURS_RULES).toEqual([
      {
        id: 'severe-pain',
        fromDay: 0,
        toDay: 365,
        when: { symptom: 'pain', atLeast: 8 },
        severity: 'urgent',
        reason: 'Severe pain (8/10 or more)',
      },
      {
        id: 'severe-swelling',
        fromDay: 0,
        toDay: 365,
        when: { symptom: 'swelling', atLeast: 'severe' },
        severity: 'urgent',
        reason: 'Severe or worsening swelling',
      },
      {
        id: 'fever',
        fromDay: 0,
        toDay: 365,
        when: { symptom: 'fever', atLeastC: 38.0 },
        severity: 'urgent',
        reason: 'Fever of 38 °C or higher',
      },
      {
        id: 'moderate-pain',
        fromDay: 0,
        toDay: 365,
        when: { symptom: 'pain', atLeast: 5 },
        severity: 'concern',
        reason: 'Moderate pain',
      },
      {
        id: 'light-bleeding',
        fromDay: 0,
        toDay: 365,
        when: { symptom: 'bleeding', atLeast: 'light' },
        severity: 'concern',
        reason: 'Some bleeding',
      },
      {
        id: 'mild-swelling',
        fromDay: 0,
        toDay: 365,
        when: { symptom: 'swelling', atLeast: 'mild' },
        severity: 'concern',
        reason: 'Some swelling',
      },
    ]);
  });

  test('rule ids are unique (an audit names the rule that fired)', () => {
    const ids = AFTER_HOURS_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id.length > 0)).toBe(true);
  });

  // Behaviour of the concern rules: non-urgent, a nurse calls back, and staff see why.
  test.each([
    ['my pain is 6 tonight', 'Moderate pain'],
    ['the wound is bleeding a little', 'Some bleeding'],
    ['a little swelling, is that normal?', 'Some swelling'],
  ])('"%s" is non-urgent for a nurse, with the reason "%s"', (text, reason) => {
    const a = assessContact({ text, language: 'en' });
    expect(a.urgency).toBe('non-urgent');
    expect(a.callbackRole).toBe('nurse');
    expect(a.reasons).toEqual([reason]);
  });

  test("the operator's judgement is named in staff's words", () => {
    expect(OPERATOR_JUDGED_URGENT).toBe('Judged urgent by the operator (clinic script)');
    const a = assessContact({ text: 'the tape came off', language: 'en', urgentFlag: true });
    expect(a.reasons).toEqual(['Judged urgent by the operator (clinic script)']);
  });
});

describe('after-hours: callbackSoon is only for non-urgent contacts', () => {
  test('a plea for help the operator flags urgent goes to escalation, not the 15-minute callback', () => {
    const plain = assessContact({ text: 'please help me', language: 'en' });
    expect(plain.callbackSoon).toBe(true);
    const flagged = assessContact({ text: 'please help me', language: 'en', urgentFlag: true });
    expect(flagged.urgency).toBe('urgent');
    expect(flagged).not.toHaveProperty('callbackSoon');
  });
});

describe('after-hours: escalation policy convention', () => {
  const other = { id: 'day-shift' };
  const urgent = { id: 'urgent' };
  const emergency = { id: 'emergency' };

  test('an emergency falls back to the "urgent" policy before the first one', () => {
    expect(escalationPolicyFor([other, urgent], 'emergency')).toBe(urgent);
  });
  test('an urgent contact falls back to the "emergency" policy before the first one', () => {
    expect(escalationPolicyFor([other, emergency], 'urgent')).toBe(emergency);
  });
  test('its own policy first, else the first policy', () => {
    expect(escalationPolicyFor([other, urgent, emergency], 'emergency')).toBe(emergency);
    expect(escalationPolicyFor([other, emergency, urgent], 'urgent')).toBe(urgent);
    expect(escalationPolicyFor([other], 'urgent')).toBe(other);
  });
});

describe('triage: safety net ids and reason order', () => {
  test('the safety net rules keep their ids (audits and reports name them)', () => {
    expect(SAFETY_NET_RULES.map((r) => r.id)).toEqual([
      'safety-net-breathing',
      'safety-net-allergic-reaction',
      'safety-net-heavy-bleeding',
    ]);
  });

  const concern = (id: string, reason: string, when: RedFlagRule['when']): RedFlagRule => ({
    id,
    fromDay: 0,
    toDay: 365,
    when,
    severity: 'concern',
    reason,
  });

  test('reasons of equal severity keep the rule order', () => {
    const rules = [
      concern('a', 'A pain', { symptom: 'pain', atLeast: 1 }),
      concern('b', 'B bleeding', { symptom: 'bleeding', atLeast: 'light' }),
      concern('c', 'C swelling', { symptom: 'swelling', atLeast: 'mild' }),
      concern('d', 'D pain', { symptom: 'pain', atLeast: 2 }),
    ];
    const r = triage({ freeText: '', pain: 5, bleeding: 'light', swelling: 'mild' }, rules, 1);
    expect(r.reasons).toEqual(['A pain', 'B bleeding', 'C swelling', 'D pain']);
    const two = triage({ freeText: '', pain: 5, bleeding: 'light' }, rules.slice(0, 2), 1);
    expect(two.reasons).toEqual(['A pain', 'B bleeding']);
  });
});
