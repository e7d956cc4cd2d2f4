import { randomUUID } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';

// The dev adapters' destination: every outbound SMS, call, EHR note and referral is appended to
// a JSON-lines file that the API lists, so a developer sees exactly what a patient, a doctor or a
// hospital would have received. Entries are keyed by idempotency key: recording the same key
// twice returns the first entry, the way a real provider's idempotency key behaves.
//
// Reads and appends are synchronous on purpose: within one worker process, check-then-append
// can then never interleave between two concurrent activities. The idempotency check reads only
// what was appended since it last looked (by this or another process), not the whole file: a
// busy day's outbox has tens of thousands of entries, and re-reading them for every message made
// each send slower than the last (issue 13).

export const OUTBOX_KINDS = [
  'sms',
  'call',
  'ehr-note',
  'referral',
  'task',
  'booking',
  'billing',
  'supplier-notice',
  'training-case',
] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export interface OutboxEntry {
  id: string;
  kind: OutboxKind;
  caseId: string;
  idempotencyKey: string;
  at: string;
  to?: string;
  body?: string;
  data?: Record<string, unknown>;
}

export type NewOutboxEntry = Omit<OutboxEntry, 'id' | 'at'>;

export class Outbox {
  /** Entries by kind and idempotency key, as far as `readBytes` into the file (`inode`). */
  private readonly byKey = new Map<string, OutboxEntry>();
  private readBytes = 0;
  private inode = -1;

  constructor(
    readonly file: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  }

  record(entry: NewOutboxEntry): { entry: OutboxEntry; duplicate: boolean } {
    // An erased case may still have an activity in flight (a staff task, an SMS) that finishes
    // after its workflow was deleted: what it would write is dropped, never kept about the person.
    if (this.isErased(entry.caseId)) {
      return { entry: { id: randomUUID(), at: this.now().toISOString(), ...entry }, duplicate: true };
    }
    const existing = this.recorded(entry.kind, entry.idempotencyKey);
    if (existing) return { entry: existing, duplicate: true };
    const stored: OutboxEntry = { id: randomUUID(), at: this.now().toISOString(), ...entry };
    // Patient messages: readable by the system's account only.
    appendFileSync(this.file, JSON.stringify(stored) + '\n', { mode: 0o600 });
    return { entry: stored, duplicate: false };
  }

  /**
   * Erasure: forgets the entries of these cases (and their children, whose ids start with the
   * case id) or that match, and drops anything those cases write later. Only the opaque case ids
   * are kept, in a file beside the outbox. Returns how many entries were removed.
   */
  erase(caseIds: string[], match: (entry: OutboxEntry) => boolean = () => false): number {
    if (caseIds.length > 0) {
      appendFileSync(this.erasedFile, caseIds.map((id) => id + '\n').join(''), { mode: 0o600 });
    }
    return this.forget((e) => this.isErased(e.caseId) || match(e));
  }

  /** Removes the entries that match; returns how many. The file is rewritten 0600. */
  forget(match: (entry: OutboxEntry) => boolean): number {
    const all = this.readAll();
    const kept = all.filter((e) => !match(e));
    if (kept.length === all.length) return 0;
    const next = `${this.file}.${process.pid}.tmp`;
    writeFileSync(next, kept.map((e) => JSON.stringify(e) + '\n').join(''), { mode: 0o600 });
    renameSync(next, this.file);
    return all.length - kept.length;
  }

  list(filter: { caseId?: string; kind?: OutboxKind } = {}): OutboxEntry[] {
    return this.readAll().filter(
      (e) => (!filter.caseId || e.caseId === filter.caseId) && (!filter.kind || e.kind === filter.kind),
    );
  }

  private get erasedFile(): string {
    return `${this.file}.erased`;
  }

  private isErased(caseId: string): boolean {
    if (!existsSync(this.erasedFile)) return false;
    return readFileSync(this.erasedFile, 'utf8')
      .split('\n')
      .some((id) => id !== '' && (caseId === id || caseId.startsWith(id + ':')));
  }

  /** The entry already recorded under this kind and key, reading what the file gained since last time. */
  private recorded(kind: OutboxKind, idempotencyKey: string): OutboxEntry | undefined {
    this.catchUp();
    return this.byKey.get(`${kind} ${idempotencyKey}`);
  }

  private catchUp(): void {
    if (!existsSync(this.file)) return this.startOver(-1);
    const fd = openSync(this.file, 'r');
    try {
      const { ino, size } = fstatSync(fd);
      // Rewritten (forget, erase) or replaced: read it again from the start.
      if (ino !== this.inode || size < this.readBytes) this.startOver(ino);
      if (size === this.readBytes) return;
      const added = Buffer.alloc(size - this.readBytes);
      readSync(fd, added, 0, added.length, this.readBytes);
      // Only whole lines: one being appended right now is read next time.
      const whole = added.lastIndexOf(0x0a) + 1;
      for (const line of added.subarray(0, whole).toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        const e = JSON.parse(line) as OutboxEntry;
        const key = `${e.kind} ${e.idempotencyKey}`;
        if (!this.byKey.has(key)) this.byKey.set(key, e); // the first entry under a key is the one
      }
      this.readBytes += whole;
    } finally {
      closeSync(fd);
    }
  }

  private startOver(inode: number): void {
    this.byKey.clear();
    this.readBytes = 0;
    this.inode = inode;
  }

  private readAll(): OutboxEntry[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as OutboxEntry);
  }
}
