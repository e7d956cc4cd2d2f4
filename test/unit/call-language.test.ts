import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import type { Adapters } from '../../adapters';
import type { OutboundCall } from '../../adapters/telephony';

// A call is read out in the language its words are written in (the provider picks the voice by
// it: ja-JP, en-US, zh-TW): a page in the clinic's staff language, a patient call in the patient's.

const placed: OutboundCall[] = [];
const adapters = {
  telephony: {
    placeCall: async (call: OutboundCall) => {
      placed.push(call);
      return { callId: `CA${placed.length}`, duplicate: false };
    },
  },
} as unknown as Adapters;
const env = new MockActivityEnvironment();
const { pageByCall, callPatient } = createActivities(adapters);
beforeEach(() => (placed.length = 0));

test.each(['ja', 'en', 'zh-Hant'] as const)('a page written in %s is read in %s', async (language) => {
  await env.run(pageByCall, {
    caseId: 'journey:c1:S-1',
    incidentId: 'journey:c1:S-1:incident-1',
    staff: { staffId: 'dr-a', role: 'doctor' as const, phone: '+819022220001' },
    language,
    params: {
      clinicName: 'Aoyama Aesthetic Clinic',
      severity: 'emergency' as const,
      ref: '9642',
      reasons: ['Heavy bleeding'],
      acknowledgeDigit: '1',
    },
    idempotencyKey: 'k-page',
  });
  expect(placed).toHaveLength(1);
  expect(placed[0]).toMatchObject({ language, acknowledgeDigit: '1' });
});

test.each(['ja', 'en', 'zh-Hant'] as const)("a patient's call in %s is read in %s", async (language) => {
  await env.run(callPatient, {
    caseId: 'journey:c1:S-1',
    to: '+819012345678',
    message: {
      template: 'after-care' as const,
      language,
      params: {
        clinicName: 'Aoyama Aesthetic Clinic',
        procedureCode: 'rhinoplasty' as const,
        emergencyLine: '+81312345678',
        emergencyNumber: '119',
      },
    },
    idempotencyKey: 'k-call',
  });
  expect(placed[0]).toMatchObject({ language, to: '+819012345678' });
});
