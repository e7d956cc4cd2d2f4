import { PermanentDeliveryError } from '../../adapters/delivery-error';
import type { OutboundCall } from '../../adapters/telephony';
import { twilioAdapters } from '../../adapters/twilio';
import { parseTwilioCredentials } from '../../adapters/twilio/credentials';
import type { TwilioCredentials } from '../../adapters/twilio/credentials';
import { MemorySentStore } from '../../adapters/twilio/sent-store';
import { NO_KEY_PRESSED } from '../../adapters/twilio/twilio-telephony';
import { createCallbackReceiver } from '../../simulator/receiver';
import type { CallbackReceiver } from '../../simulator/receiver';
import { createSimulator } from '../../simulator/simulator';
import type { Simulator } from '../../simulator/simulator';

// The telephony adapter through the SDK against the simulator: the call's TwiML is read in the
// callee's language, a key press reaches the Gather's action signed, and status callbacks
// (completed, busy, no-answer, failed) arrive signed at the case's status URL.

const SID = 'AC' + '0a1b2c3d'.repeat(4);
const TOKEN = '7e6d5c4b'.repeat(4);
const MG = 'MG' + '12345678'.repeat(4);
const CLINIC_NUMBER = '+81312340000';
const DOCTOR = '+819011112222';
const FIXED = new Date('2026-11-24T15:00:00Z');
const INCIDENT = 'journey:aoyama:S-7:incident-1';

let sim: Simulator;
let receiver: CallbackReceiver;
let credentials: TwilioCredentials;

beforeAll(async () => {
  receiver = await createCallbackReceiver(new Map([['aoyama', TOKEN]]));
  receiver.answers.set('voice', (params) =>
    params.Digits === '1'
      ? '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Acknowledged. Thank you.</Say></Response>'
      : '<?xml version="1.0" encoding="UTF-8"?><Response/>',
  );
  sim = await createSimulator({
    accounts: [{ accountSid: SID, authToken: TOKEN, messagingServices: { [MG]: CLINIC_NUMBER } }],
    numbers: [{ number: CLINIC_NUMBER, accountSid: SID, clinicId: 'aoyama', webhookBaseUrl: receiver.url }],
    now: () => FIXED,
  });
  credentials = parseTwilioCredentials(
    {
      clinics: {
        aoyama: { accountSid: SID, authToken: TOKEN, from: CLINIC_NUMBER },
        smsonly: { accountSid: SID, authToken: TOKEN, messagingServiceSid: MG },
      },
    },
    'test',
  );
});

afterAll(async () => {
  await sim.stop();
  await receiver.stop();
});

beforeEach(() => {
  sim.engine.reset();
  receiver.received.length = 0;
});

const telephony = (store = new MemorySentStore()) =>
  twilioAdapters({ credentials, apiBaseUrl: sim.url, publicBaseUrl: receiver.url, store, now: () => FIXED })
    .telephony;

const page = (over: Partial<OutboundCall> = {}): OutboundCall => ({
  caseId: 'journey:aoyama:S-7',
  to: DOCTOR,
  script: '青山クリニックのオンコール呼び出しです。了解の場合は1を押してください。',
  acknowledgeDigit: '1',
  incidentId: INCIDENT,
  idempotencyKey: `${INCIDENT}:page:1`,
  ...over,
});

const statusCallbacks = () => receiver.received.filter((r) => r.route === 'status');

