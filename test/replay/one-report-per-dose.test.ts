import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { historyFromObject } from './history-file';

const { EventType } = temporal.api.enums.v1;

// A journey's medication workflow tells the journey of a dose once, with its outcome (taken,
// missed, unconfirmed), and once more when it ends; a reminder sent is not a report of its own
// (MedicationRemindersInput.oneReportPerDose; issue 13). Recorded before, each reminder was one
// more signal to the journey, and one more workflow task for it to run.

const dir = join(__dirname, 'histories');

function count(file: string) {
  const events = historyFromObject(JSON.parse(readFileSync(join(dir, file), 'utf8'))).events;
  const of = (type: temporal.api.enums.v1.EventType) => events.filter((e) => e.eventType === type).length;
  return {
    reminders: of(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
    reports: of(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED),
  };
}

test('today the medication workflow reports each dose once, and its end', () => {
  const { reminders, reports } = count('journey-medication-return-visit.medication-medication.json');
  expect(reminders).toBeGreaterThan(1);
  expect(reports).toBe(reminders + 1);
});

test('before, each reminder sent was reported too', () => {
  const { reminders, reports } = count(
    'before-one-report-per-dose/journey-medication-return-visit.medication-medication.json',
  );
  expect(reminders).toBeGreaterThan(0);
  expect(reports).toBe(2 * reminders + 1);
});
