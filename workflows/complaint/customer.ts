import { pendingOutcomes } from '../../domain/complaint-execution';
import type { PatientReply } from '../../domain/decisions';
import { parseReply } from '../../domain/reply-parser';
import { startClock } from '../../domain/sla-clock';
import { firstDelivery } from '../case/provider-ids';
import type { ComplaintContext } from './context';

// The customer's side of the case: their answer to the plan, their satisfaction, closing, and
// reopening when it is not resolved; their SMS, received once and read by the loop.

export type Customer = ReturnType<typeof createCustomer>;

export function createCustomer(c: ComplaintContext) {
  const { s, input, request } = c;

  /** The signal: a message waits in the inbox for the loop (a redelivered webhook is ignored). */
  function receive(reply: PatientReply): void {
    if (firstDelivery(c.seenReplies, reply.providerMessageId)) c.inbox.push(reply);
  }

  /** A message from the customer: a yes/no to what is open, else words for the owner. */
  function read(reply: PatientReply): void {
    const intent = parseReply(reply.text, request.customer.language).intent;
    if (intent !== 'confirm' && intent !== 'decline') {
      c.note('customer-message', reply.text.slice(0, 200));
      c.task(
        `message-${reply.providerMessageId}`,
        s.owner,
        `The customer wrote: "${reply.text.slice(0, 200)}"`,
      );
    } else if (s.stage === 'awaiting-customer') answered(intent === 'confirm', 'sms');
    // A yes/no is the satisfaction answer only once the follow-up has asked (followUpDueAt
    // cleared); before that it is a late answer to the plan, which staff already recorded.
    else if (s.stage === 'follow-up' && s.satisfaction === null && s.followUpDueAt === null)
      satisfied(intent === 'confirm', 'sms');
    else if (s.stage === 'closed' && intent === 'decline') reopen('the customer says it is not resolved');
    // A bare yes/no that answers nothing open is kept on the timeline; it needs no one's action.
    else c.note('customer-message', reply.text.slice(0, 200));
  }

  /** The customer's answer to the plan: carried out, or back to planning. */
  function answered(accepted: boolean, via: 'sms' | 'staff', comment?: string): void {
    s.customerResponse = { accepted, via, at: c.now().toISOString(), ...(comment ? { comment } : {}) };
    s.waitingOnCustomer = false;
    if (accepted) {
      s.plan!.outcomes = pendingOutcomes(s.plan!.actions, c.now().toISOString());
      c.enterStage('executing');
      c.queue({ kind: 'execute' });
    } else {
      c.note('plan-declined', comment);
      s.plan = null;
      c.enterStage('planning');
      c.task(
        `declined-${s.reopenCount}`,
        s.owner,
        `The customer declined the plan${comment ? `: ${comment}` : ''}: propose another`,
      );
    }
    c.dirty = true;
  }

  function satisfied(ok: boolean, via: 'sms' | 'staff', comment?: string): void {
    s.satisfaction = { satisfied: ok, via, at: c.now().toISOString(), ...(comment ? { comment } : {}) };
    s.followUpDueAt = null; // answered (perhaps on the phone before we asked): nothing left to ask
    if (ok) {
      c.note('customer-satisfied', comment);
      tryClose();
    } else {
      reopen(`customer not satisfied${comment ? `: ${comment}` : ''}`);
    }
  }

  /** Closes the case unless a corrective action is still open. */
  function tryClose(): void {
    if (s.correctiveActions.some((a) => a.status === 'open')) {
      c.note('closing-waits', 'open corrective actions');
      return;
    }
    s.closedAt = c.now().toISOString();
    c.enterStage('closed');
    c.tellCustomer(`closed-${s.reopenCount}`, c.message('complaint-closed', {}), 'Closing note');
    c.queue({ kind: 'training-case' });
    c.dirty = true;
  }

  function reopen(reason: string, by?: string): void {
    s.reopenCount += 1;
    s.closedAt = null;
    s.plan = null;
    s.customerResponse = null;
    s.satisfaction = null;
    s.followUpDueAt = null;
    // A reopened case gets a new resolution-plan clock.
    const policy = input.clocks.find((clock) => clock.id === 'resolution-plan')!;
    s.clocks = [...s.clocks.filter((clock) => clock.id !== 'resolution-plan'), startClock(policy, c.now())];
    c.note('reopened', reason, by);
    c.enterStage('planning');
    c.task(`reopened-${s.reopenCount}`, s.owner, `Complaint ${request.complaintId} reopened: ${reason}`);
  }

  /** The satisfaction follow-up, when it is due and unanswered: asked once. */
  function followUpIfDue(): boolean {
    if (
      s.stage !== 'follow-up' ||
      !s.followUpDueAt ||
      s.satisfaction ||
      Date.now() < Date.parse(s.followUpDueAt)
    )
      return false;
    s.followUpDueAt = null;
    c.tellCustomer(
      `follow-up-${s.reopenCount}`,
      c.message('complaint-follow-up', {}),
      'Satisfaction follow-up',
    );
    return true;
  }

  return { receive, read, answered, satisfied, tryClose, reopen, followUpIfDue };
}
