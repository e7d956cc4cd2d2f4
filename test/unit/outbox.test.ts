import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PermanentDeliveryError } from '../../adapters/delivery-error';
import { ConfigRoster } from '../../adapters/dev/config-roster';
import { Outbox } from '../../adapters/dev/outbox';
import { OutboxEhr } from '../../adapters/dev/outbox-ehr';
import { OutboxHospitalTransfer } from '../../adapters/dev/outbox-hospital-transfer';
import { OutboxSms } from '../../adapters/dev/outbox-sms';
import { OutboxTelephony } from '../../adapters/dev/outbox-telephony';
import type { EhrCommunication } from '../../adapters/ehr';
import type { Referral } from '../../adapters/hospital-transfer';
import { configuredClinics as clinics, tempOutboxFile } from '../helpers/fixtures';

const AT = new Date('2026-03-02T01:00:00.000Z');

function lines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('Outbox', () => {
  it('creates the folder, records an entry and lists it back', () => {
    const file = join(dirname(tempOutboxFile()), 'nested', 'deeper', 'outbox.jsonl');
    const outbox = new Outbox(file, () => AT);
    expect(existsSync(dirname(file))).toBe(true);
    expect(outbox.list()).toEqual([]);

    const { entry, duplicate } = outbox.record({
      kind: 'sms',
      caseId: 'journey:c:S1',
      idempotencyKey: 'journey:c:S1/after-care',
      to: '+819012345678',
      body: 'hello',
    });
    expect(duplicate).toBe(false);
    expect(entry).toEqual({
      id: expect.any(String),
      at: '2026-03-02T01:00:00.000Z',
      kind: 'sms',
      caseId: 'journey:c:S1',
      idempotencyKey: 'journey:c:S1/after-care',
      to: '+819012345678',
      body: 'hello',
    });
    expect(outbox.list()).toEqual([entry]);
    expect(lines(file).map((line) => JSON.parse(line))).toEqual([entry]);
  });

  it('returns the first entry with duplicate true for the same kind and key, writing one line', () => {
    const file = tempOutboxFile();
    let clock = AT;
    const outbox = new Outbox(file, () => clock);
    const first = outbox.record({ kind: 'sms', caseId: 'case-1', idempotencyKey: 'k1', body: 'first' });
    clock = new Date(AT.getTime() + 60_000);
    const second = outbox.record({ kind: 'sms', caseId: 'case-1', idempotencyKey: 'k1', body: 'second' });
    expect(second.duplicate).toBe(true);
    expect(second.entry).toEqual(first.entry);
    expect(second.entry.body).toBe('first');
    expect(lines(file)).toHaveLength(1);
  });

  it('deduplicates across Outbox instances on the same file (a restarted worker)', () => {
    const file = tempOutboxFile();
    const first = new Outbox(file).record({ kind: 'call', caseId: 'c', idempotencyKey: 'k' });
    const again = new Outbox(file).record({ kind: 'call', caseId: 'c', idempotencyKey: 'k' });
    expect(again).toEqual({ entry: first.entry, duplicate: true });
    expect(lines(file)).toHaveLength(1);
  });

  it('sees what another process appended after it last looked, and reads a half-written line once it is whole', () => {
    const file = tempOutboxFile();
    const worker = new Outbox(file);
    const api = new Outbox(file);
    worker.record({ kind: 'sms', caseId: 'c', idempotencyKey: 'k1' });
    const fromApi = api.record({ kind: 'sms', caseId: 'c', idempotencyKey: 'k2' });
    expect(worker.record({ kind: 'sms', caseId: 'c', idempotencyKey: 'k2' })).toEqual({
      entry: fromApi.entry,
      duplicate: true,
    });
    // A line still being appended (no newline yet) is not read as an entry, nor skipped later.
    const half = JSON.stringify({
      id: 'x',
      at: AT.toISOString(),
      kind: 'sms',
      caseId: 'c',
      idempotencyKey: 'k3',
    });
    appendFileSync(file, half.slice(0, 20));
    expect(worker.record({ kind: 'sms', caseId: 'c', idempotencyKey: 'k4' }).duplicate).toBe(false);
    writeFileSync(file, readFileSync(file, 'utf8').replace(half.slice(0, 20), '') + half + '\n');
    expect(worker.record({ kind: 'sms', caseId: 'c', idempotencyKey: 'k3' }).entry.id).toBe('x');
    expect(worker.record({ kind: 'sms', caseId: 'c', idempotencyKey: 'k4' }).duplicate).toBe(true);
  });

  it('records a key again once its entry was forgotten, here or by another process', () => {
    const file = tempOutboxFile();
    const outbox = new Outbox(file);
    outbox.record({ kind: 'sms', caseId: 'case-1', idempotencyKey: 'k1' });
    outbox.record({ kind: 'sms', caseId: 'case-2', idempotencyKey: 'k2' });
    expect(outbox.forget((e) => e.caseId === 'case-1')).toBe(1);
    expect(outbox.record({ kind: 'sms', caseId: 'case-1', idempotencyKey: 'k1' }).duplicate).toBe(false);
    expect(new Outbox(file).forget((e) => e.caseId === 'case-2')).toBe(1);
    expect(outbox.record({ kind: 'sms', caseId: 'case-2', idempotencyKey: 'k2' }).duplicate).toBe(false);
    expect(outbox.record({ kind: 'sms', caseId: 'case-1', idempotencyKey: 'k1' }).duplicate).toBe(true);
    expect(lines(file)).toHaveLength(2);
  });

  it('treats the same key under another kind as a different entry', () => {
    const file = tempOutboxFile();
    const outbox = new Outbox(file);
    const sms = outbox.record({ kind: 'sms', caseId: 'c', idempotencyKey: 'same' });
    const note = outbox.record({ kind: 'ehr-note', caseId: 'c', idempotencyKey: 'same' });
    expect(note.duplicate).toBe(false);
    expect(note.entry.id).not.toBe(sms.entry.id);
    expect(lines(file)).toHaveLength(2);
  });

  it('filters by caseId and kind, alone and together', () => {
    const outbox = new Outbox(tempOutboxFile());
    outbox.record({ kind: 'sms', caseId: 'a', idempotencyKey: 'a1' });
    outbox.record({ kind: 'call', caseId: 'a', idempotencyKey: 'a2' });
    outbox.record({ kind: 'sms', caseId: 'b', idempotencyKey: 'b1' });
    outbox.record({ kind: 'referral', caseId: 'b', idempotencyKey: 'b2' });
    const keys = (entries: { idempotencyKey: string }[]) => entries.map((e) => e.idempotencyKey);
    expect(keys(outbox.list())).toEqual(['a1', 'a2', 'b1', 'b2']);
    expect(keys(outbox.list({ caseId: 'a' }))).toEqual(['a1', 'a2']);
    expect(keys(outbox.list({ kind: 'sms' }))).toEqual(['a1', 'b1']);
    expect(keys(outbox.list({ caseId: 'b', kind: 'sms' }))).toEqual(['b1']);
    expect(keys(outbox.list({ caseId: 'c' }))).toEqual([]);
  });

  it('erases a case with its children and drops what an activity still in flight writes later', () => {
    const file = tempOutboxFile();
    const outbox = new Outbox(file);
    outbox.record({ kind: 'sms', caseId: 'journey:c:S1', idempotencyKey: 'j1', to: '+819011110000' });
    outbox.record({
      kind: 'call',
      caseId: 'journey:c:S1:incident-1',
      idempotencyKey: 'p1',
      to: '+819000000001',
    });
    outbox.record({ kind: 'sms', caseId: 'contact:c:CA1', idempotencyKey: 'c1', to: '+819011110000' });
    outbox.record({ kind: 'sms', caseId: 'journey:c:S10', idempotencyKey: 'k1', to: '+819022220000' });
    const erased = outbox.erase(['journey:c:S1'], (e) => e.to === '+819011110000');
    expect(erased).toBe(3);
    // The worker's own Outbox (another instance on the same file) drops a late write of the case.
    const late = new Outbox(file).record({
      kind: 'task',
      caseId: 'journey:c:S1',
      idempotencyKey: 't1',
      to: 'nurse',
    });
    expect(late.duplicate).toBe(true);
    new Outbox(file).record({ kind: 'task', caseId: 'journey:c:S1:incident-1', idempotencyKey: 't2' });
    // Another person's journey (S10 is not a child of S1) keeps its messages and may still write.
    new Outbox(file).record({ kind: 'task', caseId: 'journey:c:S10', idempotencyKey: 'k2', to: 'nurse' });
    expect(outbox.list().map((e) => e.idempotencyKey)).toEqual(['k1', 'k2']);
    expect(readFileSync(`${file}.erased`, 'utf8')).toBe('journey:c:S1\n');
  });
});

