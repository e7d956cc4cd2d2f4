import { DateTime } from 'luxon';
import { careJourney } from '../workflows';
import { bareReminder } from './bare-workflows';
import type { Bench, Side } from './harness';
import { benchJourney, inParallel, percentile, report, until } from './harness';

// Reminders due in the same minute: N journeys whose only prescription has one dose at the same
// instant T (a minute or more ahead, midday in the patients' zone so quiet hours never defer it),
// timed from T to each reminder SMS; the same for N bare workflows sleeping until T.

export async function reminders(bench: Bench, n: number): Promise<void> {
  const leadMs = Math.max(15_000, n * 60); // time to start them all before T
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
  await until(
    () => bench.deliveries.count('ours', 'reminder') >= n && bench.deliveries.count('bare', 'reminder') >= n,
    leadMs + 10 * 60_000,
  );
  for (const side of ['ours', 'bare'] as Side[])
    for (const id of ids[side]) {
      const at = bench.deliveries.at(side, id, 'reminder');
      lateness[side].push(at === undefined ? NaN : at - perfAtDue);
    }
  const rows = [50, 95, 99].map((p) => ({
    figure: `reminder lateness, p${p}`,
    ours: percentile(lateness.ours, p),
    bare: percentile(lateness.bare, p),
    unit: 'ms',
  }));
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
