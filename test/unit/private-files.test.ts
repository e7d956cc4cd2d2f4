import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Outbox } from '../../adapters/dev/outbox';
import { keepPrivate } from '../../config/private-files';

// What the system writes with patient data in it is readable by its own account only.

const modeOf = (path: string) => statSync(path).mode & 0o777;

test('the outbox file is created 0600 (whatever the umask lets through)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-mode-'));
  const outbox = new Outbox(join(dir, 'data', 'outbox.jsonl'));
  outbox.record({
    kind: 'sms',
    to: '+819012345678',
    body: 'marker',
    idempotencyKey: 'k-1',
    caseId: 'journey:c:s',
  });
  expect(modeOf(join(dir, 'data', 'outbox.jsonl'))).toBe(0o600);
  expect(modeOf(join(dir, 'data'))).toBe(0o700);
});

test('files written before the rule are made private, in subfolders too', () => {
  const dir = mkdtempSync(join(tmpdir(), 'data-mode-'));
  writeFileSync(join(dir, 'temporal.db'), 'x', { mode: 0o644 });
  mkdirSync(join(dir, 'logs'), { mode: 0o755 });
  writeFileSync(join(dir, 'logs', 'api.log'), 'x', { mode: 0o664 });
  keepPrivate(dir);
  expect(modeOf(dir)).toBe(0o700);
  expect(modeOf(join(dir, 'temporal.db'))).toBe(0o600);
  expect(modeOf(join(dir, 'logs'))).toBe(0o700);
  expect(modeOf(join(dir, 'logs', 'api.log'))).toBe(0o600);
});
