import type { JourneyState } from './journey';
import type { ClockView } from './sla-clock';

// What a case shows as its "current details" in the Temporal Web UI (the SDK's
// setCurrentDetails; Markdown): what a nurse or an operator needs at a glance, without reading
// events. Only stages, categories, ids of the case's own incidents, tasks and clocks, and times:
// never a name, a phone number, a patient's words or a task's text (it may quote them).

/** A care journey: stage, risk, next action and when, open incidents, transfers, tasks. */
export function journeyDetails(s: JourneyState): string {
  const lines = [
    `**Stage:** ${s.stage} · **risk:** ${s.risk}${s.optedOut ? ' · patient opted out of SMS' : ''}`,
    `**Next:** ${s.nextAction ? `${s.nextAction.what} at ${s.nextAction.at}` : 'nothing scheduled'}`,
  ];
  const open = s.openEscalations;
  lines.push(
    open.length === 0
      ? '**Open incidents:** none'
      : `**Open incidents:** ${open.map((e) => `${e.incidentId} (${e.severity}, ${e.status}${e.ref ? `, ref ${e.ref}` : ''})`).join('; ')}`,
  );
  const transfers = s.transfers.filter((t) =>
    ['awaiting-doctor', 'referring', 'accepted'].includes(t.status),
  );
  if (transfers.length)
    lines.push(`**Transfers:** ${transfers.map((t) => `${t.transferId} (${t.status})`).join('; ')}`);
  const tasks = s.tasks.filter((t) => t.status === 'open');
  if (tasks.length) lines.push(`**Open tasks:** ${countBy(tasks.map((t) => t.kind))}`);
  return lines.join('\n\n');
}

/** A complaint: stage, owner, whether it waits on the customer, every SLA clock. */
export function complaintDetails(c: {
  stage: string;
  owner: string;
  severity: string;
  waitingOnCustomer: boolean;
  clocks: ClockView[];
  next?: { what: string; at: number };
}): string {
  const lines = [
    `**Stage:** ${c.stage} · **owner:** ${c.owner} · **severity:** ${c.severity}${c.waitingOnCustomer ? ' · waiting on the customer' : ''}`,
    `**SLA clocks:** ${c.clocks.map(clockLine).join('; ') || 'none'}`,
    `**Next:** ${c.next ? `${c.next.what} at ${new Date(c.next.at).toISOString()}` : 'nothing scheduled'}`,
  ];
  return lines.join('\n\n');
}

function clockLine(v: ClockView): string {
  if (v.state === 'stopped') return `${v.id} stopped${v.breached ? ' (breached)' : ''}`;
  if (v.breached)
    return `${v.id} BREACHED ${-v.remainingMinutes} min ago${v.state === 'paused' ? ' (paused)' : ''}`;
  if (v.state === 'paused') return `${v.id} paused, ${v.remainingMinutes} min left`;
  return `${v.id} ${v.remainingMinutes} min left${v.dueAt ? ` (due ${v.dueAt})` : ''}`;
}

/** "nurse-callback ×2, front-desk" */
function countBy(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([v, n]) => (n > 1 ? `${v} ×${n}` : v)).join(', ');
}

/** An on-call escalation: its incident, status, pages so far, and what it waits for. */
export function escalationDetails(
  r: {
    incidentId: string;
    ref?: string;
    severity: string;
    status: string;
    pages: unknown[];
    failures?: unknown[];
  },
  waiting?: string,
): string {
  return [
    `**Incident:** ${r.incidentId}${r.ref ? ` (ref ${r.ref})` : ''} · **${r.severity}** · **status:** ${r.status}`,
    `**Pages out:** ${r.pages.length} · **could not be placed:** ${r.failures?.length ?? 0}`,
    ...(waiting ? [`**Waiting:** ${waiting}`] : []),
  ].join('\n\n');
}
