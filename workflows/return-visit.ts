import { condition, setCurrentDetails, setHandler, sleep } from '@temporalio/workflow';
import type { QuietHours } from '../domain/calendar';
import { endOfQuietTime } from '../domain/calendar';
import type { ReturnVisit, VisitSummary } from '../domain/journey';
import type { Language } from '../domain/language';
import type { ReplyIntent } from '../domain/reply-parser';
import { reconfirmationTime } from '../domain/visit-reconfirmation';
import { attendanceSignal, optOutSignal, recordQuery, visitReplySignal } from './child-definitions';
import { visitUpdateSignal } from './journey-definitions';
import { DAY, HOUR, msUntil, reportingFailure, reportToJourney } from './parent';
import { changesUpTo } from './case/changes';
import { withSummary } from './activity-proxy';

// A return visit ([004] 回診通知 SOP): a notice at least 7 days before with date, time, place,
// department, doctor and what to bring; a re-confirmation 1-2 days before; YES confirms, CHANGE
// offers real free slots from the scheduling system (the same time the next day first); no
// answer → an automated call and a front-desk task; a no-show → rebooking outreach.

export interface ReturnVisitInput {
  journeyId: string;
  clinicId: string;
  clinicName: string;
  visit: ReturnVisit;
  noticeDaysBefore: number;
  reconfirmDaysBefore: number;
  quietHours: QuietHours;
  patient: { ref: string; phone: string; language: Language; timeZone: string; optedOut: boolean };
}

export interface VisitRecord extends VisitSummary {
  reschedules: number;
  offeredSlots: string[];
  events: { at: string; event: string }[];
}

const CONFIRM_WINDOW = 12 * HOUR;
const CHOICE_WINDOW = DAY;
const ATTENDANCE_GRACE = 2 * HOUR;
const REBOOK_WINDOW = 3 * DAY;
const SLOTS_OFFERED = 3;
/**
 * patched() marker: the re-confirmation goes at a fixed local hour 1–2 days before
 * (domain/visit-reconfirmation.ts). Visits planned before kept "exactly reconfirmDaysBefore × 24 h".
 */
const RECONFIRM_AT_LOCAL_HOUR = 'reconfirm-at-local-hour';
/**
 * patched() marker: a wait for a time already here sets no timer. A visit booked a week ahead
 * had its notice wait, the quiet-hours wait and the SMS's own quiet-hours wait each set a 1 ms
 * timer, a round trip to the server apiece: 6 workflow tasks to send one notice (issue 13).
 */
const NO_TIMER_FOR_NOW = 'no-timer-for-a-time-already-here';
/**
 * patched() marker: both changes above at once. A visit started since asks patched() this once
 * instead of once per change (each that applies is a marker and a search-attribute upsert in the
 * history; issue 13). One started before asks each change as it did.
 */
const VISIT_2026_12 = 'visit-2026-12';

/** A visit workflow that stops on an error tells the journey (`failed`): the front desk takes over. */
export async function returnVisit(input: ReturnVisitInput): Promise<VisitRecord> {
  return reportingFailure(
    () => visitFlow(input),
    (status) =>
      reportToJourney(input.journeyId, visitUpdateSignal, {
        visitId: input.visit.id,
        at: new Date(input.visit.at).toISOString(),
        status,
      }),
  );
}

