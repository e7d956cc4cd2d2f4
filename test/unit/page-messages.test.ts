import { acknowledgedIncident, INCIDENT_REF, incidentRef } from '../../domain/case-ids';
import { clinicSchema, staffLanguageOf } from '../../domain/clinic';
import type { PageParams } from '../../domain/page-messages';
import { renderPage } from '../../domain/page-messages';
import { clinic } from '../helpers/fixtures';

// Pages in the staff's language with a short, speakable incident reference.

const incidentId = 'journey:aoyama-aesthetic:S-20261201-0042:incident-3';
const params: PageParams = {
  clinicName: 'Aoyama Aesthetic Clinic',
  severity: 'emergency',
  ref: incidentRef(incidentId),
  reasons: ['Heavy bleeding'],
  acknowledgeDigit: '1',
};

test('the incident reference is four digits, the same for the same incident, different for others', () => {
  const ref = incidentRef(incidentId);
  expect(ref).toMatch(INCIDENT_REF);
  expect(incidentRef(incidentId)).toBe(ref);
  const refs = new Set(Array.from({ length: 200 }, (_, i) => incidentRef(`${incidentId.slice(0, -1)}${i}`)));
  expect(refs.size).toBeGreaterThan(190); // spread, not a constant
  expect(acknowledgedIncident(`ACK ${ref}`)).toBe(ref);
  expect(acknowledgedIncident(` ack  ${ref} `)).toBe(ref);
});

test.each([
  ['en', /EMERGENCY post-operative patient\. Incident (\d) (\d) (\d) (\d)\..*Press 1 to acknowledge/],
  ['ja', /術後の患者さんの緊急対応です。案件番号 (\d) (\d) (\d) (\d)。.*1 を押してください/],
  ['zh-Hant', /術後病人危急通報，案件編號 (\d) (\d) (\d) (\d)。.*確認請按 1/],
] as const)(
  '%s call script reads the reference digit by digit and never the case id',
  (language, pattern) => {
    const script = renderPage({ channel: 'call', language, params });
    expect(script).toMatch(pattern);
    expect(script.match(pattern)!.slice(1).join('')).toBe(params.ref);
    expect(script).not.toContain('journey:');
    expect(script).not.toContain('S-20261201');
  },
);

test.each([
  ['en', `Reply ACK ${params.ref} to acknowledge.`],
  ['ja', `確認は「ACK ${params.ref}」と返信してください。`],
  ['zh-Hant', `確認請回覆「ACK ${params.ref}」。`],
] as const)('%s page SMS asks for ACK with the reference', (language, ask) => {
  const sms = renderPage({ channel: 'sms', language, params });
  expect(sms).toContain(ask);
  expect(sms).toContain('Heavy bleeding');
  expect(sms).not.toContain('journey:');
});

test('the staff language: staffLanguage, else the clinic default, else English; validated by name', () => {
  expect(staffLanguageOf({})).toBe('en');
  expect(staffLanguageOf({ defaultLanguage: 'ja' })).toBe('ja');
  expect(staffLanguageOf({ defaultLanguage: 'ja', staffLanguage: 'zh-Hant' })).toBe('zh-Hant');
  expect(staffLanguageOf(clinic)).toBe('ja');
  const bad = clinicSchema.safeParse({ ...clinic, staffLanguage: 'fr' });
  expect(bad.success).toBe(false);
  expect(bad.error!.issues[0]!.path).toEqual(['staffLanguage']);
});
