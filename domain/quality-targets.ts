import { z } from 'zod';

// The clinic's quality targets (clinic config `qualityTargets`). Defaults from issue 14 and the
// clinic's standards: every complaint closed, first contact within 2 h, root cause within 24 h
// (both as their SLA clocks, met every time), satisfaction ≥ 95 %. The others are defaults of
// ours that a clinic sets to its own.

const percent = z.number().min(0).max(100);

export const qualityTargetsSchema = z
  .object({
    /** Complaints received in the month and closed. */
    closurePercent: percent.default(100),
    /** Each SLA clock (first contact, root cause, resolution plan …) met: of the clocks decided. */
    clockCompliancePercent: percent.default(100),
    /** The median time to first contact, in minutes of the clock (business minutes by default). */
    firstContactMinutes: z.number().int().min(1).default(120),
    /** Surveys and complaint follow-ups that say the person was satisfied (a score 4–5 or "yes"). */
    satisfactionPercent: percent.default(95),
    /** Check-ins answered, of those whose reply window has ended. */
    checkInResponsePercent: percent.default(90),
    /** Red flags acknowledged before the first escalation level timed out. */
    acknowledgedInTimePercent: percent.default(95),
    /** Return visits missed, of those attended or missed: at most. */
    noShowPercent: percent.default(10),
    /** Doses taken, of those due. */
    adherencePercent: percent.default(90),
  })
  .strict();

export type QualityTargets = z.output<typeof qualityTargetsSchema>;
export const DEFAULT_QUALITY_TARGETS: QualityTargets = qualityTargetsSchema.parse({});
