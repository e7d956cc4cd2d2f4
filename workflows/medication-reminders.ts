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
    () => Promise.all(courses.map((c, i) => remindCourse(c, summaries[i]!, inboxes[i]!, showProgress))),
    async (status) => {
      for (const [i, course] of courses.entries())
        if (summaries[i]!.status === 'active')
          await reportToJourney(input.journeyId, adherenceUpdateSignal, stoppedReport(course, status));
    },
  );
}
