import { LANGUAGES } from '../../domain/language';
import { afterCareMessage, renderPatientMessage } from '../../domain/messages';
import { PROCEDURE_CODES, procedureName } from '../../domain/procedures';

const params = {
  clinicName: 'Aoyama Aesthetic Clinic',
  procedureCode: 'blepharoplasty' as const,
  emergencyLine: '+81312345678',
};

describe('afterCareMessage', () => {
  it.each([
    ['en', 'eyelid surgery'],
    ['ja', '眼瞼形成術'],
    ['zh-Hant', '眼瞼整形手術'],
  ] as const)('in %s contains the clinic name, the 24-hour line and "%s"', (language, procedure) => {
    const text = afterCareMessage(language, params);
    expect(text).toContain('Aoyama Aesthetic Clinic');
    expect(text).toContain('+81312345678');
    expect(text).toContain(procedure);
  });

  it('is written in the patient language', () => {
    expect(afterCareMessage('en', params)).toMatch(/24-hour line/);
    expect(afterCareMessage('ja', params)).toMatch(/24時間対応/);
    expect(afterCareMessage('zh-Hant', params)).toMatch(/24小時緊急專線/);
    expect(afterCareMessage('en', params)).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it('never leaves the procedure code or a template hole in any language', () => {
    for (const language of LANGUAGES) {
      for (const procedureCode of PROCEDURE_CODES) {
        const text = afterCareMessage(language, { ...params, procedureCode });
        expect(text).toContain(procedureName(procedureCode, language));
        expect(text).toContain(params.emergencyLine);
        expect(text).not.toMatch(/undefined|\$\{/);
      }
    }
  });

  it('has a name for every procedure in every language', () => {
    for (const code of PROCEDURE_CODES) {
      for (const language of LANGUAGES) expect(procedureName(code, language).length).toBeGreaterThan(0);
    }
    expect(procedureName('rhinoplasty', 'ja')).toBe('鼻形成術');
    expect(procedureName('liposuction', 'zh-Hant')).toBe('抽脂手術');
  });

  it('renderPatientMessage renders the after-care template the same way', () => {
    expect(renderPatientMessage({ template: 'after-care', language: 'zh-Hant', params })).toBe(
      afterCareMessage('zh-Hant', params),
    );
  });
});
