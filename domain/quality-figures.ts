import type { CheckInState, IncidentSummary, JourneyState, VisitSummary } from './journey';
import type { MonthPeriod } from './quality-period';
import { inPeriod } from './quality-period';
import type { QualityTargets } from './quality-targets';

// The quality figures of one clinic for one month, from the facts of its cases: pure, so the
// console, the monthly PDCA report and the tests compute them the same way. Each figure comes
// with its target and whether it was met; a figure with nothing to count is null (neither met
// nor missed). Events count in the month they happened in the clinic's zone: a complaint by when
// it was received, a check-in by when it was due, a red flag by when it was raised, a return
// visit by its date, a survey by when it was sent, medication by the journey's surgery date.

/** What the figures read of a care journey (its state: running, or the result of a finished one). */
export type JourneyFacts = Pick<JourneyState, 'surgeryAt' | 'survey' | 'adherence'> & {
  checkIns: Pick<CheckInState, 'dueAt' | 'status'>[];
  escalations: Pick<IncidentSummary, 'startedAt' | 'severity' | 'ackLatencySeconds'>[];
  returnVisits: Pick<VisitSummary, 'at' | 'status'>[];
};

/** What the figures read of a complaint. */
export interface ComplaintFacts {
  receivedAt: string;
  closed: boolean;
  /** Every SLA clock the complaint has: met (stopped in time), breached, or still undecided. */
  clocks: {
    id: string;
    name: string;
    met: boolean;
    breached: boolean;
    stopped: boolean;
    elapsedMinutes: number;
  }[];
  satisfaction: { satisfied: boolean; at: string } | null;
}

export interface CaseFacts {
  journeys: JourneyFacts[];
  complaints: ComplaintFacts[];
}

/** The clinic's acknowledgement target per severity: its first escalation level's timeout. */
export type AckTargets = Partial<Record<IncidentSummary['severity'], number>>;

export interface Figure {
  /** A share in percent (rounded to 0.1), or minutes; null when there was nothing to count. */
  value: number | null;
  unit: '%' | 'min';
  target: number;
  /** Met when the value is at least the target, or (for `at-most`) at most. */
  direction: 'at-least' | 'at-most';
  met: boolean | null;
  /** How many cases or events the figure counts. */
  counted: number;
}

export const LATENCY_BUCKETS: readonly [number, number][] = [
  [0, 5],
  [5, 10],
  [10, 15],
  [15, 30],
  [30, Infinity],
];

export interface QualityFigures {
  month: string;
  from: string;
  to: string;
  complaints: { received: number; closed: number };
  closure: Figure;
  /** One per SLA clock id the month's complaints have, in the order first seen. */
  clocks: { id: string; name: string; met: number; breached: number; running: number; compliance: Figure }[];
  firstContact: Figure & { withinTarget: number };
  satisfaction: Figure & { fromSurveys: number; fromComplaints: number };
  checkInResponse: Figure;
  acknowledgement: Figure & {
    raised: number;
    targetMinutes: AckTargets;
    buckets: { label: string; urgent: number; emergency: number }[];
  };
  noShows: Figure;
  adherence: Figure & { taken: number; due: number };
}

const SATISFIED_SCORE = 4;

function share(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((1000 * part) / whole) / 10;
}

