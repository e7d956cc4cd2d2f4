import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { patchIds as patchIdsOf } from './history-file';

// A new case asks patched() once, for its generation (workflows/case/changes.ts), not once per
// change: today's recordings hold that one marker, and its TemporalChangeVersion upsert, where the
// recordings made before (before-one-medication-workflow/) held one per change.

const dir = join(__dirname, 'histories');
const patchIds = (file: string) => patchIdsOf(JSON.parse(readFileSync(join(dir, file), 'utf8')));

test.each([
  ['journey-medication-return-visit.json', ['journey-2026-12']],
  ['journey-emergency-escalation-transfer.json', ['journey-2026-12']],
  ['journey-emergency-escalation-transfer.escalation-incident-1.json', ['escalation-2026-12']],
  ['journey-medication-return-visit.visit-visit-rv-1.json', ['visit-2026-12']],
])('%s records one patch marker, its generation', (file, ids) => {
  expect(patchIds(file)).toEqual(ids);
});

test('before the generations the same cases recorded one marker per change', () => {
  expect(
    patchIds('before-one-medication-workflow/journey-medication-return-visit.json').length,
  ).toBeGreaterThan(3);
  expect(
    patchIds(
      'before-one-medication-workflow/journey-emergency-escalation-transfer.escalation-incident-1.json',
    ),
  ).toEqual(expect.arrayContaining(['split-page-activities', 'roster-read-locally']));
});
