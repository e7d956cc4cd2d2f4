import { z } from 'zod';
import type { Clinic } from './clinic';
import { LANGUAGES } from './language';
import { PROCEDURE_CODES } from './procedures';
import type { ProcedureCode } from './procedures';
import type { Protocol } from './protocol';
import type { Severity } from './symptoms';
import { clockTime, isoDate, opaqueId, phoneNumber, timeZone } from './validation';

// The care journey that follows one surgery: what a clinic system sends to start it, what the
// workflow is given, and the live state operations and staff read back.

const isoInstant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset' });

const prescription = z
  .object({
    id: opaqueId,
    name: z.string().min(1).max(100),
    dose: z.string().min(1).max(100),
    times: z.array(clockTime).min(1).max(6),
    days: z.number().int().min(1).max(90),
    // First day of the course in the patient's time zone; defaults to the surgery day.
    startDate: isoDate.optional(),
  })
  .strict();

const returnVisit = z
  .object({
    id: opaqueId,
    at: isoInstant,
    place: z.string().min(1).max(200),
    department: z.string().min(1).max(100),
    doctor: z.string().min(1).max(100),
    bring: z.array(z.string().min(1).max(100)).max(10).default([]),
  })
  .strict();

export const startJourneyRequestSchema = z
  .object({
    clinicId: opaqueId,
    surgeryId: opaqueId,
    // A catalogue protocol id such as "rhinoplasty@2"; defaults to the newest for the procedure.
    protocolId: z.string().min(1).optional(),
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
        performedAt: isoInstant,
        surgeonId: opaqueId,
      })
      .strict(),
    // Omitted: the protocol's default medication reminders; [] means none.
    prescriptions: z.array(prescription).max(10).optional(),
    returnVisits: z.array(returnVisit).max(10).default([]),
  })
  .strict()
  .superRefine((r, ctx) => {
    const unique = (items: { id: string }[], key: string) => {
      const seen = new Set<string>();
      items.forEach((item, i) => {
        if (seen.has(item.id))
          ctx.addIssue({ code: 'custom', path: [key, i, 'id'], message: `duplicate id "${item.id}"` });
        seen.add(item.id);
      });
    };
    unique(r.prescriptions ?? [], 'prescriptions');
    unique(r.returnVisits, 'returnVisits');
  });

export type StartJourneyRequest = z.input<typeof startJourneyRequestSchema>;
export type ParsedStartJourneyRequest = z.output<typeof startJourneyRequestSchema>;
export type Prescription = z.output<typeof prescription>;

/** The patient's prescriptions, or the protocol's default medication reminders when none were given. */
export function prescriptionsFor(request: ParsedStartJourneyRequest, protocol: Protocol): Prescription[] {
  return (
    request.prescriptions ??
    protocol.medicationDefaults.map((m, i) => ({ id: `default-${i + 1}`, ...m, times: [...m.times] }))
  );
}
export type ReturnVisit = z.output<typeof returnVisit>;

/** The clinic settings a journey pins at start, so later edits never change a running journey. */
export type JourneyClinic = Pick<
  Clinic,
  | 'id'
  | 'name'
  | 'timeZone'
  | 'emergencyLine'
  | 'quietHours'
  | 'businessHours'
  | 'holidays'
  | 'escalationPolicies'
  | 'partnerHospitals'
  | 'complaintSla'
> & {
  /** Absent on journeys started before the clinic config had it: use emergencyNumberOf. */
  emergencyNumber?: string;
};

export interface CareJourneyInput {
  journeyId: string;
  clinic: JourneyClinic;
  patient: ParsedStartJourneyRequest['patient'];
  surgery: ParsedStartJourneyRequest['surgery'] & { id: string; procedureCode: ProcedureCode };
  protocol: Protocol;
  prescriptions: Prescription[];
  returnVisits: ReturnVisit[];
  /** Minutes a doctor has to cancel an emergency transfer before the referral goes out. */
  transferHoldMinutes: number;
  /** Continue-as-new once the history passes this many events (tests lower it). */
  historyLimit?: number;
  /** State carried over from the previous run after continue-as-new. */
  carried?: unknown;
}

export const DEFAULT_TRANSFER_HOLD_MINUTES = 10;

