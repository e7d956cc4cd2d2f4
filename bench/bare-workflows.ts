import { condition, defineSignal, proxyActivities, setHandler, sleep } from '@temporalio/workflow';

// The bare Temporal baseline the benchmarks compare a journey with: the least a workflow can do
// for the same visible effect — one activity at start (the after-care SMS), then asleep until a
// signal (a red-flag reply) runs one more activity (the page); a reminder sleeps to its time and
// runs one activity. No children, no search attributes, no state.

export interface BareActivities {
  deliver(what: { id: string; kind: 'after-care' | 'page' | 'reminder' }): Promise<void>;
}

const { deliver } = proxyActivities<BareActivities>({ startToCloseTimeout: '10 seconds' });

export const bareReplySignal = defineSignal('reply');

export async function bareJourney(id: string): Promise<void> {
  let replied = false;
  setHandler(bareReplySignal, () => {
    replied = true;
  });
  await deliver({ id, kind: 'after-care' });
  await condition(() => replied);
  await deliver({ id, kind: 'page' });
  await condition(() => false, '14 days');
}

export async function bareReminder(id: string, at: number): Promise<void> {
  await sleep(Math.max(1, at - Date.now()));
  await deliver({ id, kind: 'reminder' });
}
