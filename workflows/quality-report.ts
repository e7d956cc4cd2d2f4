import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { QualityReportActivities } from '../activities/quality-report';

// The monthly PDCA report of one clinic, started by the clinic's Temporal Schedule on the first
// day of the month (worker/quality-schedules.ts): it covers the month before. The activity reads
// the cases and keeps the report; a failure is retried for a day, then the run fails visibly.

const { keepMonthlyQualityReport } = proxyActivities<QualityReportActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '30 seconds', maximumInterval: '30 minutes', backoffCoefficient: 2 },
  scheduleToCloseTimeout: '1 day',
});

export interface QualityReportInput {
  clinicId: string;
  /** A month to make (again) instead of the month before: "YYYY-MM". */
  month?: string;
}

export async function monthlyQualityReport(
  input: QualityReportInput,
): Promise<{ clinicId: string; month: string }> {
  // The run's start, not the activity's clock: a retry the next day still reports the same month.
  const at = workflowInfo().runStartTime.toISOString();
  return keepMonthlyQualityReport({
    clinicId: input.clinicId,
    at,
    ...(input.month ? { month: input.month } : {}),
  });
}
