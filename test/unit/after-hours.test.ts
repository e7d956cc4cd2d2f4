import {
  assessContact,
  callbackDueAt,
  escalationPolicyFor,
  OPERATOR_JUDGED_URGENT,
} from '../../domain/after-hours';
import { calendarOf } from '../../domain/calendar';
import { renderContactMessage } from '../../domain/contact-messages';
import { configuredClinic as clinic } from '../helpers/fixtures';

describe('after-hours contact: classification', () => {
  test.each([
    ["I'd like to change tomorrow's booking", 'en', 'front-desk'],
    ['Can I move my appointment to Friday?', 'en', 'front-desk'],
    ['the tape came off', 'en', 'nurse'],
    ['鼻のテープが取れてしまいました', 'ja', 'nurse'],
    ['a little swelling, is that normal?', 'en', 'nurse'],
    ['傷口有一點滲血', 'zh-Hant', 'nurse'],
  ] as const)('"%s" is non-urgent: a callback by the %s', (text, language, role) => {
    const a = assessContact({ text, language });
    expect(a.urgency).toBe('non-urgent');
    expect(a.callbackRole).toBe(role);
  });

  test.each([
    ['pain 9, it keeps getting worse', 'en', 'urgent', 'Severe pain (8/10 or more)'],
    ['熱が38.5度あります', 'ja', 'urgent', 'Fever of 38 °C or higher'],
    ['my face is very swollen', 'en', 'urgent', 'Severe or worsening swelling'],
    ["the bleeding won't stop", 'en', 'emergency', 'Heavy bleeding'],
    ["I can't breathe properly", 'en', 'emergency', 'Difficulty breathing'],
    ['唇が腫れてじんましんが出ています', 'ja', 'emergency', 'Signs of an allergic reaction'],
    ['喘不過氣', 'zh-Hant', 'emergency', 'Difficulty breathing'],
  ] as const)('"%s" is %s', (text, language, urgency, reason) => {
    const a = assessContact({ text, language });
    expect(a.urgency).toBe(urgency);
    expect(a.reasons.join('; ')).toContain(reason);
  });

  test("the operator's urgent flag raises a calm message to urgent, and says why", () => {
    const a = assessContact({ text: 'the tape came off', language: 'en', urgentFlag: true });
    expect(a.urgency).toBe('urgent');
    expect(a.reasons[0]).toBe(OPERATOR_JUDGED_URGENT);
  });

  test('the flag never lowers what the words say', () => {
    expect(assessContact({ text: "can't breathe", language: 'en', urgentFlag: true }).urgency).toBe(
      'emergency',
    );
    expect(assessContact({ text: "can't breathe", language: 'en', urgentFlag: false }).urgency).toBe(
      'emergency',
    );
    expect(assessContact({ text: 'pain 9', language: 'en', urgentFlag: false }).urgency).toBe('urgent');
  });
});

describe('after-hours contact: callback time and escalation policy', () => {
  const calendar = calendarOf(clinic); // Tokyo, weekdays 09:30-18:30, Sat 10:00-17:00

  test.each([
    ['a weekday evening: the next morning', '2026-11-23T21:15:00+09:00', '2026-11-24T09:30:00+09:00'],
    ['before opening: that morning', '2026-11-24T06:00:00+09:00', '2026-11-24T09:30:00+09:00'],
    ['Saturday evening: Monday', '2026-11-28T19:00:00+09:00', '2026-11-30T09:30:00+09:00'],
    ['before the new-year holidays: after them', '2026-12-28T20:00:00+09:00', '2027-01-04T09:30:00+09:00'],
    ['during business hours: at once', '2026-11-24T11:00:00+09:00', '2026-11-24T11:00:00+09:00'],
  ])('%s', (_what, at, due) => {
    expect(callbackDueAt(calendar, new Date(at)).toISOString()).toBe(new Date(due).toISOString());
  });

  test('the clinic policy named after the urgency, else the other, else the first', () => {
    const policies = [{ id: 'night' }, { id: 'urgent' }, { id: 'emergency' }];
    expect(escalationPolicyFor(policies, 'urgent')?.id).toBe('urgent');
    expect(escalationPolicyFor(policies, 'emergency')?.id).toBe('emergency');
    expect(escalationPolicyFor([{ id: 'urgent' }], 'emergency')?.id).toBe('urgent');
    expect(escalationPolicyFor([{ id: 'night' }], 'urgent')?.id).toBe('night');
    expect(escalationPolicyFor([], 'urgent')).toBeUndefined();
  });
});

describe('after-hours contact: answers', () => {
  test('the answer to an unknown number names no case and gives the clinic line and emergency advice', () => {
    const params = { clinicName: 'Aoyama', emergencyLine: '+81312345678', emergencyNumber: '119' };
    for (const language of ['en', 'ja', 'zh-Hant'] as const) {
      const text = renderContactMessage({ template: 'contact-unmatched', language, params });
      expect(text).toContain('+81312345678');
      expect(text).toContain('119');
      expect(text).not.toMatch(/journey|surgery|incident/i);
    }
  });

  test('the non-urgent answer says when we call back, in the clinic time zone', () => {
    const text = renderContactMessage({
      template: 'contact-received',
      language: 'en',
      params: {
        clinicName: 'Aoyama',
        emergencyLine: '+81312345678',
        emergencyNumber: '119',
        callbackBy: '2026-11-24T00:30:00.000Z',
        timeZone: 'Asia/Tokyo',
      },
    });
    expect(text).toContain('Tue 24 Nov, 09:30');
    expect(text).toContain('in an emergency, call emergency services (119)');
  });

  test('both answers name the emergency number from the clinic config', () => {
    const params = { clinicName: 'Aoyama', emergencyLine: '+81312345678', emergencyNumber: '999' };
    const received = { ...params, callbackBy: '2026-11-24T00:30:00.000Z', timeZone: 'Asia/Tokyo' };
    for (const language of ['en', 'ja', 'zh-Hant'] as const) {
      expect(renderContactMessage({ template: 'contact-unmatched', language, params })).toContain('999');
      expect(renderContactMessage({ template: 'contact-received', language, params: received })).toContain(
        '999',
      );
    }
  });
});

describe('after-hours contact: pleas for help and words nobody can read', () => {
  test.each([
    ['help??', 'en'],
    ['please call me, something is wrong', 'en'],
    ['救命??', 'ja'],
    ['助けて', 'ja'],
    ['救命??', 'zh-Hant'],
    ['救救我', 'zh-Hant'],
    ['I feel weird', 'en'],
    ['なんか変です', 'ja'],
    ['不舒服', 'zh-Hant'],
  ] as const)('"%s" (%s): a nurse calls back soon, not the front desk next morning', (text, language) => {
    const a = assessContact({ text, language });
    expect(a.urgency).toBe('non-urgent');
    expect(a.callbackSoon).toBe(true);
    expect(a.callbackRole).toBe('nurse');
    expect(a.reasons.length).toBeGreaterThan(0);
  });

  test.each([
    ["I'd like to change tomorrow's booking", 'en'],
    ['the tape came off', 'en'],
    ['予約を変更したいです', 'ja'],
    ['傷口有一點滲血', 'zh-Hant'],
  ] as const)('"%s" (%s) is understood: no call in the night', (text, language) => {
    expect(assessContact({ text, language }).callbackSoon).toBeUndefined();
  });

  test('a plea with a red flag is still the red flag', () => {
    expect(assessContact({ text: "help, I can't breathe", language: 'en' })).toMatchObject({
      urgency: 'emergency',
    });
  });
});
