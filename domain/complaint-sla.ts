import { z } from 'zod';
import { COMPLAINT_SEVERITIES } from './complaint-kinds';
import type { ComplaintSeverity } from './complaint-kinds';

// Complaint SLAs per clinic and severity ([001] 二(四): first contact within 2 hours, a
// resolution plan within 48 hours). Each clock runs on calendar or business hours. The policy in
// force at intake is copied into the case, so later edits never move a running case's clocks.

const clockTarget = z
  .object({
    minutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 30),
    mode: z.enum(['calendar', 'business']),
  })
  .strict();
type ClockTarget = z.infer<typeof clockTarget>;

const targets = z
  .object({ firstContact: clockTarget, rootCause: clockTarget, resolutionPlan: clockTarget })
  .strict();

export const complaintSlaSchema = z
  .object({
    firstContact: clockTarget.default({ minutes: 120, mode: 'business' }),
    rootCause: clockTarget.default({ minutes: 24 * 60, mode: 'calendar' }),
    resolutionPlan: clockTarget.default({ minutes: 48 * 60, mode: 'calendar' }),
    warnAtPercent: z.number().int().min(1).max(99).default(75),
    // After a breach management is told at once, the director this much later.
    directorAfterMinutes: z.number().int().min(1).default(120),
    satisfactionFollowUpDays: z.number().int().min(1).max(60).default(7),
    // How long a closed case can still be reopened by the customer or staff.
    reopenWindowDays: z.number().int().min(1).max(365).default(30),
    bySeverity: z
      .partialRecord(z.enum(COMPLAINT_SEVERITIES), targets.partial())
      .default({ critical: { firstContact: { minutes: 60, mode: 'calendar' } } }),
  })
  .strict();
export type ComplaintSla = z.output<typeof complaintSlaSchema>;

export const DEFAULT_COMPLAINT_SLA: ComplaintSla = complaintSlaSchema.parse({});

export interface ComplaintClockPolicy {
  id: 'first-contact' | 'root-cause' | 'resolution-plan';
  name: string;
  targetMinutes: number;
  mode: ClockTarget['mode'];
  warnAtPercent: number;
}

/** The three clocks of a case of this severity under this clinic's SLA. */
export function clockPoliciesFor(sla: ComplaintSla, severity: ComplaintSeverity): ComplaintClockPolicy[] {
  const override = sla.bySeverity[severity] ?? {};
  const pick = (key: 'firstContact' | 'rootCause' | 'resolutionPlan') => override[key] ?? sla[key];
  const clock = (
    id: ComplaintClockPolicy['id'],
    name: string,
    target: ClockTarget,
  ): ComplaintClockPolicy => ({
    id,
    name,
    targetMinutes: target.minutes,
    mode: target.mode,
    warnAtPercent: sla.warnAtPercent,
  });
  return [
    clock('first-contact', 'First contact with the customer', pick('firstContact')),
    clock('root-cause', 'Root-cause findings', pick('rootCause')),
    clock('resolution-plan', 'Resolution plan', pick('resolutionPlan')),
  ];
}
