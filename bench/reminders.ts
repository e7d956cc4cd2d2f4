import { DateTime } from 'luxon';
import { careJourney } from '../workflows';
import { bareReminder } from './bare-workflows';
import type { Bench, Side } from './harness';
import { benchJourney, inParallel, percentile, report, until } from './harness';

// Reminders due in the same minute: N journeys whose only prescription has one dose at the same
// instant T (midday in the patients' zone so quiet hours never defer it), timed from T to each
// reminder SMS; the same for N bare workflows sleeping until T. The lead before T leaves time for
// the journeys to settle (their medication courses asleep): a course that starts after T reminds
// at once, late, so lateness then measures the start backlog, not the reminders (the report says
// how many had settled by T).

export async function reminders(bench: Bench, n: number): Promise<void> {
  // ~15-20 journeys settle per second on 2 cores beside the bare starts (sustained, dev server):
  // 100 ms each leaves a margin (the report says how many had settled by T).
  const leadMs = Math.max(30_000, n * 100);
  const due = DateTime.fromMillis(Math.ceil((Date.now() + leadMs) / 60_000) * 60_000, { zone: 'utc' });
  const zone = middayZone(due.toJSDate());
  const local = due.setZone(zone);
  const dueAt = due.toMillis();
  const lateness: Record<Side, number[]> = { ours: [], bare: [] };
  const ids: Record<Side, string[]> = { ours: [], bare: [] };
  await inParallel(n, 16, async (i) => {
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
    ids.ours.push(input.journeyId);
    const id = `bare-rem-${process.pid}-${Date.now()}-${i}`;
    await bench.client.workflow.start(bareReminder, {
      taskQueue: bench.bareQueue,
      workflowId: id,
      args: [id, dueAt],
    });
    ids.bare.push(id);
  });
  if (Date.now() > dueAt)
    console.log('!! the starts took longer than the lead: lateness includes start time');
  const perfAtDue = performance.now() + (dueAt - Date.now());
  await new Promise((r) => setTimeout(r, Math.max(0, dueAt - Date.now())));
  const settledByDue = bench.deliveries.count('ours', 'after-care');
  await until(
    () => bench.deliveries.count('ours', 'reminder') >= n && bench.deliveries.count('bare', 'reminder') >= n,
    leadMs + 10 * 60_000,
  );
  for (const side of ['ours', 'bare'] as Side[])
    for (const id of ids[side]) {
      const at = bench.deliveries.at(side, id, 'reminder');
      lateness[side].push(at === undefined ? NaN : at - perfAtDue);
    }
  // A percentile over some of them would hide the missing ones: "-" unless all were sent.
  const late = (side: Side, p: number) =>
    lateness[side].some((v) => Number.isNaN(v)) ? NaN : percentile(lateness[side], p);
  const rows = [50, 95, 99].map((p) => ({
    figure: `reminder lateness, p${p}`,
    ours: late('ours', p),
    bare: late('bare', p),
    unit: 'ms',
  }));
  rows.push({
    figure: 'journeys settled (after-care sent) by T',
    ours: settledByDue,
    bare: n, // asleep once started
    unit: '',
  });
  rows.push({
    figure: 'reminders sent',
    ours: bench.deliveries.count('ours', 'reminder'),
    bare: bench.deliveries.count('bare', 'reminder'),
    unit: '',
  });
  report('reminders', { n }, rows);
}

/** An IANA zone where `at` is about noon (Etc/GMT-N is UTC+N). */
function middayZone(at: Date): string {
  let offset = 12 - at.getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}