async function visitFlow(input: ReturnVisitInput): Promise<VisitRecord> {
  const has = changesUpTo(VISIT_2026_12);
  const tz = input.patient.timeZone;
  const record: VisitRecord = {
    visitId: input.visit.id,
    at: new Date(input.visit.at).toISOString(),
    status: 'scheduled',
    reschedules: 0,
    offeredSlots: [],
    events: [],
  };
  let reply: { intent: ReplyIntent; choice?: number } | undefined;
  // Read through a function: the signal handler changes it between awaits.
  const replied = () => reply;
  let attendance: boolean | undefined;
  let optedOut = input.patient.optedOut;
  setHandler(recordQuery, () => record);
  setHandler(visitReplySignal, (r) => {
    reply = r;
  });
  setHandler(attendanceSignal, ({ attended }) => {
    attendance = attended;
  });
  setHandler(optOutSignal, () => {
    optedOut = true;
  });

  const note = (event: string) => record.events.push({ at: new Date().toISOString(), event });
  const report = (task?: { role: 'front-desk' | 'nurse'; summary: string }) => {
    setCurrentDetails(`**Return visit:** ${record.visitId} at ${record.at} · **status:** ${record.status}`);
    return reportToJourney(input.journeyId, visitUpdateSignal, {
      visitId: record.visitId,
      at: record.at,
      status: record.status,
      ...(task ? { task } : {}),
    });
  };
  const visitParams = () => ({
    clinicName: input.clinicName,
    at: record.at,
    timeZone: tz,
    place: input.visit.place,
    department: input.visit.department,
    doctor: input.visit.doctor,
    bring: input.visit.bring,
  });
  /** Sleeps until `at`; at once when it is already here (after NO_TIMER_FOR_NOW). */
  const sleepUntil = async (at: Date, summary: string) => {
    const ms = msUntil(at);
    if (ms === 0 && has(NO_TIMER_FOR_NOW)) return;
    await sleep(ms, { summary });
  };
  const afterQuietHours = (summary: string) =>
    sleepUntil(endOfQuietTime(input.quietHours, tz, new Date()), `${summary} (after quiet hours)`);
  /** Non-urgent: wait for `at`, then past the patient's quiet hours. */
  const waitUntil = async (at: number, summary: string) => {
    await sleepUntil(new Date(at), summary);
    await afterQuietHours(summary);
  };
  /** Every message here is non-urgent: it waits out the patient's quiet hours. */
  const sms = async (
    key: string,
    summary: string,
    message: Parameters<typeof withSummary<'sendPatientSms'>>[2]['message'],
  ) => {
    await afterQuietHours(summary);
    if (optedOut) return;
    await withSummary('sendPatientSms', summary, {
      caseId: input.journeyId,
      to: input.patient.phone,
      idempotencyKey: `${input.journeyId}:visit:${input.visit.id}:${record.reschedules}:${key}`,
      message,
    });
  };

  /** Offer free slots and book the one the patient picks; true if rebooked. */
  async function reschedule(from: number): Promise<boolean> {
    const slots = await withSummary('findFreeSlots', 'Find free slots', {
      clinicId: input.clinicId,
      department: input.visit.department,
      from: new Date(from).toISOString(),
      count: SLOTS_OFFERED,
    });
    record.offeredSlots = slots.map((s) => s.at);
    if (slots.length === 0 || optedOut) {
      await report({
        role: 'front-desk',
        summary: `Rebook return visit ${input.visit.id} by phone: no slot could be offered by SMS`,
      });
      return false;
    }
    record.status = 'choosing-slot';
    reply = undefined;
    await report();
    await sms('offer', 'Offer free slots', {
      template: 'reschedule-offer',
      language: input.patient.language,
      params: { clinicName: input.clinicName, slots: record.offeredSlots, timeZone: tz },
    });
    const chosen = await condition(
      () => reply?.choice !== undefined && reply.choice >= 1 && reply.choice <= slots.length,
      CHOICE_WINDOW,
      { summary: 'Wait for the patient to choose a slot' },
    );
    if (!chosen) {
      await report({
        role: 'front-desk',
        summary: `Rebook return visit ${input.visit.id} by phone: no slot chosen`,
      });
      return false;
    }
    const slot = slots[replied()!.choice! - 1]!;
    await withSummary('bookVisit', 'Book the chosen slot', {
      caseId: input.journeyId,
      visitId: input.visit.id,
      patientRef: input.patient.ref,
      slot,
      idempotencyKey: `${input.journeyId}:visit:${input.visit.id}:${record.reschedules}:book`,
    });
    record.reschedules += 1;
    record.at = slot.at;
    record.status = 'confirmed';
    note(`rebooked for ${slot.at}`);
    await sms('booked', 'Confirm the new booking', {
      template: 'visit-booked',
      language: input.patient.language,
      params: { clinicName: input.clinicName, at: record.at, timeZone: tz, place: input.visit.place },
    });
    await report();
    return true;
  }

  for (;;) {
    const at = new Date(record.at).getTime();
    if (record.status !== 'confirmed') {
      const noticeAt = at - input.noticeDaysBefore * DAY;
      let reconfirmAt = at - input.reconfirmDaysBefore * DAY;
      let late = Date.now() >= reconfirmAt;
      if (has(RECONFIRM_AT_LOCAL_HOUR)) {
        const when = reconfirmationTime(
          new Date(at),
          input.reconfirmDaysBefore,
          tz,
          input.quietHours,
          new Date(),
        );
        reconfirmAt = when.at.getTime();
        late = when.late; // booked less than that ahead: no notice, the re-confirmation at once
      }
      if (!late) {
        await waitUntil(noticeAt, 'Return-visit notice');
        await sms('notice', 'Return-visit notice', {
          template: 'return-visit-notice',
          language: input.patient.language,
          params: visitParams(),
        });
        record.status = 'notified';
        note('notice sent');
        await report();
        await waitUntil(reconfirmAt, 'Return-visit re-confirmation');
      }
      reply = undefined;
      record.status = 'awaiting-confirmation';
      await sms('reconfirm', 'Ask the patient to confirm', {
        template: 'return-visit-reconfirm',
        language: input.patient.language,
        params: visitParams(),
      });
      await report();
      const window = Math.min(CONFIRM_WINDOW, Math.max(0, at - Date.now()));
      await condition(() => reply !== undefined && reply.intent !== 'symptoms', window, {
        summary: 'Wait for YES or CHANGE to the re-confirmation',
      });
      const answer = replied();
      if (answer?.intent === 'confirm') {
        record.status = 'confirmed';
        note('confirmed by the patient');
        await report();
      } else if (answer?.intent === 'reschedule' || answer?.intent === 'decline') {
        note('patient asked to reschedule');
        if (await reschedule(at + DAY)) continue;
      } else {
        // No answer: an automated call reads the re-confirmation (not at night), and the front
        // desk follows up.
        await sleepUntil(endOfQuietTime(input.quietHours, tz, new Date()), 'Call after quiet hours');
        await withSummary('callPatient', 'Call the patient to confirm', {
          caseId: input.journeyId,
          to: input.patient.phone,
          idempotencyKey: `${input.journeyId}:visit:${input.visit.id}:${record.reschedules}:call`,
          message: {
            template: 'return-visit-reconfirm',
            language: input.patient.language,
            params: visitParams(),
          },
        });
        note('no confirmation: patient called');
        await report({
          role: 'front-desk',
          summary: `Confirm return visit ${input.visit.id} by phone (no reply to SMS)`,
        });
      }
    }

    // The visit itself: attendance is recorded by staff; none by the grace time is a no-show.
    // A late YES or CHANGE (after the call) still counts.
    attendance = undefined;
    const lateAnswer = () => (record.status === 'confirmed' ? undefined : replied()?.intent);
    const endOfVisit = new Date(new Date(record.at).getTime() + ATTENDANCE_GRACE);
    let rebooked = false;
    while (attendance === undefined && Date.now() < endOfVisit.getTime()) {
      await condition(
        () => attendance !== undefined || ['confirm', 'reschedule', 'decline'].includes(lateAnswer() ?? ''),
        msUntil(endOfVisit),
        { summary: 'Wait for attendance (visit end + grace)' },
      );
      const answer = lateAnswer();
      if (attendance !== undefined || !answer) continue;
      if (answer === 'confirm') {
        record.status = 'confirmed';
        note('confirmed by the patient (late)');
        await report();
      } else if (['reschedule', 'decline'].includes(answer)) {
        reply = undefined;
        note('patient asked to reschedule (late)');
        if (await reschedule(Math.max(Date.now(), new Date(record.at).getTime()) + DAY)) {
          rebooked = true;
          break;
        }
      }
      reply = undefined;
    }
    if (rebooked) continue;
    if (attendance === true) {
      record.status = 'attended';
      await report();
      return record;
    }
    record.status = 'no-show';
    note('no-show');
    reply = undefined;
    await sms('no-show', 'No-show outreach', {
      template: 'no-show',
      language: input.patient.language,
      params: { clinicName: input.clinicName, at: record.at, timeZone: tz },
    });
    await report({
      role: 'front-desk',
      summary: `Return visit ${input.visit.id} missed: rebooking outreach`,
    });
    const wantsNew = await condition(
      () => ['reschedule', 'confirm'].includes(replied()?.intent ?? ''),
      REBOOK_WINDOW,
      { summary: 'Wait for the patient to ask for a new visit' },
    );
    if (!(wantsNew && (await reschedule(Date.now() + DAY)))) return record;
  }
}