function figure(
  value: number | null,
  unit: Figure['unit'],
  target: number,
  counted: number,
  direction: Figure['direction'] = 'at-least',
): Figure {
  const met = value === null ? null : direction === 'at-least' ? value >= target : value <= target;
  return { value, unit, target, direction, met, counted };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function qualityFigures(
  facts: CaseFacts,
  period: MonthPeriod,
  targets: QualityTargets,
  ackTargets: AckTargets,
): QualityFigures {
  const within = (at: string | null | undefined) => inPeriod(at, period);

  const complaints = facts.complaints.filter((c) => within(c.receivedAt));
  const closed = complaints.filter((c) => c.closed).length;

  const clockIds: { id: string; name: string }[] = [];
  for (const c of complaints)
    for (const k of c.clocks)
      if (!clockIds.some((x) => x.id === k.id)) clockIds.push({ id: k.id, name: k.name });
  const clocks = clockIds.map(({ id, name }) => {
    const views = complaints.flatMap((c) => c.clocks.filter((k) => k.id === id));
    const met = views.filter((k) => k.met).length;
    const breached = views.filter((k) => k.breached).length;
    return {
      id,
      name,
      met,
      breached,
      running: views.length - met - breached,
      compliance: figure(share(met, met + breached), '%', targets.clockCompliancePercent, met + breached),
    };
  });

  // Time to first contact: the first-contact clocks that stopped (contact made), in clock minutes.
  const contacts = complaints
    .flatMap((c) => c.clocks.filter((k) => k.id === 'first-contact' && k.stopped))
    .map((k) => k.elapsedMinutes);
  const firstContact = {
    ...figure(median(contacts), 'min', targets.firstContactMinutes, contacts.length, 'at-most'),
    withinTarget: contacts.filter((m) => m <= targets.firstContactMinutes).length,
  };

  const surveys = facts.journeys
    .map((j) => j.survey)
    .filter((s) => s?.score !== undefined && within(s.sentAt))
    .map((s) => s!.score! >= SATISFIED_SCORE);
  const followUps = facts.complaints
    .map((c) => c.satisfaction)
    .filter((s) => s !== null && within(s.at))
    .map((s) => s!.satisfied);
  const answers = [...surveys, ...followUps];
  const satisfaction = {
    ...figure(
      share(answers.filter(Boolean).length, answers.length),
      '%',
      targets.satisfactionPercent,
      answers.length,
    ),
    fromSurveys: surveys.length,
    fromComplaints: followUps.length,
  };

  // A check-in counts once its reply window is over: answered, or no reply.
  const checkIns = facts.journeys
    .flatMap((j) => j.checkIns)
    .filter((c) => within(c.dueAt) && (c.status === 'answered' || c.status === 'no-reply'));
  const answered = checkIns.filter((c) => c.status === 'answered').length;

  const raised = facts.journeys.flatMap((j) => j.escalations).filter((e) => within(e.startedAt));
  const acknowledged = raised.filter((e) => e.ackLatencySeconds !== undefined);
  const minutes = (e: (typeof raised)[number]) => e.ackLatencySeconds! / 60;
  const inTime = acknowledged.filter((e) => minutes(e) < (ackTargets[e.severity] ?? Infinity)).length;
  const acknowledgement = {
    // Unacknowledged red flags count against the target: nobody answered in time.
    ...figure(share(inTime, raised.length), '%', targets.acknowledgedInTimePercent, raised.length),
    raised: raised.length,
    targetMinutes: ackTargets,
    buckets: LATENCY_BUCKETS.map(([from, to]) => {
      const bucket = acknowledged.filter((e) => minutes(e) >= from && minutes(e) < to);
      return {
        label: to === Infinity ? `≥ ${from} min` : `${from}–${to} min`,
        urgent: bucket.filter((e) => e.severity === 'urgent').length,
        emergency: bucket.filter((e) => e.severity === 'emergency').length,
      };
    }),
  };

  const visits = facts.journeys
    .flatMap((j) => j.returnVisits)
    .filter((v) => within(v.at) && (v.status === 'attended' || v.status === 'no-show'));
  const missed = visits.filter((v) => v.status === 'no-show').length;

  const courses = facts.journeys.filter((j) => within(j.surgeryAt)).flatMap((j) => j.adherence);
  const taken = courses.reduce((n, c) => n + c.taken, 0);
  const due = courses.reduce((n, c) => n + c.taken + c.missed, 0);

  return {
    month: period.month,
    from: period.from,
    to: period.to,
    complaints: { received: complaints.length, closed },
    closure: figure(share(closed, complaints.length), '%', targets.closurePercent, complaints.length),
    clocks,
    firstContact,
    satisfaction,
    checkInResponse: figure(
      share(answered, checkIns.length),
      '%',
      targets.checkInResponsePercent,
      checkIns.length,
    ),
    acknowledgement,
    noShows: figure(share(missed, visits.length), '%', targets.noShowPercent, visits.length, 'at-most'),
    adherence: { ...figure(share(taken, due), '%', targets.adherencePercent, due), taken, due },
  };
}
