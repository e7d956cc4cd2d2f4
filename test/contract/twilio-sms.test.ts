import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermanentDeliveryError } from '../../adapters/delivery-error';
import { twilioAdapters } from '../../adapters/twilio';
import { TwilioClients, twilioClient } from '../../adapters/twilio/client';
import { parseTwilioCredentials } from '../../adapters/twilio/credentials';
import type { TwilioCredentials } from '../../adapters/twilio/credentials';
import { mapTwilioError } from '../../adapters/twilio/errors';
import { JsonFileSentStore, MemorySentStore } from '../../adapters/twilio/sent-store';
import type { SentStore } from '../../adapters/twilio/sent-store';
import { TwilioSms } from '../../adapters/twilio/twilio-sms';
import { rfc2822 } from '../../simulator/engine';
import { createCallbackReceiver } from '../../simulator/receiver';
import type { CallbackReceiver } from '../../simulator/receiver';
import { createSimulator } from '../../simulator/simulator';
import type { Simulator } from '../../simulator/simulator';
import { MACHINE_TIME_ZONES, withProcessTimeZone } from '../helpers/process-time-zone';

// The SMS adapter through the official SDK, over real HTTP, against the local simulator; its
// callbacks land on a receiver that checks their signature with the SDK. No mocks.

const SID = 'AC' + '1a2b3c4d'.repeat(4);
const TOKEN = '0f1e2d3c'.repeat(4);
const OTHER_SID = 'AC' + 'ffffeeee'.repeat(4);
const OTHER_TOKEN = '99887766'.repeat(4);
const MG = 'MG' + 'abcdef01'.repeat(4);
const CLINIC_NUMBER = '+81312345678';
const TAIPEI_NUMBER = '+886212345678';
const PATIENT = '+819012345678';
const FIXED = new Date('2026-11-24T04:05:06Z');

let sim: Simulator;
let receiver: CallbackReceiver;
let credentials: TwilioCredentials;

