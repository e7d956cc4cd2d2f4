import { metricMeter } from '@temporalio/workflow';

// What operations count about care, emitted by the workflows through the SDK's metric meter: the
// worker's Runtime exports them on its Prometheus endpoint (worker/metrics.ts), beside the SDK's
// own. The workflow meter drops everything while a history is replayed, so a worker that
// rebuilds a case from its history never counts a page twice. Only clinic ids and categories as
// labels: never a case id, a patient reference or a phone number.

/** Bucket boundaries (seconds) of the red-flag-to-page histogram: paging is meant to take seconds. */
export const RED_FLAG_TO_PAGE_BUCKETS = [1, 2, 5, 10, 30, 60, 120, 300, 600];
export const RED_FLAG_TO_PAGE = 'care_red_flag_to_page_seconds';

// Instruments are made at each use: the meter needs a running workflow (not module loading).

/** An escalation started: the journey read an urgent or emergency reply. */
export function redFlagRaised(clinicId: string, severity: string): void {
  metricMeter
    .createCounter(
      'care_red_flags',
      undefined,
      'Red flags (urgent or emergency replies) that started an escalation',
    )
    .add(1, { clinic: clinicId, severity });
}

/** A page (a call or an SMS) went out to a member of staff. */
export function pagePlaced(clinicId: string, channel: string): void {
  metricMeter
    .createCounter('care_pages_placed', undefined, 'On-call pages (calls and SMS) that went out')
    .add(1, { clinic: clinicId, channel });
}

/** The escalation's first page went out `seconds` after it started. */
export function firstPagePlaced(clinicId: string, severity: string, seconds: number): void {
  metricMeter
    .createHistogram(RED_FLAG_TO_PAGE, 'float', undefined, 'Seconds from the red flag to its first page out')
    .record(seconds, { clinic: clinicId, severity });
}

/** A complaint's SLA clock (`first-contact`, `root-cause`, `resolution-plan`) was breached. */
export function slaClockBreached(clinicId: string, clock: string, severity: string): void {
  metricMeter
    .createCounter('care_sla_clocks_breached', undefined, 'Complaint SLA clocks that ran past their target')
    .add(1, { clinic: clinicId, clock, severity });
}
