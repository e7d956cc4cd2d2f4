import { condition, patched, setCurrentDetails, setHandler } from '@temporalio/workflow';
import type { QuietHours } from '../domain/calendar';
import { isQuietTime } from '../domain/calendar';
import type { AdherenceSummary, Prescription } from '../domain/journey';
import type { Language } from '../domain/language';
import type { DoseOutcome, OpenDose } from '../domain/medication';
import { completesMissedRun, doseForReply, doseSchedule, DOSE_REPLY_WINDOW_MS } from '../domain/medication';
import { doseReplySignal, optOutSignal, recordQuery } from './child-definitions';
import { adherenceUpdateSignal } from './journey-definitions';
import { HOUR, msUntil, reportingFailure, reportToJourney } from './parent';
import { withSummary } from './activity-proxy';

// A course of medication ([004] 用藥提醒 SOP): a reminder with name, dose and time for every
// dose, each at its own time whatever happened to the one before; the patient replies TAKEN or
// MISSED, which answers the most recent dose still open (domain/medication.ts); a dose with no
// answer within its window counts as missed (unconfirmed); repeated misses raise a
// nurse/pharmacist task through the journey.

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
  if (!patched(DOSES_ON_TIME)) return legacyMedicationCourse(input);
  const summary: AdherenceSummary = {
    courseId: input.courseId,
    medication: input.prescription.name,
    scheduled: 0,
    taken: 0,
    missed: 0,
    status: 'active',
  };
  let optedOut = input.patient.optedOut;
  // Replies wait here with the time they came; the loop gives each to its dose.
  const replies: { intent: DoseOutcome; at: number }[] = [];
  setHandler(recordQuery, () => summary);
  setHandler(doseReplySignal, ({ intent }) => {
    replies.push({ intent, at: Date.now() });
  });
  setHandler(optOutSignal, () => {
    optedOut = true;
  });

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

  while (!optedOut && (next < doses.length || open.length > 0)) {
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
      await reportToJourney(input.journeyId, adherenceUpdateSignal, summary);
      continue;
    }
    if (!dose && open.length === 0) break; // the last window has just closed
    // Sleep until the next reminder or the end of an open dose's window; a reply or STOP wakes
    // the course at once.
    const wakeAt = Math.min(
      dose ? Date.parse(dose.remindAt) : Infinity,
      ...open.map((d) => d.remindedAt + DOSE_REPLY_WINDOW_MS),
    );
    // Counts only in the Web UI: the medicine's name is health data.
    setCurrentDetails(
      `**Medication course:** ${input.courseId} · **status:** ${summary.status} · ` +
        `reminded ${summary.scheduled}, taken ${summary.taken}, missed ${summary.missed}`,
    );
    await condition(() => optedOut || replies.length > 0, Math.max(1, wakeAt - Date.now()), {
      summary:
        dose && Date.parse(dose.remindAt) === wakeAt
          ? `Next reminder ${dose.key}`
          : 'A dose reply window closes',
    });
  }
  summary.status = optedOut ? 'opted-out' : 'finished';
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
function dosesOf(input: MedicationCourseInput) {
  return doseSchedule(input.prescription, input.startDate, input.patient.timeZone, input.quietHours);
}

/** The reminder SMS of one dose; its key makes a retried send one message. */
async function sendReminder(
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

/** The course as it ran before DOSES_ON_TIME: each reminder waited for its reply. */
async function legacyMedicationCourse(input: MedicationCourseInput): Promise<AdherenceSummary> {
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