beforeAll(async () => {
  receiver = await createCallbackReceiver(
    new Map([
      ['aoyama', TOKEN],
      ['taipei', OTHER_TOKEN],
    ]),
  );
  sim = await createSimulator({
    accounts: [
      { accountSid: SID, authToken: TOKEN },
      { accountSid: OTHER_SID, authToken: OTHER_TOKEN, messagingServices: { [MG]: TAIPEI_NUMBER } },
    ],
    numbers: [
      { number: CLINIC_NUMBER, accountSid: SID, clinicId: 'aoyama', webhookBaseUrl: receiver.url },
      { number: TAIPEI_NUMBER, accountSid: OTHER_SID, clinicId: 'taipei', webhookBaseUrl: receiver.url },
    ],
    now: () => FIXED,
  });
  credentials = parseTwilioCredentials(
    {
      clinics: {
        aoyama: { accountSid: SID, authToken: TOKEN, from: CLINIC_NUMBER },
        taipei: { accountSid: OTHER_SID, authToken: OTHER_TOKEN, messagingServiceSid: MG },
        wrong: { accountSid: SID, authToken: 'a'.repeat(32), from: CLINIC_NUMBER },
        badfrom: { accountSid: SID, authToken: TOKEN, from: '+81399999999' },
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

const adapters = (store: SentStore = new MemorySentStore(), apiBaseUrl = sim.url) =>
  twilioAdapters({ credentials, apiBaseUrl, publicBaseUrl: receiver.url, store, now: () => FIXED });

const sms = (over: Partial<{ caseId: string; to: string; body: string; idempotencyKey: string }> = {}) => ({
  caseId: 'journey:aoyama:S-1',
  to: PATIENT,
  body: '術後1日目のご様子はいかがですか？ 痛みを0-10でお知らせください。',
  idempotencyKey: 'journey:aoyama:S-1:check-in:first-night',
  ...over,
});

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('Twilio SMS adapter against the simulator', () => {
  test('sent, then queued → sent → delivered callbacks, each signed and valid, to the status URL of the case', async () => {
    const receipt = await adapters().sms.send(sms());
    expect(receipt.duplicate).toBe(false);
    expect(receipt.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    await sim.idle();

    const [message] = sim.engine.messages;
    expect(message).toMatchObject({
      to: PATIENT,
      from: CLINIC_NUMBER,
      body: sms().body,
      status: 'delivered',
    });
    const statuses = receiver.received.filter((r) => r.route === 'status');
    expect(statuses.map((r) => r.params.MessageStatus)).toEqual(['queued', 'sent', 'delivered']);
    for (const r of statuses) {
      expect(r.signatureValid).toBe(true);
      expect(r.clinicId).toBe('aoyama');
      // The case and the step's key (opaque ids): an undelivered receipt finds the step that sent it.
      expect(r.query).toEqual({ caseId: 'journey:aoyama:S-1', key: sms().idempotencyKey });
      expect(r.params).toMatchObject({ MessageSid: receipt.providerMessageId, AccountSid: SID, To: PATIENT });
      // Status callbacks carry no message text.
      expect(r.params.Body).toBeUndefined();
    }
  });

  test('the resource fetched back through the SDK: Twilio-shaped, dates in RFC 2822 UTC whatever the machine zone', async () => {
    const { providerMessageId } = await adapters().sms.send(sms());
    await sim.idle();
    const fetched = await twilioClient(credentials.get('aoyama'), { baseUrl: sim.url })
      .messages(providerMessageId)
      .fetch();
    expect(fetched.sid).toBe(providerMessageId);
    expect(fetched.status).toBe('delivered');
    expect(fetched.dateCreated.toISOString()).toBe(FIXED.toISOString());
    expect(fetched.numSegments).toBe('1');
    const raw = await fetch(`${sim.url}/2010-04-01/Accounts/${SID}/Messages/${providerMessageId}.json`, {
      headers: { authorization: `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}` },
    });
    expect(((await raw.json()) as { date_created: string }).date_created).toBe(
      'Tue, 24 Nov 2026 04:05:06 +0000',
    );
    for (const zone of MACHINE_TIME_ZONES) {
      expect(withProcessTimeZone(zone, () => rfc2822(FIXED))).toBe('Tue, 24 Nov 2026 04:05:06 +0000');
    }
  });

  test('a Messaging Service clinic sends through its service', async () => {
    await adapters().sms.send(sms({ caseId: 'journey:taipei:S-9', idempotencyKey: 'tp-1' }));
    await sim.idle();
    expect(sim.engine.messages[0]).toMatchObject({
      messagingServiceSid: MG,
      from: TAIPEI_NUMBER,
      accountSid: OTHER_SID,
    });
    expect(receiver.received.every((r) => r.clinicId === 'taipei' && r.signatureValid)).toBe(true);
  });

  test('the same idempotency key sends once, also after a restart (JSON file store)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'twilio-sent-')), 'sent.jsonl');
    const first = await adapters(new JsonFileSentStore(file)).sms.send(sms());
    const again = await adapters(new JsonFileSentStore(file)).sms.send(sms());
    expect(again).toEqual({ providerMessageId: first.providerMessageId, duplicate: true });
    // Two concurrent sends with one key in one process: one request to Twilio.
    const { sms: sender } = adapters();
    const [a, b] = await Promise.all([
      sender.send(sms({ idempotencyKey: 'k2' })),
      sender.send(sms({ idempotencyKey: 'k2' })),
    ]);
    expect(a.providerMessageId).toBe(b.providerMessageId);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(sim.engine.messages).toHaveLength(2);
  });

  test('a number that is not E.164 → invalid-recipient, before anything is sent', async () => {
    const err = await rejection(adapters().sms.send(sms({ to: '090-1234-5678' })));
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect((err as PermanentDeliveryError).reason).toBe('invalid-recipient');
    expect(sim.engine.messages).toHaveLength(0);
  });

  test("Twilio's own 21211 through the SDK maps to invalid-recipient", async () => {
    const client = twilioClient(credentials.get('aoyama'), { baseUrl: sim.url });
    const raw = await rejection(client.messages.create({ to: '+81', from: CLINIC_NUMBER, body: 'x' }));
    expect(raw).toMatchObject({ status: 400, code: 21211 });
    const mapped = mapTwilioError(raw, 'sms', 'aoyama');
    expect((mapped as PermanentDeliveryError).reason).toBe('invalid-recipient');
  });

  test.each([
    ['landline', 21614],
    ['unroutable', 21612],
  ] as const)('a %s number → %i → invalid-recipient', async (line, code) => {
    sim.engine.setSettings(PATIENT, { line });
    const err = await rejection(adapters().sms.send(sms()));
    expect((err as PermanentDeliveryError).reason).toBe('invalid-recipient');
    expect(err.message).toContain(String(code));
    expect(err.message).not.toContain(PATIENT);
  });

  test('a patient who replied STOP → 21610 → opted-out; START lets messages through again', async () => {
    await adapters().sms.send(sms({ idempotencyKey: 'before' }));
    await sim.idle();
    const stop = await sim.engine.reply(PATIENT, 'STOP');
    expect(stop.callback).toMatchObject({ status: 200 });
    const err = await rejection(adapters().sms.send(sms({ idempotencyKey: 'after' })));
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect((err as PermanentDeliveryError).reason).toBe('opted-out');
    await sim.engine.reply(PATIENT, 'START');
    await expect(adapters().sms.send(sms({ idempotencyKey: 'after' }))).resolves.toMatchObject({
      duplicate: false,
    });
  });

  test('simulator down → retryable (a plain Error naming the network failure)', async () => {
    const down = await createSimulator({ accounts: [], numbers: [] });
    const deadUrl = down.url;
    await down.stop();
    const err = await rejection(adapters(new MemorySentStore(), deadUrl).sms.send(sms()));
    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
    expect(err.message).toMatch(/unreachable \(ECONNREFUSED\)/);
  });

  test.each([500, 503, 429])(
    'HTTP %i → retryable, and the retry with the same key sends once',
    async (status) => {
      sim.engine.fault = { status, remaining: 1 };
      const store = new MemorySentStore();
      const err = await rejection(adapters(store).sms.send(sms()));
      expect(err).not.toBeInstanceOf(PermanentDeliveryError);
      expect(err.message).toContain(`HTTP ${status}`);
      expect(sim.engine.messages).toHaveLength(0);
      await expect(adapters(store).sms.send(sms())).resolves.toMatchObject({ duplicate: false });
      await expect(adapters(store).sms.send(sms())).resolves.toMatchObject({ duplicate: true });
      expect(sim.engine.messages).toHaveLength(1);
    },
  );

  test('wrong credentials → permanent, named a configuration problem of the clinic', async () => {
    const err = await rejection(adapters().sms.send(sms({ caseId: 'journey:wrong:S-1' })));
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect((err as PermanentDeliveryError).reason).toBe('rejected');
    expect(err.message).toMatch(/configuration problem in clinic "wrong".*20003/);
    expect(err.message).not.toContain('a'.repeat(32));
  });

  test("a From that is not the account's number → 21606 → permanent configuration problem", async () => {
    const err = await rejection(adapters().sms.send(sms({ caseId: 'journey:badfrom:S-1' })));
    expect((err as PermanentDeliveryError).reason).toBe('rejected');
    expect(err.message).toMatch(/configuration problem in clinic "badfrom".*21606/);
  });

  test('a clinic without an account, or a case id without a clinic → permanent, nothing sent', async () => {
    for (const caseId of ['journey:nowhere:S-1', 'not-a-case']) {
      const err = await rejection(adapters().sms.send(sms({ caseId })));
      expect((err as PermanentDeliveryError).reason).toBe('rejected');
    }
    expect(sim.engine.messages).toHaveLength(0);
  });

  test.each([
    ['undelivered', 30003, ['queued', 'sent', 'undelivered']],
    ['undelivered', 30005, ['queued', 'sent', 'undelivered']],
    ['failed', 30006, ['queued', 'failed']],
  ] as const)(
    'a number set to fail: %s with ErrorCode %i in the signed callback',
    async (status, errorCode, expected) => {
      sim.engine.setSettings(PATIENT, { sms: { status, errorCode } });
      const receipt = await adapters().sms.send(sms());
      expect(receipt.duplicate).toBe(false); // accepted: the failure comes later, as with Twilio
      await sim.idle();
      const callbacks = receiver.received.filter((r) => r.route === 'status');
      expect(callbacks.map((r) => r.params.MessageStatus)).toEqual(expected);
      expect(callbacks.at(-1)!.params.ErrorCode).toBe(String(errorCode));
      expect(callbacks.every((r) => r.signatureValid)).toBe(true);
    },
  );

  test('a TwilioClients cache makes one SDK client per clinic', () => {
    const clients = new TwilioClients((id) => credentials.get(id), { baseUrl: sim.url });
    expect(clients.get('aoyama').client).toBe(clients.get('aoyama').client);
    expect(clients.get('aoyama').client).not.toBe(clients.get('taipei').client);
    expect(
      new TwilioSms({ clients, publicBaseUrl: receiver.url, store: new MemorySentStore() }),
    ).toBeDefined();
  });
});
