import { z } from 'zod';
import type { Clinic } from './clinic';
import { LANGUAGES } from './language';
import { PROCEDURE_CODES } from './procedures';
import type { ProcedureCode } from './procedures';
import { opaqueId, phoneNumber, timeZone } from './validation';

// The care journey that follows one surgery: what a clinic system sends to start it, what the
// workflow is given, and the live state operations and staff read back.

/** Default length of post-operative follow-up when the protocol does not say otherwise. */
export const DEFAULT_FOLLOW_UP_DAYS = 42;

export const startJourneyRequestSchema = z
  .object({
    clinicId: opaqueId,
    surgeryId: opaqueId,
    patient: z
      .object({
        // Opaque id from the clinic's EHR; names never travel through the workflow.
        ref: opaqueId,
        phone: phoneNumber,
        language: z.enum(LANGUAGES),
        timeZone,
      })
      .strict(),
    surgery: z
      .object({
        procedureCode: z.enum(PROCEDURE_CODES),
        performedAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset' }),
        surgeonId: opaqueId,
      })
      .strict(),
  })
  .strict();

export type StartJourneyRequest = z.infer<typeof startJourneyRequestSchema>;

/** The clinic settings a journey pins at start, so later edits never change a running journey. */
export type JourneyClinic = Pick<Clinic, 'id' | 'name' | 'timeZone' | 'emergencyLine' | 'quietHours'>;

export interface CareJourneyInput {
  journeyId: string;
  clinic: JourneyClinic;
  patient: StartJourneyRequest['patient'];
  surgery: StartJourneyRequest['surgery'] & { id: string; procedureCode: ProcedureCode };
  followUpDays: number;
}

export function toJourneyInput(
  journeyId: string,
  request: StartJourneyRequest,
  clinic: Clinic,
): CareJourneyInput {
  return {
    journeyId,
    clinic: {
      id: clinic.id,
      name: clinic.name,
      timeZone: clinic.timeZone,
      emergencyLine: clinic.emergencyLine,
      quietHours: clinic.quietHours,
    },
    patient: request.patient,
    surgery: { id: request.surgeryId, ...request.surgery },
    followUpDays: DEFAULT_FOLLOW_UP_DAYS,
  };
}

export const JOURNEY_STAGES = ['starting', 'monitoring', 'completed'] as const;
export type JourneyStage = (typeof JOURNEY_STAGES)[number];

export interface TimelineEntry {
  at: string;
  event: string;
  detail?: string;
}

export interface JourneyState {
  journeyId: string;
  clinicId: string;
  procedureCode: ProcedureCode;
  stage: JourneyStage;
  surgeryAt: string;
  nextAction: { what: string; at: string } | null;
  timeline: TimelineEntry[];
}
