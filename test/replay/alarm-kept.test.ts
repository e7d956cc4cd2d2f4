import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { patchIds as patchIdsOf } from './history-file';
import { COMPLAINT_SCENARIO } from './complaint-scenario';
import { SCENARIOS } from './scenarios';

// The journey's and the complaint's loops keep their timer when they wake early (workflows/alarm.ts):
// today's recordings of the main paths hold no cancelled timer of theirs, while the recordings
// made before (before-alarm-kept/) held dozens. A cancelled loop timer costs two history events
// per wake and strands the run on the time-skipping test server when it fired meanwhile.

const dir = join(__dirname, 'histories');
type Event = { eventType: string };
const events = (file: string): Event[] =>
  (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { events: Event[] }).events;
const cancelledTimers = (file: string) =>
  events(file).filter((e) => e.eventType === 'EVENT_TYPE_TIMER_CANCELED').length;

const loops = [...SCENARIOS.map((s) => `${s.name}.json`), `${COMPLAINT_SCENARIO}.json`];

// A journey marks it with its generation marker, which stands for alarm-kept and the changes before.
const markerOf = (file: string) => (file.startsWith('journey-') ? 'journey-2026-12' : 'alarm-kept');
const patchIds = (file: string) => patchIdsOf(JSON.parse(readFileSync(join(dir, file), 'utf8')));

test.each(loops)('%s: the loop never cancels its timer, and the run is marked alarm-kept', (file) => {
  expect(cancelledTimers(file)).toBe(0);
  expect(patchIds(file)).toContain(markerOf(file));
});

test('before the change the same paths cancelled the loop timer on every early wake', () => {
  const before = loops.map((f) => cancelledTimers(`before-alarm-kept/${f}`));
  expect(Math.min(...before)).toBeGreaterThan(0);
});