export function toJourneyInput(
  journeyId: string,
  request: ParsedStartJourneyRequest,
  clinic: Clinic,
  protocol: Protocol,
): CareJourneyInput {
  return {
    journeyId,
    clinic: {
      id: clinic.id,
      name: clinic.name,
      timeZone: clinic.timeZone,
      emergencyLine: clinic.emergencyLine,
      emergencyNumber: clinic.emergencyNumber,
      quietHours: clinic.quietHours,
      businessHours: clinic.businessHours,
      holidays: clinic.holidays,
      escalationPolicies: clinic.escalationPolicies,
      partnerHospitals: clinic.partnerHospitals,
      complaintSla: clinic.complaintSla,
    },
    patient: request.patient,
    surgery: { id: request.surgeryId, ...request.surgery },
    protocol,
    prescriptions: prescriptionsFor(request, protocol),
    returnVisits: request.returnVisits,
    transferHoldMinutes: DEFAULT_TRANSFER_HOLD_MINUTES,
  };
}

export const JOURNEY_STAGES = [
  'starting',
  'monitoring',
  'paused',
  'survey',
  'completed',
  'closed-early',
  'cancelled',
] as const;
export type JourneyStage = (typeof JOURNEY_STAGES)[number];

export interface TimelineEntry {
  at: string;
  event: string;
  detail?: string;
  by?: string;
}

export interface StaffTaskState {
  taskId: string;
  kind: 'nurse-callback' | 'nurse-call' | 'missed-doses' | 'management' | 'front-desk' | 'director';
  role: 'nurse' | 'doctor' | 'director' | 'front-desk' | 'management';
  dueAt: string;
  summary: string;
  status: 'open' | 'done';
  outcome?: string;
  closedBy?: string;
}

export interface CheckInState {
  id: string;
  channel: 'sms' | 'nurse-call';
  questionSet: 'first-night' | 'wound' | 'swelling' | 'recovery';
  dueAt: string;
  replyWindowHours: number;
  noReply: 'reminder-then-nurse-call' | 'nurse-call';
  status: 'scheduled' | 'sent' | 'reminded' | 'answered' | 'no-reply' | 'skipped';
  sentAt?: string;
  addedBy?: string;
}

export interface IncidentSummary {
  incidentId: string;
  severity: 'urgent' | 'emergency';
  status: 'paging' | 'acknowledged' | 'resolved' | 'exhausted' | 'cancelled';
  startedAt: string;
  acknowledgedBy?: string;
  ackLatencySeconds?: number;
}

export interface TransferSummary {
  transferId: string;
  status:
    | 'awaiting-doctor'
    | 'referring'
    | 'accepted'
    | 'handed-over'
    | 'cancelled'
    | 'no-hospital'
    | 'handover-unconfirmed';
  hospitalId?: string;
  awaitingHospitalId?: string;
}

export interface AdherenceSummary {
  courseId: string;
  medication: string;
  scheduled: number;
  taken: number;
  missed: number;
  status: 'active' | 'finished' | 'opted-out' | 'cancelled';
}

export interface VisitSummary {
  visitId: string;
  at: string;
  status:
    | 'scheduled'
    | 'notified'
    | 'awaiting-confirmation'
    | 'confirmed'
    | 'choosing-slot'
    | 'attended'
    | 'no-show'
    | 'cancelled';
}

export interface JourneyState {
  journeyId: string;
  clinicId: string;
  procedureCode: ProcedureCode;
  protocolId: string;
  stage: JourneyStage;
  risk: Severity;
  surgeryAt: string;
  followUpEndsAt: string;
  optedOut: boolean;
  nextAction: { what: string; at: string } | null;
  checkIns: CheckInState[];
  openEscalations: IncidentSummary[];
  escalations: IncidentSummary[];
  transfers: TransferSummary[];
  tasks: StaffTaskState[];
  adherence: AdherenceSummary[];
  returnVisits: VisitSummary[];
  survey: { sentAt?: string; score?: number; comment?: string } | null;
  /** Complaints linked to this journey (opened from a low survey score or by the clinic). */
  complaints: string[];
  lastTriage: { at: string; severity: Severity; reasons: string[] } | null;
  timeline: TimelineEntry[];
  run: number;
}