describe('Twilio telephony adapter against the simulator', () => {
  test('a page call: the script read in Japanese by default, waiting for the key', async () => {
    const receipt = await telephony().placeCall(page());
    expect(receipt).toMatchObject({ duplicate: false });
    expect(receipt.callId).toMatch(/^CA[0-9a-f]{32}$/);
    await sim.idle();
    const [call] = sim.engine.calls;
    expect(call).toMatchObject({ to: DOCTOR, from: CLINIC_NUMBER, status: 'in-progress' });
    expect(call!.spoken).toEqual([{ text: page().script, language: 'ja-JP' }]);
    expect(call!.gathering).toMatchObject({ numDigits: 1, method: 'POST' });
    expect(call!.gathering!.action).toBe(
      `${receiver.url}/webhooks/twilio/aoyama/voice?incidentId=${encodeURIComponent(INCIDENT)}`,
    );
    expect(call!.statusCallbackEvents).toEqual(['completed']);
  });

  test.each([
    ['en', 'en-US', 'This is an on-call page. Press 1 to acknowledge.'],
    ['zh-Hant', 'zh-TW', '這是值班呼叫。確認請按1。'],
  ] as const)('language %s: read with %s', async (language, voice, script) => {
    await telephony().placeCall(page({ language, script }));
    await sim.idle();
    expect(sim.engine.calls[0]!.spoken).toEqual([{ text: script, language: voice }]);
  });

  test('key 1: Digits posted to the Gather action, signed and valid; the answer read; completed callback signed', async () => {
    const { callId } = await telephony().placeCall(page());
    await sim.idle();
    await sim.engine.pressDigits(callId, '1');
    await sim.idle();

    const voice = receiver.received.filter((r) => r.route === 'voice');
    expect(voice).toHaveLength(1);
    expect(voice[0]).toMatchObject({
      signatureValid: true,
      clinicId: 'aoyama',
      query: { incidentId: INCIDENT },
      params: { CallSid: callId, Digits: '1', To: DOCTOR, From: CLINIC_NUMBER, AccountSid: SID },
    });
    const call = sim.engine.calls[0]!;
    expect(call.spoken.at(-1)).toEqual({ text: 'Acknowledged. Thank you.' });
    expect(call.status).toBe('completed');
    const status = statusCallbacks();
    expect(status.map((r) => r.params.CallStatus)).toEqual(['completed']);
    expect(status[0]).toMatchObject({ signatureValid: true, query: { caseId: 'journey:aoyama:S-7' } });
  });

  test('no key before the timeout: the fallback is read in the same language, then completed', async () => {
    const { callId } = await telephony().placeCall(page({ language: 'en', script: 'Press 1.' }));
    await sim.idle();
    await sim.engine.gatherTimeout(callId);
    await sim.idle();
    expect(sim.engine.calls[0]!.spoken).toEqual([
      { text: 'Press 1.', language: 'en-US' },
      { text: NO_KEY_PRESSED.en, language: 'en-US' },
    ]);
    expect(receiver.received.filter((r) => r.route === 'voice')).toHaveLength(0);
    expect(statusCallbacks().map((r) => r.params.CallStatus)).toEqual(['completed']);
  });

  test.each(['busy', 'no-answer', 'failed'] as const)(
    'a number set to %s: one signed callback with that status, nothing read',
    async (failure) => {
      sim.engine.setSettings(DOCTOR, { call: failure });
      const receipt = await telephony().placeCall(page());
      expect(receipt.duplicate).toBe(false);
      await sim.idle();
      const status = statusCallbacks();
      expect(status.map((r) => r.params.CallStatus)).toEqual([failure]);
      expect(status[0]!.signatureValid).toBe(true);
      expect(status[0]!.params.CallSid).toBe(receipt.callId);
      expect(sim.engine.calls[0]!.spoken).toEqual([]);
      expect(sim.engine.calls[0]!.gathering).toBeUndefined();
    },
  );

  test('the same idempotency key places one call', async () => {
    const store = new MemorySentStore();
    const first = await telephony(store).placeCall(page());
    const again = await telephony(store).placeCall(page());
    expect(again).toEqual({ callId: first.callId, duplicate: true });
    expect(sim.engine.calls).toHaveLength(1);
  });

  test('a call without an acknowledgement digit reads the script and ends', async () => {
    await telephony().placeCall(
      page({ acknowledgeDigit: undefined, incidentId: undefined, language: 'en', script: 'Reminder.' }),
    );
    await sim.idle();
    expect(sim.engine.calls[0]).toMatchObject({
      status: 'completed',
      spoken: [{ text: 'Reminder.', language: 'en-US' }],
    });
  });

  test('invalid callee → invalid-recipient; a clinic with only a Messaging Service cannot call → rejected; 500 → retryable', async () => {
    const invalid = await telephony()
      .placeCall(page({ to: '119' }))
      .catch((e: unknown) => e);
    expect((invalid as PermanentDeliveryError).reason).toBe('invalid-recipient');
    const noFrom = await telephony()
      .placeCall(page({ caseId: 'journey:smsonly:S-1' }))
      .catch((e: unknown) => e);
    expect((noFrom as PermanentDeliveryError).reason).toBe('rejected');
    expect((noFrom as Error).message).toMatch(/configuration problem.*"smsonly"/);
    sim.engine.fault = { status: 500, remaining: 1 };
    const failed = await telephony()
      .placeCall(page())
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    expect(failed).not.toBeInstanceOf(PermanentDeliveryError);
    expect(sim.engine.calls).toHaveLength(0);
  });
});
