import { condition, patched, setCurrentDetails, setHandler } from '@temporalio/workflow';
import { isQuietTime } from '../domain/calendar';
import type { AdherenceSummary } from '../domain/journey';
import { doseReplySignal, optOutSignal, recordQuery } from './child-definitions';
import { adherenceUpdateSignal } from './journey-definitions';
import type { CourseInbox, MedicationCourseInput } from './medication/course';
import {
  MISSED_DOSES_ALERT,
  dosesOf,
  newSummary,
  remindCourse,
  sendReminder,
  stoppedReport,
} from './medication/course';
import { HOUR, msUntil, reportingFailure, reportToJourney } from './parent';

// One prescription's course of medication in a workflow of its own, as journeys started them
// before one-medication-workflow (workflows/journey/patches.ts); new journeys run all their
// courses together in medicationReminders (medication-reminders.ts). The course itself is
// medication/course.ts.

export type { MedicationCourseInput } from './medication/course';

/** How long after the reminder a reply still counts for that dose (the legacy course's wait). */
const REPLY_WINDOW = 3 * HOUR;
/**
 * patched() marker: every dose is reminded at its time. Courses started before waited up to
 * REPLY_WINDOW for each reply before the next reminder; they keep that sequence (legacy below).
 */
const DOSES_ON_TIME = 'doses-reminded-on-time';

/** A course that stops on an error tells the journey (`failed`): a nurse then reminds by phone. */
export async function medicationCourse(input: MedicationCourseInput): Promise<AdherenceSummary> {
  return reportingFailure(
    () => course(input),
    (status) => reportToJourney(input.journeyId, adherenceUpdateSignal, stoppedReport(input, status)),
  );
}

async function course(input: MedicationCourseInput): Promise<AdherenceSummary> {
  if (!patched(DOSES_ON_TIME)) return legacyMedicationCourse(input);
  const summary = newSummary(input);
  let optedOut = input.patient.optedOut;
  const inbox: CourseInbox = { replies: [], optedOut: () => optedOut };
  setHandler(recordQuery, () => summary);
  setHandler(doseReplySignal, ({ intent }) => {
    inbox.replies.push({ intent, at: Date.now() });
  });
  setHandler(optOutSignal, () => {
    optedOut = true;
  });
  // Counts only in the Web UI: the medicine's name is health data.
  const showProgress = () =>
    setCurrentDetails(
      `**Medication course:** ${input.courseId} · **status:** ${summary.status} · ` +
        `reminded ${summary.scheduled}, taken ${summary.taken}, missed ${summary.missed}`,
    );
  return remindCourse(input, summary, inbox, showProgress);
}

/** The course as it ran before DOSES_ON_TIME: each reminder waited for its reply. */
async function legacyMedicationCourse(input: MedicationCourseInput): Promise<AdherenceSummary> {
  const summary = newSummary(input);
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

  const doses = dosesOf(input).filter((d) => new Date(d.doseAt).getTime() > Date.now());
  let streak = 0;
  for (const dose of doses) {
    if (optedOut) break;
    // STOP wakes the course at once instead of at the next dose.
    await condition(() => optedOut, msUntil(dose.remindAt), { summary: `Next reminder ${dose.key}` });
    if (optedOut) break;
    // A course that begins in the patient's quiet hours does not text at night: that dose's
    // reminder is skipped (the next one goes at its time).
    if (isQuietTime(input.quietHours, input.patient.timeZone, new Date())) continue;
    reply = undefined;
    awaitingReply = true; // before sending: an immediate TAKEN must not be lost
    await sendReminder(input, dose);
    summary.scheduled += 1;
    await reportToJourney(input.journeyId, adherenceUpdateSignal, summary);
    await condition(() => reply !== undefined || optedOut, REPLY_WINDOW, {
      summary: `Wait for TAKEN/MISSED to ${dose.key}`,
    });
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
