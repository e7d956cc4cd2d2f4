import { DateTime } from 'luxon';
import { careJourney } from '../workflows';
import { bareReminder } from './bare-workflows';
import type { Bench, Side } from './harness';
import { benchJourney, inParallel, percentile, report, until } from './harness';

// Reminders due in the same minute: N journeys whose only prescription has one dose at the same
// instant T (midday in the patients' zone so quiet hours never defer it), timed from T to each
// reminder SMS; then N bare workflows sleeping until their own T. The lead before T leaves time
// for the journeys to settle (their medication courses asleep): a course that starts after T
// reminds at once, late, so lateness then measures the start backlog, not the reminders (the
// report says how many had settled by T).
//
// One side after the other: a burst saturates the server on this machine, so with both bursts at
// the same instant each side's figure also measured its worker's share of the server (how many
// tasks it polled and held; issue 13: with 40 slots and 10 polls bare's figure doubled, ours did
// not move). One at a time, each side has the server to itself.

interface Burst {
  lateness: number[];
  settledByDue: number;
  sent: number;
}

export async function reminders(bench: Bench, n: number): Promise<void> {
  const ours = await burst(bench, 'ours', n);
  const bare = await burst(bench, 'bare', n);
  // A percentile over some of them would hide the missing ones: "-" unless all were sent.
  const late = (b: Burst, p: number) =>
    b.lateness.some((v) => Number.isNaN(v)) ? NaN : percentile(b.lateness, p);
  const rows = [50, 95, 99].map((p) => ({
    figure: `reminder lateness, p${p}`,
    ours: late(ours, p),
    bare: late(bare, p),
    unit: 'ms',
  }));
  rows.push({
    figure: 'journeys settled (after-care sent) by T',
    ours: ours.settledByDue,
    bare: n, // asleep once started
    unit: '',
  });
  rows.push({ figure: 'reminders sent', ours: ours.sent, bare: bare.sent, unit: '' });
  console.log('reminders: ours first, then bare (one burst at a time)');
  report('reminders', { n }, rows);
}

/** One side's N reminders due at one instant T, started and settled before it. */
async function burst(bench: Bench, side: Side, n: number): Promise<Burst> {
  // ~15-20 journeys settle per second on 2 cores (sustained, dev server): 100 ms each leaves a
  // margin (the report says how many had settled by T). A bare workflow is asleep once started.
  const leadMs = Math.max(30_000, n * (side === 'ours' ? 100 : 30));
  const due = DateTime.fromMillis(Math.ceil((Date.now() + leadMs) / 60_000) * 60_000, { zone: 'utc' });
  const zone = middayZone(due.toJSDate());
  const local = due.setZone(zone);
  const dueAt = due.toMillis();
  const ids: string[] = [];
  await inParallel(n, 16, async (i) => {
    if (side === 'bare') {
      const id = `bare-rem-${process.pid}-${Date.now()}-${i}`;
      await bench.client.workflow.start(bareReminder, {
        taskQueue: bench.bareQueue,
        workflowId: id,
        args: [id, dueAt],
      });
      ids.push(id);
      return;
    }
    const input = benchJourney(i, {
      patient: { ref: `P-${i}`, phone: '+819012345678', language: 'en', timeZone: zone },
      prescriptions: [
        {
          id: 'rx-1',
          name: 'Cefcapene',
          dose: '100 mg',
          times: [local.toFormat('HH:mm')],
          days: 1,
          startDate: local.toISODate()!,
        },
      ],
    });
    await bench.client.workflow.start(careJourney, {
      taskQueue: bench.oursQueue,
      workflowId: input.journeyId,
      args: [input],
    });
    ids.push(input.journeyId);
  });
  if (Date.now() > dueAt)
    console.log(`!! ${side}: the starts took longer than the lead: lateness includes start time`);
  const perfAtDue = performance.now() + (dueAt - Date.now());
  await new Promise((r) => setTimeout(r, Math.max(0, dueAt - Date.now())));
  const settledByDue = bench.deliveries.count(side, 'after-care');
  await until(() => bench.deliveries.count(side, 'reminder') >= n, leadMs + 10 * 60_000);
  const lateness = ids.map((id) => {
    const at = bench.deliveries.at(side, id, 'reminder');
    return at === undefined ? NaN : at - perfAtDue;
  });
  return { lateness, settledByDue, sent: bench.deliveries.count(side, 'reminder') };
}

/** An IANA zone where `at` is about noon (Etc/GMT-N is UTC+N). */
function middayZone(at: Date): string {
  let offset = 12 - at.getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}
