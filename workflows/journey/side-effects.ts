import { ActivityFailure, ApplicationFailure, log } from '@temporalio/workflow';
import { runActivity, withSummary } from '../activity-proxy';
import { WorkLanes } from '../case/work-lanes';
import type { JourneyContext, Work } from './context';
import { rememberSent } from './receipts';

// The journey's queued side effects (patient SMS and calls, staff tasks, record writes): how each
// is carried out, and what happens when a provider cannot do it. They run in one lane beside the
// loop (journeys started before WORK_IN_LANES: in the loop, in order).

export function createSideEffects(j: JourneyContext) {
  const { id, input, memory } = j;

  /** Runs one queued side effect; a provider that fails past its retry budget hands over to a human. */
  async function runWork(item: Work): Promise<void> {
    try {
      await perform(item);
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err; // a bug: fail the workflow task, not the patient
      await sideEffectFailed(item, err);
    }
  }

  async function perform(item: Work): Promise<void> {
    if (item.kind === 'task') {
      const { task } = item;
      await withSummary('createStaffTask', `Task for ${task.role}: ${task.kind}`, {
        caseId: id,
        taskId: task.taskId,
        role: task.role,
        kind: task.kind,
        dueAt: task.dueAt,
        summary: task.summary,
        idempotencyKey: `${id}:${task.taskId}`,
      });
    } else if (item.kind === 'ehr') {
      await withSummary('recordEhrCommunication', item.title ?? 'Record in the EHR', {
        caseId: id,
        patientRef: input.patient.ref,
        channel: 'note',
        summary: item.summary,
        // The journey summary kept its key from before record writes were queued.
        idempotencyKey: item.key === 'summary' ? `${id}:summary` : `${id}:${item.key}:ehr`,
      });
    } else if (item.kind === 'call') {
      await callPatient(item);
    } else if (j.s.optedOut && item.message.template !== 'opt-out-confirmed') {
      // STOP is honoured at once: urgent words go by phone, the rest is not sent.
      if (item.urgent) await callPatient(item);
      else j.note('sms-not-sent', `${item.summary} (patient opted out)`);
    } else {
      // Remembered first: the receipt of an undelivered SMS can come before the activity's result.
      rememberSent(j, { key: item.key, summary: item.summary, urgent: item.urgent, message: item.message });
      const policy =
        item.key === 'after-care' ? 'after-care' : item.urgent ? 'patient-urgent' : 'patient-sms';
      await runActivity(policy, 'sendPatientSms', item.summary, {
        caseId: id,
        to: input.patient.phone,
        idempotencyKey: `${id}:${item.key}`,
        message: item.message,
      });
      j.note('sms-sent', item.summary);
    }
  }

  async function callPatient(item: Extract<Work, { kind: 'sms' | 'call' }>): Promise<void> {
    await withSummary('callPatient', `Call the patient: ${item.summary}`, {
      caseId: id,
      to: input.patient.phone,
      idempotencyKey: `${id}:${item.key}:call`,
      message: item.message,
    });
    j.note('patient-called', item.summary);
  }

  /**
   * What happens when a side effect cannot be done. Urgent words to the patient: a phone call,
   * else a nurse phones now. Routine SMS: a nurse phones when the clinic opens. A number that
   * cannot take SMS: the front desk checks it. Tasks and record writes: on the timeline, where the
   * API and the console show them. The reason names the failure's type, never the message text.
   */
  async function sideEffectFailed(item: Work, err: ActivityFailure): Promise<void> {
    const permanent = err.cause instanceof ApplicationFailure && err.cause.nonRetryable;
    const why = permanent
      ? `refused by the provider: ${(err.cause as ApplicationFailure).type ?? 'permanent failure'}`
      : 'provider unavailable past the retry budget';
    log.warn('side effect failed', { journeyId: id, kind: item.kind, permanent });
    if (item.kind === 'task') {
      j.note('task-not-delivered', `${item.task.taskId} (${item.task.kind}): ${why}; open on this journey`);
      return;
    }
    if (item.kind === 'call') {
      j.note('call-failed', `${item.summary}: ${why}`);
      j.openTask(
        'nurse-call',
        'nurse',
        `URGENT: the patient did not get "${item.summary}" (SMS undelivered, call failed: ${why}): phone the patient`,
        j.now(),
      );
      return;
    }
    if (item.kind === 'ehr') {
      j.note('ehr-not-recorded', `${item.key}: ${why}`);
      // Nothing is lost: a person enters it by hand (the journey's last note has nobody left to ask).
      if (!j.closing)
        j.openTask(
          'front-desk',
          'front-desk',
          `The EHR did not take a note (${why}): enter it by hand: ${item.summary}`,
          j.nextBusiness(j.now()),
        );
      return;
    }
    j.note(permanent ? 'sms-undeliverable' : 'sms-failed', `${item.summary}: ${why}`);
    if (permanent && err.cause instanceof ApplicationFailure && err.cause.type === 'PermanentDeliveryError')
      j.openTask(
        'front-desk',
        'front-desk',
        `SMS could not be delivered (${why}): check the number`,
        j.now(),
      );
    if (item.urgent && !(j.s.optedOut && item.message.template !== 'opt-out-confirmed')) {
      try {
        await callPatient(item);
        return;
      } catch (callErr) {
        if (!(callErr instanceof ActivityFailure)) throw callErr;
        j.note('call-failed', `${item.summary}: the call could not be placed either`);
      }
    }
    const urgentWords = item.urgent ? 'URGENT: ' : '';
    j.openTask(
      'nurse-call',
      'nurse',
      `${urgentWords}the patient did not get "${item.summary}" (${why}): phone the patient`,
      item.urgent ? j.now() : j.nextBusiness(j.now()),
    );
  }

  /** Journeys recorded before WORK_IN_LANES: due work in the loop, in order, as it was then. */
  async function runDueWorkInOrder(): Promise<void> {
    const t = j.now().toISOString();
    const due = memory.work.filter((w) => w.kind !== 'sms' || w.notBefore <= t);
    memory.work = memory.work.filter((w) => !due.includes(w));
    for (const item of due) {
      try {
        await perform(item);
      } catch (err) {
        const permanent =
          err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable;
        if (item.kind !== 'sms' || !permanent) throw err;
        j.note('sms-undeliverable', `${item.summary}: ${err.cause.type ?? 'permanent failure'}`);
        j.openTask('front-desk', 'front-desk', 'SMS could not be delivered: check the number', j.now());
      }
    }
  }

  const lanes = new WorkLanes<Work>({
    queue: () => memory.work,
    remove: (item) => {
      memory.work = memory.work.filter((w) => w !== item);
    },
    // One lane, one side effect at a time as before (the time-skipping test server loses its
    // clock when a journey's activities run side by side), urgent words first, then staff tasks,
    // routine SMS, record writes. The budgets of what may be in flight ahead of urgent words are
    // what bounds their wait (see README).
    laneOf: () => 'side-effects',
    priority: (w) =>
      w.kind === 'call' ? 0 : w.kind === 'sms' ? (w.urgent ? 0 : 2) : w.kind === 'task' ? 1 : 3,
    isDue: (w) => w.kind !== 'sms' || w.notBefore <= j.now().toISOString(),
    run: runWork,
    settled: () => {
      j.dirty = true;
    },
  });

  return {
    runWork,
    /** Starts what is due (in lanes: returns at once; before WORK_IN_LANES: runs it here). */
    runDueWork: () => (j.inLanes ? lanes.kick() : runDueWorkInOrder()),
    /** Nothing is in flight with a provider. */
    idle: () => lanes.idle,
  };
}