describe('dev adapters writing to the outbox', () => {
  it('OutboxSms records an SMS and reports a resend as a duplicate', async () => {
    const outbox = new Outbox(tempOutboxFile());
    const sms = new OutboxSms(outbox);
    const message = { caseId: 'c', to: '+819012345678', body: 'hi', idempotencyKey: 'c/after-care' };
    const first = await sms.send(message);
    const again = await sms.send(message);
    expect(first.duplicate).toBe(false);
    expect(first.providerMessageId).toMatch(/^outbox-/);
    expect(again).toEqual({ providerMessageId: first.providerMessageId, duplicate: true });
    expect(outbox.list({ kind: 'sms' })).toHaveLength(1);
  });

  it.each(['09012345678', '+0812345678', '+81 90 1234 5678', '', '+81901234567890123'])(
    'OutboxSms rejects %j with PermanentDeliveryError invalid-recipient and records nothing',
    async (to) => {
      const file = tempOutboxFile();
      const outbox = new Outbox(file);
      const error = await rejection(
        new OutboxSms(outbox).send({ caseId: 'c', to, body: 'hi', idempotencyKey: 'k' }),
      );
      expect(error).toBeInstanceOf(PermanentDeliveryError);
      expect((error as PermanentDeliveryError).reason).toBe('invalid-recipient');
      expect(outbox.list()).toEqual([]);
      expect(existsSync(file)).toBe(false);
    },
  );

  it('OutboxTelephony rejects a non-E.164 callee and records a valid call with its digit', async () => {
    const outbox = new Outbox(tempOutboxFile());
    const telephony = new OutboxTelephony(outbox);
    const error = await rejection(
      telephony.placeCall({ caseId: 'c', to: '03-1234-5678', script: 's', idempotencyKey: 'k1' }),
    );
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect((error as PermanentDeliveryError).reason).toBe('invalid-recipient');
    expect(outbox.list()).toEqual([]);

    const receipt = await telephony.placeCall({
      caseId: 'c',
      to: '+819022220001',
      script: 'Press 1 to acknowledge',
      idempotencyKey: 'k2',
      acknowledgeDigit: '1',
    });
    expect(receipt.duplicate).toBe(false);
    expect(outbox.list({ kind: 'call' })).toEqual([
      expect.objectContaining({
        to: '+819022220001',
        body: 'Press 1 to acknowledge',
        data: { acknowledgeDigit: '1' },
      }),
    ]);
  });

  it('OutboxEhr and OutboxHospitalTransfer record their kinds idempotently', async () => {
    const outbox = new Outbox(tempOutboxFile());
    const ehr = new OutboxEhr(outbox, clinics);
    const note: EhrCommunication = {
      caseId: 'c',
      patientRef: 'P-1',
      channel: 'sms',
      summary: 'sent after-care',
      idempotencyKey: 'n1',
    };
    const firstNote = await ehr.recordCommunication(note);
    const againNote = await ehr.recordCommunication(note);
    expect(againNote).toEqual({ noteId: firstNote.noteId, duplicate: true });

    const transfer = new OutboxHospitalTransfer(outbox);
    const packet = await ehr.referralPacket('P-1', 'S-1');
    const referral: Referral = {
      caseId: 'c',
      hospitalId: 'minato-general',
      reason: 'haemorrhage',
      packet,
      idempotencyKey: 'r1',
    };
    const sent = await transfer.sendReferral(referral);
    expect(sent.duplicate).toBe(false);
    expect(outbox.list({ kind: 'ehr-note' })).toHaveLength(1);
    expect(outbox.list({ kind: 'referral' })).toEqual([
      expect.objectContaining({ caseId: 'c', to: 'minato-general', body: 'haemorrhage', data: { packet } }),
    ]);
  });
});

describe('ConfigRoster', () => {
  const roster = new ConfigRoster(clinics);

  it('returns who is on call, with only staffId, role and phone', async () => {
    await expect(
      roster.onCall('aoyama-aesthetic', 'nurse', new Date('2026-03-04T11:00:00+09:00')),
    ).resolves.toEqual([{ staffId: 'nurse-day', role: 'nurse', phone: '+819011110001' }]);
  });

  it('throws for an unknown clinic', async () => {
    await expect(roster.onCall('no-such-clinic', 'nurse', new Date())).rejects.toThrow(
      'unknown clinic "no-such-clinic"',
    );
  });
});
