import {
  allHandlersFinished,
  condition,
  continueAsNew,
  setCurrentDetails,
  setHandler,
} from '@temporalio/workflow';
import { emergencyNumberOf } from '../domain/emergency-numbers';
import { journeyDetails } from '../domain/current-details';
import type { CareJourneyInput, JourneyState } from '../domain/journey';
import { Alarm, sleepUntilWokenOrDue } from './case/alarm';
import { continueAsNewWhenIdle, historyIsLong } from './case/continue-as-new';
import {
  adherenceUpdateSignal,
  complaintLinkSignal,
  deliveryReceiptSignal,
  incidentUpdateSignal,
  journeyStateQuery,
  patientReplySignal,
  transferUpdateSignal,
  visitUpdateSignal,
} from './journey-definitions';
import { createChildren } from './journey/children';
import { openJourney } from './journey/context';
import { acceptDecisions } from './journey/decisions';
import { ALARM_KEPT } from './journey/patches';
import { createReceipts } from './journey/receipts';
import { createReplies } from './journey/replies';
import { createSchedule } from './journey/schedule';
import { createSideEffects } from './journey/side-effects';

// The care journey of one surgery ([000] §1, §2, §7; [004]): after-care and the 24-hour line
// at once; check-ins on the pinned protocol's schedule with reminder and nurse-call fallbacks;
// patient replies triaged into normal / concern / urgent / emergency; on-call escalation and
// hospital transfer as child workflows; medication courses and return visits as child
// workflows; quiet hours; opt-out; staff decisions as validated updates; the closing survey.
// The workflow interprets data (protocol, clinic settings pinned at start), so it stays stable
// across code deploys; it continues as new before its history grows large.
// Its parts are in workflows/journey/ (README "Architecture"); this is the protocol.

const DEFAULT_HISTORY_LIMIT = 1500;

export async function careJourney(input: CareJourneyInput): Promise<JourneyState> {
  const j = openJourney(input);
  const { s, memory } = j;
  const sideEffects = createSideEffects(j);
  const children = createChildren(j);
  const replies = createReplies(j, children);
  const schedule = createSchedule(j);
  const receipts = createReceipts(j);

  // ---- what the journey listens to (set before the first await: messages that came with the
  // start are delivered as each handler is set, in this order)
  setHandler(journeyStateQuery, () => s);
  setHandler(patientReplySignal, (reply) => replies.receive(reply));
  setHandler(deliveryReceiptSignal, (receipt) => receipts.receive(receipt));
  setHandler(complaintLinkSignal, (link) => replies.complaintLinked(link));
  setHandler(incidentUpdateSignal, (update) => children.incidentReported(update));
  setHandler(transferUpdateSignal, (update) => children.transferReported(update));
  setHandler(adherenceUpdateSignal, (update) => children.courseReported(update));
  setHandler(visitUpdateSignal, (update) => children.visitReported(update));
  acceptDecisions(j, children);

  // ---- start (first run only): after-care instructions and the 24-hour line go at once,
  // whatever the hour ([000] §1.5), recorded in the EHR; then the courses and visits.
  if (!input.carried) {
    j.showNewCase();
    j.note(
      'journey-started',
      `${input.surgery.procedureCode} performed ${s.surgeryAt}, protocol ${j.protocol.id}`,
    );
    j.tellPatient(
      'after-care',
      j.message('after-care', {
        clinicName: input.clinic.name,
        procedureCode: input.surgery.procedureCode,
        emergencyLine: input.clinic.emergencyLine,
        emergencyNumber: emergencyNumberOf(input.clinic),
      }),
      true,
      'Send after-care instructions and the 24-hour line',
    );
    j.record('after-care', 'After-care instructions and the 24-hour emergency number sent by SMS.');
    await sideEffects.runDueWork();
    await children.startCoursesAndVisits();
    j.enterStage('monitoring');
  } else {
    j.showCarried();
    j.note('continued-as-new', `run ${s.run}`);
  }

  // ---- the journey's loop: replies, staff ending it, the schedule, side effects; until the
  // follow-up is over and nothing is open or queued
  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const alarm = j.has(ALARM_KEPT) ? new Alarm() : undefined;
  for (;;) {
    while (memory.inbox.length) await replies.handleReply(memory.inbox.shift()!);
    if (j.finishReason) break;
    await schedule.runSchedule();
    await sideEffects.runDueWork();
    const followUpOver = Date.now() >= Date.parse(s.followUpEndsAt);
    const stillOpen =
      s.openEscalations.length > 0 ||
      s.transfers.some((t) => ['awaiting-doctor', 'referring', 'accepted'].includes(t.status));
    if (followUpOver && !stillOpen && memory.work.length === 0) break;
    const next = j.inLanes ? schedule.nextDue(Date.now()) : schedule.nextDue();
    s.nextAction = next ? { what: next.what, at: new Date(next.at).toISOString() } : null;
    setCurrentDetails(journeyDetails(s));
    // Continue as new before the history grows large, carrying the memory.
    if (historyIsLong(historyLimit) && memory.work.length === 0)
      await continueAsNewWhenIdle(
        () => memory.inbox.length === 0,
        () => continueAsNew<typeof careJourney>({ ...input, protocol: j.protocol, carried: memory }),
      );
    j.dirty = false;
    // Wake for a reply, a decision, a child's report, or the next due time.
    const wake = () => memory.inbox.length > 0 || j.dirty || j.finishReason !== undefined;
    // (In lanes, `next` is always ahead: what is due now is under way and wakes the loop when
    // done. Before WORK_IN_LANES a past-due candidate woke it every 1 ms.)
    await sleepUntilWokenOrDue(wake, next ?? undefined, alarm);
  }

  // ---- the end: children stopped if staff ended it, the summary to the EHR
  j.closing = true;
  await condition(sideEffects.idle); // nothing left in flight with a provider
  const finish = j.finishReason;
  if (finish) {
    j.note(finish.stage, finish.reason, finish.staffId);
    for (const child of children.toStopAtFinish(finish.stage))
      await children
        .handle(child)
        .cancel()
        .catch(() => undefined);
    children.markStopped();
  }
  const summary =
    `Care journey ${finish?.stage ?? 'completed'} (protocol ${j.protocol.id}). ` +
    `Check-ins: ${s.checkIns.filter((c) => c.status === 'answered').length}/${s.checkIns.length} answered. ` +
    `Escalations: ${s.escalations.length}. Transfers: ${s.transfers.length}. ` +
    `Survey: ${s.survey?.score ?? 'no score'}.`;
  await sideEffects.runWork({
    kind: 'ehr',
    key: 'summary',
    summary,
    title: 'Write the journey summary to the EHR',
  });
  s.nextAction = null;
  j.enterStage(finish?.stage ?? 'completed');
  setCurrentDetails(journeyDetails(s));
  j.note('journey-ended', summary);
  await condition(allHandlersFinished);
  return s;
}
