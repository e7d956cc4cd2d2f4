import type { Client, ScheduleOptions } from '@temporalio/client';
import { ScheduleAlreadyRunning } from '@temporalio/client';
import type { Clinic, ClinicCatalogue } from '../domain/clinic';
import type { QualityReportInput } from '../workflows/quality-report';

// One Temporal Schedule per clinic starts its monthly PDCA report at 06:00 on the first day of
// the month in the clinic's zone (past midnight, so the month before is over; 06:00 is never
// skipped or repeated by a daylight-saving change). Created at the worker's start-up; at every
// later start the existing schedule is brought up to date (a clinic's zone or the task queue
// may have changed), so starting again and again changes nothing.

export const qualityScheduleId = (clinicId: string) => `quality-report:${clinicId}`;

function scheduleOf(clinic: Clinic, taskQueue: string): ScheduleOptions {
  const input: QualityReportInput = { clinicId: clinic.id };
  return {
    scheduleId: qualityScheduleId(clinic.id),
    spec: { calendars: [{ dayOfMonth: 1, hour: 6, minute: 0 }], timezone: clinic.timeZone },
    action: {
      type: 'startWorkflow',
      workflowType: 'monthlyQualityReport',
      workflowId: qualityScheduleId(clinic.id),
      taskQueue,
      args: [input],
    },
    // Temporal or the worker away on the 1st: the month's report is still made within a week.
    policies: { catchupWindow: '7 days', overlap: 'SKIP' },
  };
}

/** Creates (or updates) every clinic's schedule; returns their ids. */
export async function ensureQualitySchedules(
  client: Client,
  clinics: ClinicCatalogue,
  taskQueue: string,
): Promise<string[]> {
  const ids: string[] = [];
  for (const clinic of clinics.clinics) {
    const options = scheduleOf(clinic, taskQueue);
    try {
      await client.schedule.create(options);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(options.scheduleId).update((previous) => ({
        ...previous,
        spec: options.spec,
        action: options.action,
        policies: { ...previous.policies, ...options.policies },
      }));
    }
    ids.push(options.scheduleId);
  }
  return ids;
}
