import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// The worker's logs (workflow and activity `log.*` calls) carry ids and categories only, never
// a phone number, a name or a patient's words: every call's fields are checked against a list.
// (The API's log is checked end to end in test/api/encryption.api.test.ts.)

const ROOT = join(__dirname, '..', '..');
const ALLOWED = new Set([
  'caseId',
  'journeyId',
  'incidentId',
  'staffId',
  'taskId',
  'kind',
  'template',
  'duplicate',
  'permanent',
  'signal',
  'error',
]);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const calls = ['workflows', 'activities', 'worker', 'adapters'].flatMap((dir) =>
  filesUnder(join(ROOT, dir)).flatMap((file) => {
    const source = readFileSync(file, 'utf8');
    return [...source.matchAll(/\blog\.(?:trace|debug|info|warn|error)\(/g)].map((m) => ({
      where: `${relative(ROOT, file)}:${source.slice(0, m.index).split('\n').length}`,
      // The call up to its closing "});" or ");" (log calls here are short).
      text: source.slice(m.index, source.indexOf(')', source.indexOf('}', m.index)) + 1),
    }));
  }),
);

test('there are log calls to check', () => {
  expect(calls.length).toBeGreaterThanOrEqual(5);
});

test.each(calls.map((c) => [c.where, c.text] as const))('%s logs only ids and categories', (_where, text) => {
  const call = /^log\.\w+\(\s*'[^'`$]*',\s*\{([^}]*)\}\s*,?\s*\)$/s.exec(text);
  expect(call).not.toBeNull(); // a constant message and an object of fields, nothing interpolated
  const fields = call![1]!
    .split(',')
    .map((f) => f.trim().split(':')[0]!.trim())
    .filter(Boolean);
  expect(fields.filter((f) => !ALLOWED.has(f))).toEqual([]);
});
