import { endOfQuietTime, postOpDay } from '../../domain/calendar';
import { emergencyNumberOf } from '../../domain/emergency-numbers';
import { nextDue as nextDueOf } from '../../domain/next-due';
import { DAY, HOUR } from '../parent';
import type { JourneyContext } from './context';
import { OUTCOMES_IN_EHR } from './patches';

// The journey's schedule: check-ins on the pinned protocol's schedule (SMS after quiet hours,
// or a nurse call), one reminder and then a nurse call when nobody answers, the closing survey;
// and when the next of these is due.

export function createSchedule(j: JourneyContext) {
  const { input, s } = j;
  const { quietHours } = input.clinic;
  const surveyDueAt = () => new Date(j.surgeryAt.getTime() + j.protocol.survey.offsetDays * DAY);

  /** Does what is due now (nothing while the journey is paused). */
  async function runSchedule(): Promise<void> {
    const t = j.now();
    if (s.stage === 'paused') return;
    for (const c of s.checkIns) {
      if (c.status === 'scheduled' && new Date(c.dueAt) <= t) {
        if (c.channel === 'nurse-call' || s.optedOut) {
          c.callTaskId = j.openTask(
            'nurse-call',
            'nurse',
            `Check-in ${c.id}: call the patient (${c.questionSet})`,
            j.nextBusiness(t),
          ).taskId;
          c.channel = 'nurse-call'; // opted out: this check-in is now a call
          c.status = 'sent';
          c.sentAt = t.toISOString();
          continue;
        }
        const day = postOpDay(j.surgeryAt, t, j.tz);
        j.tellPatient(
          `check-in-${c.id}`,
          j.message('check-in', {
            clinicName: input.clinic.name,
            questionSet: c.questionSet,
            postOpDay: day,
            emergencyNumber: emergencyNumberOf(input.clinic),
          }),
          false,
          `Check-in ${c.id}`,
        );
        c.status = 'sent';
        c.sentAt = endOfQuietTime(quietHours, j.tz, t).toISOString();
      } else if (c.channel === 'sms' && (c.status === 'sent' || c.status === 'reminded') && c.sentAt) {
        if (t.getTime() < new Date(c.sentAt).getTime() + c.replyWindowHours * HOUR) continue;
        if (c.status === 'sent' && c.noReply === 'reminder-then-nurse-call' && !s.optedOut) {
          j.tellPatient(
            `check-in-${c.id}-reminder`,
            j.message('check-in-reminder', { clinicName: input.clinic.name }),
            false,
            `Reminder for check-in ${c.id}`,
          );
          c.status = 'reminded';
          c.sentAt = endOfQuietTime(quietHours, j.tz, t).toISOString();
        } else {
          c.status = 'no-reply';
          j.note('check-in-no-reply', c.id);
          if (j.has(OUTCOMES_IN_EHR))
            j.record(`check-in-${c.id}-no-reply`, `No reply to check-in ${c.id}; nurse call task opened.`);
          c.callTaskId = j.openTask(
            'nurse-call',
            'nurse',
            `No reply to check-in ${c.id}: call the patient`,
            j.nextBusiness(t),
          ).taskId;
        }
      }
    }
    if (!s.survey && t >= surveyDueAt()) {
      j.tellPatient(
        'survey',
        j.message('survey', { clinicName: input.clinic.name }),
        false,
        'Closing survey',
      );
      s.survey = { sentAt: endOfQuietTime(quietHours, j.tz, t).toISOString() };
      j.enterStage('survey');
    }
  }

  /** The earliest scheduled thing (after `after`, when given: what is due now is already under way). */
  function nextDue(after = -Infinity) {
    const heldSms = j.memory.work.flatMap((w) => (w.kind === 'sms' ? [w] : []));
    return nextDueOf(s, { quietHours, timeZone: j.tz, surveyDueAt: surveyDueAt(), heldSms }, after);
  }

  return { runSchedule, nextDue };
}
