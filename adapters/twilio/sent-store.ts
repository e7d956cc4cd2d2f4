import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

// Twilio's Messages and Calls APIs take no idempotency key, so the adapters remember, per
// business idempotency key, the SID Twilio gave: a retried activity with the same key finds it
// and sends nothing. Only the key, the kind and the SID are kept (no number, no text).
//
// What this cannot close (documented, not hidden): the window between Twilio accepting a request
// and the SID being written here. A crash of the worker in that window, or an answer lost on the
// way back (timeout, reset connection after Twilio acted), leaves no record, and the retry sends
// a second time. We choose at-least-once over at-most-once on purpose: these are care and
// on-call messages, where one too many is a nuisance and one too few may hurt a patient.

export type SentKind = 'sms' | 'call';

export interface SentRecord {
  kind: SentKind;
  idempotencyKey: string;
  sid: string;
  at: string;
}

export interface SentStore {
  get(kind: SentKind, idempotencyKey: string): Promise<SentRecord | undefined>;
  put(record: SentRecord): Promise<void>;
}

/** In memory: tests, and a single process that may forget on restart. */
export class MemorySentStore implements SentStore {
  private readonly records = new Map<string, SentRecord>();

  async get(kind: SentKind, idempotencyKey: string): Promise<SentRecord | undefined> {
    return this.records.get(`${kind}\n${idempotencyKey}`);
  }

  async put(record: SentRecord): Promise<void> {
    this.records.set(`${record.kind}\n${record.idempotencyKey}`, record);
  }
}

/**
 * A JSON-lines file, like the dev outbox: synchronous reads and appends, so within one worker
 * process a check and its write never interleave with another activity's. Several worker
 * processes need a shared store (a database table with a unique key) behind the same interface.
 */
export class JsonFileSentStore implements SentStore {
  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  }

  async get(kind: SentKind, idempotencyKey: string): Promise<SentRecord | undefined> {
    return this.readAll().find((r) => r.kind === kind && r.idempotencyKey === idempotencyKey);
  }

  async put(record: SentRecord): Promise<void> {
    appendFileSync(this.file, JSON.stringify(record) + '\n', { mode: 0o600 });
  }

  private readAll(): SentRecord[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as SentRecord);
  }
}
