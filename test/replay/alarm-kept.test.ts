import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPLAINT_SCENARIO } from './complaint-scenario';
import { SCENARIOS } from './scenarios';

// The journey's and the complaint's loops keep their timer when they wake early (workflows/alarm.ts):
// today's recordings of the main paths hold no cancelled timer of theirs, while the recordings
// made before (before-alarm-kept/) held dozens. A cancelled loop timer costs two history events
// per wake and strands the run on the time-skipping test server when it fired meanwhile.

const dir = join(__dirname, 'histories');
type Event = { eventType: string; markerRecordedEventAttributes?: { details?: Record<string, unknown> } };
const events = (file: string): Event[] =>
  (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { events: Event[] }).events;
const cancelledTimers = (file: string) =>
  events(file).filter((e) => e.eventType === 'EVENT_TYPE_TIMER_CANCELED').length;

const loops = [...SCENARIOS.map((s) => `${s.name}.json`), `${COMPLAINT_SCENARIO}.json`];

test.each(loops)('%s: the loop never cancels its timer, and the run is marked alarm-kept', (file) => {
  expect(cancelledTimers(file)).toBe(0);
  expect(JSON.stringify(events(file))).toContain(Buffer.from('"alarm-kept"').toString('base64'));
});

test('before the change the same paths cancelled the loop timer on every early wake', () => {
  const before = loops.map((f) => cancelledTimers(`before-alarm-kept/${f}`));
  expect(Math.min(...before)).toBeGreaterThan(0);
});
