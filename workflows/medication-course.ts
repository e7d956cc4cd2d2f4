import { condition, setHandler } from '@temporalio/workflow';
import type { QuietHours } from '../domain/calendar';
import { isQuietTime } from '../domain/calendar';
import type { AdherenceSummary, Prescription } from '../domain/journey';
import type { Language } from '../domain/language';
import { doseSchedule } from '../domain/medication';
import { doseReplySignal, optOutSignal, recordQuery } from './child-definitions';
import { adherenceUpdateSignal } from './journey-definitions';
import { HOUR, msUntil, reportingFailure, reportToJourney } from './parent';
import { withSummary } from './activity-proxy';

// A course of medication ([004] 用藥提醒 SOP): a reminder with name, dose and time for every
// dose; the patient replies TAKEN or MISSED; no answer counts as missed; repeated misses raise a
// nurse/pharmacist task through the journey.

export interface MedicationCourseInput {
  courseId: string;
  journeyId: string;
  clinicName: string;
  prescription: Prescription;
  startDate: string;
  quietHours: QuietHours;
  patient: { phone: string; language: Language; timeZone: string; optedOut: boolean };
}

/** Consecutive missed (or unanswered) doses that need a person to follow up. */
export const MISSED_DOSES_ALERT = 2;
/** How long after the reminder a reply still counts for that dose. */
const REPLY_WINDOW = 3 * HOUR;

/** A course that stops on an error tells the journey (`failed`): a nurse then reminds by phone. */
export async function medicationCourse(input: MedicationCourseInput): Promise<AdherenceSummary> {
  return reportingFailure(
    () => course(input),
    (status) =>
      reportToJourney(input.journeyId, adherenceUpdateSignal, {
        // Only the status counts in a failure report; the journey keeps the counts it has.
        courseId: input.courseId,
        medication: input.prescription.name,
        scheduled: 0,
        taken: 0,
        missed: 0,
        status,
      }),
  );
}

async function course(input: MedicationCourseInput): Promise<AdherenceSummary> {
  const summary: AdherenceSummary = {
    courseId: input.courseId,
    medication: input.prescription.name,
    scheduled: 0,
    taken: 0,
    missed: 0,
    status: 'active',
  };
  let reply: 'taken' | 'missed' | undefined;
  let awaitingReply = false;
  let optedOut = input.patient.optedOut;
  setHandler(recordQuery, () => summary);
  setHandler(doseReplySignal, ({ intent }) => {
    if (awaitingReply) reply = intent;
  });
  setHandler(optOutSignal, () => {
    optedOut = true;
  });

  const doses = doseSchedule(
    input.prescription,
    input.startDate,
    input.patient.timeZone,
    input.quietHours,
  ).filter((d) => new Date(d.doseAt).getTime() > Date.now());
  let streak = 0;
  for (const dose of doses) {
    if (optedOut) break;
    // STOP wakes the course at once instead of at the next dose.
    await condition(() => optedOut, msUntil(dose.remindAt));
    if (optedOut) break;
    // A course that begins in the patient's quiet hours does not text at night: that dose's
    // reminder is skipped (the next one goes at its time).
    if (isQuietTime(input.quietHours, input.patient.timeZone, new Date())) continue;
    reply = undefined;
    awaitingReply = true; // before sending: an immediate TAKEN must not be lost
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
    summary.scheduled += 1;
    await reportToJourney(input.journeyId, adherenceUpdateSignal, summary);
    await condition(() => reply !== undefined || optedOut, REPLY_WINDOW);
    awaitingReply = false;
    let alert: string | undefined;
    if (reply === 'taken') {
      summary.taken += 1;
      streak = 0;
    } else {
      summary.missed += 1;
      streak += 1;
      if (streak === MISSED_DOSES_ALERT) {
        alert = `${streak} doses of ${input.prescription.name} in a row missed or unconfirmed`;
      }
    }
    await reportToJourney(input.journeyId, adherenceUpdateSignal, {
      ...summary,
      ...(alert ? { alert } : {}),
    });
  }
  summary.status = optedOut ? 'opted-out' : 'finished';
  await reportToJourney(input.journeyId, adherenceUpdateSignal, summary);
  return summary;
}
