import { setCurrentDetails, setHandler } from '@temporalio/workflow';
import type { QuietHours } from '../domain/calendar';
import type { AdherenceSummary, Prescription } from '../domain/journey';
import type { CourseInbox, MedicationCourseInput } from './medication/course';
import { newSummary, remindCourse, stoppedReport } from './medication/course';
import { doseReplySignal, optOutSignal, recordQuery } from './child-definitions';
import { adherenceUpdateSignal } from './journey-definitions';
import { reportingFailure, reportToJourney } from './parent';

// A journey's medication reminders: every prescription's course in one workflow (issue 13).
// A course sleeps for hours between doses, and a workflow held in the worker's cache costs
// ~160 KiB whatever it holds, so one per prescription made the two default courses half of a
// new journey's memory and two of its three child starts. Each course still runs on its own
// (its own doses, reply windows, misses and alert; medication-course.ts); the patient's TAKEN
// or MISSED answers the open dose of every course, as the journey's routing always did, and STOP
// ends them all.

export interface MedicationRemindersInput {
  journeyId: string;
  clinicName: string;
  courses: { courseId: string; prescription: Prescription; startDate: string }[];
  quietHours: QuietHours;
  /** When the patient was registered: doses due since are still reminded (a late start). */
  registeredAt: string;
  patient: MedicationCourseInput['patient'];
  /**
   * Set by journeys since issue 13: a reminder sent is not reported to the journey on its own; the
   * reminded count goes with the dose's outcome (taken, missed, or unconfirmed when its reply
   * window closes) and with the course's end. A reminder was three workflow tasks (the course's two
   * and the journey's, often replaying it first) and a signal; it is now the course's two, like a
   * bare timer and activity. The journey's count lags by the doses still open; this workflow's
   * record query has it at once. Absent on workflows started before: they report each reminder as
   * they did, so their histories replay.
   */
  oneReportPerDose?: boolean;
}

/**
 * The record query gives every course's counts. A stop on an error (a bug, an operator's cancel)
 * is reported to the journey for each course still running: a nurse then reminds by phone.
 */
export async function medicationReminders(input: MedicationRemindersInput): Promise<AdherenceSummary[]> {
  const courses = input.courses.map((c) => ({
    ...c,
    journeyId: input.journeyId,
    clinicName: input.clinicName,
    quietHours: input.quietHours,
    registeredAt: input.registeredAt,
    patient: input.patient,
  }));
  const summaries = courses.map(newSummary);
  let optedOut = input.patient.optedOut;
  const inboxes: CourseInbox[] = courses.map(() => ({ replies: [], optedOut: () => optedOut }));
  setHandler(recordQuery, () => summaries);
  setHandler(doseReplySignal, ({ intent }) => {
    for (const inbox of inboxes) inbox.replies.push({ intent, at: Date.now() });
  });
  setHandler(optOutSignal, () => {
    optedOut = true;
  });
  // Counts only in the Web UI: the medicines' names are health data.
  const showProgress = () =>
    setCurrentDetails(
      summaries
        .map(
          (s) =>
            `**Medication course:** ${s.courseId} · **status:** ${s.status} · ` +
            `reminded ${s.scheduled}, taken ${s.taken}, missed ${s.missed}`,
        )
        .join('\n\n'),
    );

  return reportingFailure(
    () =>
      Promise.all(
        courses.map((c, i) =>
          remindCourse(c, summaries[i]!, inboxes[i]!, showProgress, input.oneReportPerDose !== true),
        ),
      ),
    async (status) => {
      for (const [i, course] of courses.entries())
        if (summaries[i]!.status === 'active')
          await reportToJourney(input.journeyId, adherenceUpdateSignal, stoppedReport(course, status));
    },
  );
}
