import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { ActivityInterfaceFor, ActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { ROUTINE, URGENT } from '../domain/priorities';
import { within } from './retry-budget';

// Every activity runs under an explicit, bounded retry policy that fits what it does: no
// provider outage makes a workflow wait forever, and on a safety path the workflow gets the
// failure in time to take the next step (next contact, next hospital, a human on the phone).
// Permanent failures (invalid number, opted out) are non-retryable and stop at once.

export type RetryPolicyName = keyof typeof RETRY_POLICIES;

// Task priority (domain/priorities.ts): the urgent path (pages, urgent words, the roster,
// referrals) never queues behind bulk work (after-care of an import, routine SMS, record writes,
// the back office); staff tasks and workflow tasks keep the default.
export { ROUTINE, URGENT } from '../domain/priorities';

/** The policies by kind of side effect. The bounds are what the safety net is built on. */
export const RETRY_POLICIES = {
  /** Routine patient SMS: retried for up to 30 min, then the workflow records the failure and a nurse phones. */
  'patient-sms': {
    ...within('30 minutes', { startToClose: '30 seconds', initial: '5 seconds', max: '5 minutes' }),
    priority: ROUTINE,
  },
  /** Urgent words to the patient (red flags, emergencies, opt-out confirmations): 2 min, then a human calls. */
  'patient-urgent': {
    ...within('2 minutes', { startToClose: '20 seconds', initial: '2 seconds', max: '20 seconds' }),
    priority: URGENT,
  },
  /**
   * A new journey's after-care: at once like urgent words, but at the default priority, so that a
   * clinic importing a thousand journeys does not queue its pages behind their after-care.
   */
  'after-care': {
    ...within('2 minutes', { startToClose: '20 seconds', initial: '2 seconds', max: '20 seconds' }),
  },
  /** A page (one call or one SMS to one person): seconds, then the escalation moves to the next contact. */
  page: {
    ...within('45 seconds', { startToClose: '15 seconds', initial: '2 seconds', max: '10 seconds' }),
    priority: URGENT,
  },
  /** Who is on call: the roster is configuration; a lookup that fails for a minute is a broken roster. */
  roster: {
    ...within('1 minute', { startToClose: '10 seconds', initial: '1 second', max: '10 seconds' }),
    priority: URGENT,
  },
  /** A referral to one partner hospital: bounded, then the next hospital. */
  referral: {
    ...within('5 minutes', { startToClose: '30 seconds', initial: '5 seconds', max: '1 minute' }),
    priority: URGENT,
  },
  /** Staff tasks are how humans learn of work: an hour (they share a lane with urgent words), then on the timeline. */
  'staff-task': within('1 hour', { startToClose: '30 seconds', initial: '5 seconds', max: '10 minutes' }),
  /** Writes to the patient's record: an hour (they share a lane with routine SMS), then a person enters it. */
  'ehr-write': {
    ...within('1 hour', { startToClose: '1 minute', initial: '10 seconds', max: '10 minutes' }),
    priority: ROUTINE,
  },
  /** Reads from the record (referral packet): short, the transfer cannot wait. */
  'ehr-read': {
    ...within('2 minutes', { startToClose: '30 seconds', initial: '2 seconds', max: '30 seconds' }),
    priority: URGENT,
  },
  /** Scheduling, billing, suppliers, training library: back-office systems, retried for a day. */
  'back-office': {
    ...within('24 hours', { startToClose: '1 minute', initial: '10 seconds', max: '30 minutes' }),
    priority: ROUTINE,
  },
} as const satisfies Record<string, ActivityOptions>;

/**
 * Each activity's default policy. Typed over every activity, so a new activity does not compile
 * until someone decides how it may fail.
 */
export const POLICY_OF: Record<keyof Activities, RetryPolicyName> = {
  sendPatientSms: 'patient-sms',
  callPatient: 'patient-urgent',
  resolveOnCall: 'roster',
  pageByCall: 'page',
  pageBySms: 'page',
  /** Legacy (call + SMS in one): only escalations started before the split still run it. */
  pageStaff: 'page',
  createStaffTask: 'staff-task',
  recordEhrCommunication: 'ehr-write',
  referralPacket: 'ehr-read',
  sendReferral: 'referral',
  /** Polled through its own retries (hospital-transfer.ts: followReferral), not this policy. */
  referralAnswer: 'referral',
  findFreeSlots: 'back-office',
  bookVisit: 'back-office',
  requestBilling: 'back-office',
  notifySupplier: 'back-office',
  recordTrainingCase: 'back-office',
};

const proxies = Object.fromEntries(
  Object.entries(RETRY_POLICIES).map(([name, { budgetMs: _budget, ...options }]) => [
    name,
    proxyActivities<Activities>(options),
  ]),
) as Record<RetryPolicyName, ActivityInterfaceFor<Activities>>;

/**
 * Run an activity under its policy (or `policy` when the call is more urgent than the activity's
 * default, e.g. an emergency instruction by SMS), with a summary that reads well in the Web UI.
 */
export function withSummary<K extends keyof Activities>(
  name: K,
  summary: string,
  ...args: Parameters<Activities[K]>
): Promise<Awaited<ReturnType<Activities[K]>>> {
  return runActivity(POLICY_OF[name], name, summary, ...args);
}

/**
 * Who is on call, read as a local activity: the roster is configuration read in the worker, within
 * the escalation's own workflow task, so the first pages are scheduled by the task that started
 * the escalation instead of one server round trip later (issue 13: red flag → page). Same
 * attempts and timeout as the roster policy; its retries wait on workflow timers
 * (localRetryThreshold 0), so a roster that cannot be read costs the escalation what it did.
 */
const { budgetMs: _rosterBudget, priority: _rosterPriority, ...rosterOptions } = RETRY_POLICIES.roster;
const localRoster = proxyLocalActivities<Pick<Activities, 'resolveOnCall'>>({
  ...rosterOptions,
  localRetryThreshold: 0,
});

export function readRosterLocally(
  summary: string,
  ...args: Parameters<Activities['resolveOnCall']>
): ReturnType<Activities['resolveOnCall']> {
  return localRoster.resolveOnCall.executeWithOptions({ summary }, args);
}

export function runActivity<K extends keyof Activities>(
  policy: RetryPolicyName,
  name: K,
  summary: string,
  ...args: Parameters<Activities[K]>
): Promise<Awaited<ReturnType<Activities[K]>>> {
  const activity = proxies[policy][name] as unknown as {
    executeWithOptions(
      options: { summary: string },
      args: unknown[],
    ): Promise<Awaited<ReturnType<Activities[K]>>>;
  };
  return activity.executeWithOptions({ summary }, args);
}
