import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  setCurrentDetails,
  setHandler,
} from '@temporalio/workflow';
import type { ComplaintInput } from '../domain/complaint';
import { complaintDetails } from '../domain/current-details';
import { viewClock } from '../domain/sla-clock';
import { Alarm, sleepUntilWokenOrDue } from './case/alarm';
import { continueAsNewWhenIdle, historyIsLong } from './case/continue-as-new';
import type { ComplaintState } from './complaint-definitions';
import { complaintStateQuery, customerReplySignal } from './complaint-definitions';
import { createClocks } from './complaint/clocks';
import { ComplaintContext } from './complaint/context';
import { createCustomer } from './complaint/customer';
import { acceptDecisions } from './complaint/decisions';
import { createPlanExecution } from './complaint/execution';
import { ALARM_KEPT, COMPLAINT_WORK_IN_LANES, CONTINUES_AS_NEW } from './complaint/patches';
import { createSideEffects } from './complaint/side-effects';
import { complaintLinkSignal } from './journey-definitions';
import { DAY } from './parent';

// A complaint ([003] standard flow, SLAs from [001] 二(四)): acknowledgement at once; routing by
// category and severity; SLA clocks (first contact, root cause, resolution plan) on calendar or
// business hours that pause while the case waits on the customer, warn before breach and
// escalate on breach to management, then the director; assessments from every participant in
// any order; a resolution plan approved by management (or sent back); the customer's answer;
// execution through adapters; a satisfaction follow-up; corrective actions tracked to
// completion; closure into the training library; reopening when the customer is not satisfied.
// It continues as new before its history grows large, carrying the case.
// Its parts are in workflows/complaint/ (README "Architecture"); this is the process.

const DEFAULT_HISTORY_LIMIT = 1500;

/** The survey answer as the owner's task shows it: the score and the patient's own words. */
function surveyWords(survey: { score: number; comment?: string }): string {
  const comment = survey.comment ? `: "${survey.comment.slice(0, 500)}"` : ' (no comment)';
  return `Closing survey score ${survey.score}/5${comment}`;
}

/** The earliest of the loop's wake-ups, with what it is for (the timer's summary). */
function nextWake(wakes: [string, number | undefined][]): { what: string; at: number } | undefined {
  let next: { what: string; at: number } | undefined;
  for (const [what, at] of wakes) if (at !== undefined && (!next || at < next.at)) next = { what, at };
  return next;
}

export async function complaint(input: ComplaintInput): Promise<ComplaintState> {
  const c = new ComplaintContext(input);
  const { s, request, work, inbox, cal } = c;
  const execution = createPlanExecution(c);
  const sideEffects = createSideEffects(c, execution, patched(COMPLAINT_WORK_IN_LANES));
  const clocks = createClocks(c);
  const customer = createCustomer(c);

  // ---- what the case listens to
  setHandler(complaintStateQuery, (asOf) => {
    const asked = asOf === undefined ? NaN : Date.parse(asOf);
    const at = asked > Date.now() ? new Date(asked) : c.now(); // never earlier than the case knows
    return { ...s, clockViews: s.clocks.map((clock) => viewClock(clock, at, cal)) };
  });
  setHandler(customerReplySignal, (reply) => customer.receive(reply));
  acceptDecisions(c, customer, execution);

  // ---- intake (first run only): acknowledged at once, the owner told, the journey linked
  if (c.carried) {
    c.showCarried();
    c.note('continued-as-new', `run ${s.run}`);
  } else {
    c.showNewCase();
    c.note(
      'received',
      `${request.channel}: ${request.category} (${request.severity}); owner ${s.owner}; participants ${input.participants.join(', ')}`,
    );
    const firstContact = input.clocks.find((clock) => clock.id === 'first-contact')!;
    c.tellCustomer(
      'received',
      // The real target: "30 minutes" is not promised as "1 hour".
      c.message('complaint-received', { contactWithinMinutes: firstContact.targetMinutes }),
      'Acknowledge the complaint',
    );
    c.task(
      'new',
      s.owner,
      `New ${request.severity} complaint (${request.category}): first contact within ${firstContact.targetMinutes} min${firstContact.mode === 'business' ? ' of business hours' : ''}` +
        (request.survey ? `. ${surveyWords(request.survey)}` : ''),
    );
    if (s.journeyId) {
      // Linked both ways: the journey whose closing survey raised it learns its id.
      await getExternalWorkflowHandle(s.journeyId)
        .signal(complaintLinkSignal, { complaintId: c.id })
        .catch(() => undefined);
    }
  }

  // ---- the case's loop: the customer's messages, the clocks, side effects, the follow-up;
  // until it has been closed for its reopen window
  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const alarm = patched(ALARM_KEPT) ? new Alarm() : undefined;
  for (;;) {
    while (inbox.length) customer.read(inbox.shift()!);
    clocks.tickClocks();
    await sideEffects.runDueWork();
    if (customer.followUpIfDue()) continue;
    if (s.stage === 'closed') {
      c.closedUntil ??= Date.now() + input.sla.reopenWindowDays * DAY;
      if (Date.now() >= c.closedUntil && work.length === 0) break;
    } else {
      c.closedUntil = undefined;
    }
    if (historyIsLong(historyLimit) && work.length === 0 && inbox.length === 0 && patched(CONTINUES_AS_NEW))
      // A decision or reply that came in meanwhile is handled first, in this run.
      await continueAsNewWhenIdle(
        () => work.length === 0 && inbox.length === 0,
        () => continueAsNew<typeof complaint>({ ...input, carried: c.memory() }),
      );
    const next = nextWake([
      ['an SLA clock', clocks.nextClockWake()],
      ['the satisfaction follow-up', s.followUpDueAt ? Date.parse(s.followUpDueAt) : undefined],
      ['the end of the reopen window', c.closedUntil],
      ['a customer SMS held in quiet hours', sideEffects.heldUntil()],
    ]);
    const clockViews = s.clocks.map((clock) => viewClock(clock, c.now(), cal));
    setCurrentDetails(complaintDetails({ ...s, clocks: clockViews, next }));
    c.dirty = false;
    const wake = () => c.dirty || inbox.length > 0;
    await sleepUntilWokenOrDue(wake, next ?? undefined, alarm);
  }
  c.done = true;
  setCurrentDetails(
    complaintDetails({ ...s, clocks: s.clocks.map((clock) => viewClock(clock, c.now(), cal)) }),
  );
  await condition(allHandlersFinished);
  return s;
}
