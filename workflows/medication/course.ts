import { condition } from '@temporalio/workflow';
import type { QuietHours } from '../../domain/calendar';
import { isQuietTime } from '../../domain/calendar';
import type { AdherenceSummary, Prescription } from '../../domain/journey';
import type { Language } from '../../domain/language';
import type { DoseOutcome, OpenDose } from '../../domain/medication';
import {
  completesMissedRun,
  doseForReply,
  doseSchedule,
  DOSE_REPLY_WINDOW_MS,
} from '../../domain/medication';
import { adherenceUpdateSignal } from '../journey-definitions';
import { reportToJourney } from '../parent';
import { withSummary } from '../activity-proxy';

// A course of medication ([004] 用藥提醒 SOP): a reminder with name, dose and time for every
// dose, each at its own time whatever happened to the one before; the patient replies TAKEN or
// MISSED, which answers the most recent dose still open (domain/medication.ts); a dose with no
// answer within its window counts as missed (unconfirmed); repeated misses raise a
// nurse/pharmacist task through the journey. The workflow that runs a course (one for all of a
// journey's, medication-reminders.ts; one each in older journeys, medication-course.ts) owns its
// signal handlers and hands the course what they hear.

export interface MedicationCourseInput {
  courseId: string;
  journeyId: string;
  clinicName: string;
  prescription: Prescription;
  startDate: string;
  quietHours: QuietHours;
  /**
   * When the patient was registered. A course whose first task comes after some doses fell due
   * (the worker had a backlog or was down) still reminds those due since, at once while their
   * reply window is open. Absent (courses started before it): only the doses still ahead.
   */
  registeredAt?: string;
  patient: { phone: string; language: Language; timeZone: string; optedOut: boolean };
}

/** Consecutive missed (or unanswered) doses that need a person to follow up. */
export const MISSED_DOSES_ALERT = 2;
/** A course that stopped on an error, as told to the journey, which keeps the counts it has. */
export function stoppedReport(
  input: Pick<MedicationCourseInput, 'courseId' | 'prescription'>,
  status: 'failed' | 'cancelled',
): AdherenceSummary {
  return { ...newSummary(input), status };
}

/** A course's counts before its first reminder. */
export function newSummary(
  input: Pick<MedicationCourseInput, 'courseId' | 'prescription'>,
): AdherenceSummary {
  return {
    courseId: input.courseId,
    medication: input.prescription.name,
    scheduled: 0,
    taken: 0,
    missed: 0,
    status: 'active',
  };
}

/**
 * What a running course hears: the patient's dose replies with the time each came (the course
 * takes them off the front), and whether the patient has opted out.
 */
export interface CourseInbox {
  replies: { intent: DoseOutcome; at: number }[];
  optedOut(): boolean;
}

/**
 * One course's reminders, from its first dose to its last reply window, counting into `summary`
 * and reporting to the journey. The workflow that runs it owns the handlers that fill `inbox`;
 * `showProgress` puts the counts in the Web UI before each wait. With `reportEachReminder` a
 * reminder sent is reported on its own (see MedicationRemindersInput.oneReportPerDose); without, its
 * count reaches the journey with the dose's outcome (taken, missed, unconfirmed), or at the end.
 */
export async function remindCourse(
  input: MedicationCourseInput,
  summary: AdherenceSummary,
  inbox: CourseInbox,
  showProgress: () => void,
  reportEachReminder = true,
): Promise<AdherenceSummary> {
  const { replies } = inbox;
  const doses = dosesOf(input).filter((d) => isStillToRemind(d.doseAt, input.registeredAt));
  const open: OpenDose[] = [];
  const outcomes: (DoseOutcome | undefined)[] = [];
  let next = 0;

  const close = async (dose: OpenDose, outcome: DoseOutcome) => {
    open.splice(open.indexOf(dose), 1);
    outcomes[dose.seq] = outcome;
    summary[outcome === 'taken' ? 'taken' : 'missed'] += 1;
    const alert = completesMissedRun(outcomes, dose.seq, MISSED_DOSES_ALERT)
      ? `${MISSED_DOSES_ALERT} doses of ${input.prescription.name} in a row missed or unconfirmed`
      : undefined;
    await reportToJourney(input.journeyId, adherenceUpdateSignal, {
      ...summary,
      ...(alert ? { alert } : {}),
    });
  };

  while (!inbox.optedOut() && (next < doses.length || open.length > 0)) {
    while (replies.length > 0) {
      const reply = replies.shift()!;
      const dose = doseForReply(open, reply.at);
      if (dose) await close(dose, reply.intent);
    }
    const t = Date.now();
    for (const dose of open.filter((d) => t >= d.remindedAt + DOSE_REPLY_WINDOW_MS)) {
      await close(dose, 'missed'); // no answer in its window: unconfirmed
    }
    const dose = doses[next];
    if (dose && Date.parse(dose.remindAt) <= t) {
      next += 1;
      // A course that begins in the patient's quiet hours does not text at night: that dose's
      // reminder is skipped (the next one goes at its time).
      if (isQuietTime(input.quietHours, input.patient.timeZone, new Date(t))) continue;
      // Open before sending: an immediate TAKEN must find it.
      open.push({ seq: outcomes.length, key: dose.key, remindedAt: t });
      outcomes.push(undefined);
      await sendReminder(input, dose);
      summary.scheduled += 1;
      if (reportEachReminder) await reportToJourney(input.journeyId, adherenceUpdateSignal, summary);
      continue;
    }
    if (!dose && open.length === 0) break; // the last window has just closed
    // Sleep until the next reminder or the end of an open dose's window; a reply or STOP wakes
    // the course at once.
    const wakeAt = Math.min(
      dose ? Date.parse(dose.remindAt) : Infinity,
      ...open.map((d) => d.remindedAt + DOSE_REPLY_WINDOW_MS),
    );
    showProgress();
    await condition(() => inbox.optedOut() || replies.length > 0, Math.max(1, wakeAt - Date.now()), {
      summary:
        dose && Date.parse(dose.remindAt) === wakeAt
          ? `Next reminder ${dose.key}`
          : 'A dose reply window closes',
    });
  }
  summary.status = inbox.optedOut() ? 'opted-out' : 'finished';
  await reportToJourney(input.journeyId, adherenceUpdateSignal, summary);
  return summary;
}

/**
 * A dose is reminded when it is still ahead, or (given the registration) when it fell due since
 * the patient was registered and a reply to it would still count.
 */
function isStillToRemind(doseAt: string, registeredAt: string | undefined): boolean {
  const due = Date.parse(doseAt);
  if (registeredAt === undefined) return due > Date.now();
  return due >= Date.parse(registeredAt) && due + DOSE_REPLY_WINDOW_MS > Date.now();
}

/** The course's doses (reminder and dose times) from its prescription. */
export function dosesOf(input: MedicationCourseInput) {
  return doseSchedule(input.prescription, input.startDate, input.patient.timeZone, input.quietHours);
}

/** The reminder SMS of one dose; its key makes a retried send one message. */
export async function sendReminder(
  input: MedicationCourseInput,
  dose: { key: string; doseAt: string },
): Promise<void> {
  await withSummary('sendPatientSms', `Medication reminder ${dose.key}`, {
    caseId: input.journeyId,
    to: input.patient.phone,
    idempotencyKey: `${input.courseId}:${dose.key}`,
    message: {
      template: 'medication-reminder',
      language: input.patient.language,
      params: {
        clinicName: input.clinicName,
        medication: input.prescription.name,
        dose: input.prescription.dose,
        at: dose.doseAt,
        timeZone: input.patient.timeZone,
      },
    },
  });
}
