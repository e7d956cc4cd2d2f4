import { incidentRef } from '../../domain/case-ids';
import type { Language } from '../../domain/language';
import { clinic, journeyInput } from '../helpers/fixtures';
import { JourneyHarness, localTime } from '../helpers/journey-harness';

// Pages go out in the clinic's staff language (config: staffLanguage), whatever the patient's
// language, and name the incident by its short reference, never by the long case id.

const h = new JourneyHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const nurseDay = clinic.onCallRoster.find((r) => r.staffId === 'nurse-day')!.phone;

test.each([
  ['ja', 'en', /術後の患者さんの至急対応です。案件番号 (\d \d \d \d)。/, '確認は「ACK '],
  ['en', 'ja', /URGENT post-operative patient\. Incident (\d \d \d \d)\./, 'Reply ACK '],
  ['zh-Hant', 'ja', /術後病人緊急通報，案件編號 (\d \d \d \d)。/, '確認請回覆「ACK '],
] as const)(
  'staff language %s (patient %s): the page call and SMS are in it, with the 4-digit reference',
  async (staffLanguage: Language, patientLanguage: Language, script, ask) => {
    expect(localTime(await h.advanceToNext(2, '14:00'))).toBe('Tue 14:00'); // nurse-day on call
    const base = journeyInput();
    const j = await h.start(
      {
        patient: { ref: 'P-1001', phone: '+819012345678', language: patientLanguage, timeZone: 'Asia/Tokyo' },
      },
      { clinic: { ...base.clinic, staffLanguage } },
    );
    await h.reply(j, 'pain 9, it is getting worse');
    const s = await h.until(j, (x) => x.escalations.length === 1, 'escalation');
    const incidentId = s.escalations[0]!.incidentId;
    const ref = incidentRef(incidentId);
    const entries = await h.untilSent(
      j,
      (e) => e.filter((m) => m.to === nurseDay && m.idempotencyKey.startsWith(incidentId)).length === 2,
      'call and SMS page',
    );
    const call = entries.find((m) => m.kind === 'call' && m.to === nurseDay)!;
    const sms = entries.find((m) => m.kind === 'sms' && m.to === nurseDay)!;
    expect(call.body).toMatch(script);
    expect(call.body!.match(script)![1]!.replace(/ /g, '')).toBe(ref);
    expect(sms.body).toContain(`${ask}${ref}`);
    for (const text of [call.body!, sms.body!]) {
      expect(text).not.toContain(j.journeyId);
      expect(text).not.toContain(incidentId);
    }
    // The keypad still maps to the incident (the signed callback URL carries it, not the script).
    expect(call.data).toMatchObject({ acknowledgeDigit: '1', incidentId });
    expect(call.idempotencyKey).toBe(`${incidentId}:t0:r0:l0:nurse-day:call`);
    expect(sms.idempotencyKey).toBe(`${incidentId}:t0:r0:l0:nurse-day:sms`);
  },
);
