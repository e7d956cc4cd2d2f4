import { z } from 'zod';
import type { Clinic } from './clinic';
import { staffLanguageOf } from './clinic';
import { LANGUAGES } from './language';
import type { Language } from './language';
import { PROCEDURE_CODES } from './procedures';
import type { ProcedureCode } from './procedures';
import type { Protocol } from './protocol';
import type { Severity } from './symptoms';
import {
  clockTime,
  CROSS_FIELD,
  isoDate,
  caseKey,
  opaqueId,
  phoneNumber,
  protocolId,
  timeZone,
} from './validation';

// The care journey that follows one surgery: what a clinic system sends to start it, what the
// workflow is given, and the live state operations and staff read back.

const isoInstant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset' });

const prescription = z
  .object({
    id: caseKey,
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
    id: caseKey,
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
    surgeryId: caseKey,
    // A catalogue protocol id such as "rhinoplasty@2"; defaults to the newest for the procedure.
    protocolId: protocolId.optional(),
    patient: z
      .object({
        // Opaque id from the clinic's EHR; names never travel through the workflow.
        ref: caseKey,
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
    // Part of a bulk import: started at the lowest priority (domain/priorities.ts).
    bulkImport: z.boolean().optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const unique = (items: { id: string }[], key: string) => {
      const seen = new Set<string>();
      items.forEach((item, i) => {
        if (seen.has(item.id))
          ctx.addIssue({
            code: 'custom',
            path: [key, i, 'id'],
            message: `duplicate id "${item.id}"`,
            params: CROSS_FIELD,
          });
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
  /** The language on-call pages are in (absent in journeys started before it existed: English). */
  staffLanguage?: Language;
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
  /**
   * When the API accepted the registration: check-ins whose window had passed by then are
   * skipped-late, exactly as the start response said. Absent: the workflow's start time.
   */
  registeredAt?: string;
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
  registeredAt?: Date,
): CareJourneyInput {
  return {
    journeyId,
    ...(registeredAt ? { registeredAt: registeredAt.toISOString() } : {}),
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
      staffLanguage: staffLanguageOf(clinic),
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
  /** skipped-late: its window had passed when a late-registered journey started (never sent). */
  status: 'scheduled' | 'sent' | 'reminded' | 'answered' | 'no-reply' | 'skipped' | 'skipped-late';
  sentAt?: string;
  addedBy?: string;
  /** The nurse's call task for this check-in (a call check-in, or no reply), if one was opened. */
  callTaskId?: string;
}

export interface IncidentSummary {
  incidentId: string;
  severity: 'urgent' | 'emergency';
  /** `failed`: the escalation workflow itself stopped (never a page failing): a human takes over. */
  status: 'paging' | 'acknowledged' | 'resolved' | 'exhausted' | 'cancelled' | 'failed';
  startedAt: string;
  /** The incident's short, speakable reference that pages read out ("ACK 4821"). */
  ref?: string;
  acknowledgedBy?: string;
  /** Seconds from the incident's start to the (latest) acknowledgement. */
  ackLatencySeconds?: number;
  /** Seconds from the page the acknowledging person answered (their latest page) to the acknowledgement. */
  ackSincePageSeconds?: number;
  /** Pages (one call or one SMS to one person) that could not be placed. */
  failedPages?: number;
  /** How the patient was told to call emergency services when nobody acknowledged. */
  patientTold?: 'sms' | 'call' | 'not-reached';
  /** Why the incident failed (a category, never a message). */
  failure?: string;
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
    | 'handover-unconfirmed'
    | 'failed';
  hospitalId?: string;
  awaitingHospitalId?: string;
  /** Why the transfer workflow failed (a category, never a message). */
  failure?: string;
  /** The accepted hospital could not be sent to the patient by SMS: staff must call. */
  patientNotTold?: boolean;
}

export interface AdherenceSummary {
  courseId: string;
  medication: string;
  scheduled: number;
  taken: number;
  missed: number;
  status: 'active' | 'finished' | 'opted-out' | 'cancelled' | 'failed';
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
    | 'cancelled'
    | 'failed';
}

export interface JourneyState {
  journeyId: string;
  clinicId: string;
  /** The clinic's opaque patient reference (from its EHR, never a name), for staff to find the record. */
  patientRef?: string;
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
