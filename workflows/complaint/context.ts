import { upsertSearchAttributes } from '@temporalio/workflow';
import type { BusinessCalendar } from '../../domain/calendar';
import { endOfQuietTime } from '../../domain/calendar';
import type { ComplaintInput, ComplaintStage } from '../../domain/complaint';
import { boundTimeline } from '../../domain/complaint-execution';
import type { ComplaintMessage } from '../../domain/complaint-messages';
import type { PatientReply } from '../../domain/decisions';
import type { SlaClock } from '../../domain/sla-clock';
import { startClock, stopClock } from '../../domain/sla-clock';
import {
  BreachedClocks,
  CaseKind,
  ClinicId,
  ComplaintCategory as ComplaintCategoryAttribute,
  ComplaintSeverity as ComplaintSeverityAttribute,
  ComplaintStage as ComplaintStageAttribute,
} from '../../temporal/search-attributes';
import type { ComplaintState } from '../complaint-definitions';

// One run of a complaint: what it remembers (carried over continue-as-new), who it is for, and
// the verbs every part of the case uses: write the timeline, move the stage, tell the customer,
// ask staff, stop an SLA clock. Customer messages and tasks are queued here and carried out by
// the side effects (side-effects.ts).

/**
 * A complaint's timeline is its audit trail: a normal case writes 30-60 entries, so it is kept
 * whole; only a runaway case (hundreds of customer messages) drops its oldest entries, keeping
 * the intake entry and a note of what was dropped, so what the next run carries stays small.
 */
const TIMELINE_LIMIT = 300;

/** What one run of a complaint hands to the next when it continues as new. */
export interface Carried {
  state: ComplaintState;
  seenReplies: string[];
  /** Plans sent to the customer so far (each one its own SMS key). */
  plansOffered: number;
  /** Timeline entries ever written (the timeline keeps at most TIMELINE_LIMIT). */
  written: number;
  /** A closed case ends when its reopen window does. */
  closedUntil?: number;
}

/** A queued side effect. */
export type Work =
  | { kind: 'sms'; key: string; message: ComplaintMessage; summary: string }
  | { kind: 'task'; key: string; role: string; summary: string }
  | { kind: 'execute' }
  | { kind: 'training-case' };

function newState(input: ComplaintInput, now: Date): ComplaintState {
  const { request } = input;
  return {
    caseId: input.caseId,
    clinicId: request.clinicId,
    customerRef: request.customer.ref,
    category: request.category,
    severity: request.severity,
    channel: request.channel,
    stage: 'awaiting-first-contact',
    owner: input.owner,
    participants: input.participants.map((role) => ({ role })),
    assessments: [],
    plan: null,
    customerResponse: null,
    waitingOnCustomer: false,
    clocks: input.clocks.map((policy) => startClock(policy, now)),
    breachedClocks: [],
    escalations: [],
    correctiveActions: [],
    satisfaction: null,
    followUpDueAt: null,
    reopenCount: 0,
    journeyId: request.journeyId ?? null,
    survey: request.survey ?? null,
    closedAt: null,
    timeline: [],
    run: 1,
  };
}

export class ComplaintContext {
  readonly id: string;
  readonly request: ComplaintInput['request'];
  readonly clinic: ComplaintInput['clinic'];
  readonly cal: BusinessCalendar;
  readonly carried: Carried | undefined;
  /** The live state the query returns. */
  readonly s: ComplaintState;
  readonly work: Work[] = [];
  readonly seenReplies: string[];
  readonly inbox: PatientReply[] = [];
  /** Something for the loop to look at. */
  dirty = false;
  /** Plans sent to the customer so far: each one is its own SMS, never deduplicated as the last. */
  plansOffered: number;
  /** Timeline entries ever written: what `s.timeline.length` was before the timeline was bounded. */
  written: number;
  /** The loop has ended: no decision is taken any more. */
  done = false;
  /** A closed case ends when its reopen window does. */
  closedUntil: number | undefined;
  /** What the search attributes show (ids and categories only). */
  private readonly shown: { stage?: string; breached?: string } = {};

  constructor(readonly input: ComplaintInput) {
    this.id = input.caseId;
    this.request = input.request;
    this.clinic = input.clinic;
    this.cal = input.clinic.calendar;
    this.carried = input.carried as Carried | undefined;
    this.s = this.carried?.state ?? newState(input, this.now());
    if (this.carried) this.s.run += 1;
    this.s.customerRef ??= input.request.customer.ref; // carried from a run before it was kept
    this.seenReplies = this.carried?.seenReplies ?? [];
    this.plansOffered = this.carried?.plansOffered ?? 0;
    this.written = this.carried?.written ?? this.s.timeline.length;
    this.closedUntil = this.carried?.closedUntil;
  }

  now(): Date {
    return new Date();
  }

  /** What the next run carries. */
  memory(): Carried {
    const { s, seenReplies, plansOffered, written, closedUntil } = this;
    return { state: s, seenReplies, plansOffered, written, closedUntil };
  }

  note(event: string, detail?: string, by?: string): void {
    const { s } = this;
    s.timeline.push({
      at: this.now().toISOString(),
      event,
      ...(detail ? { detail } : {}),
      ...(by ? { by } : {}),
    });
    this.written += 1;
    if (s.timeline.length > TIMELINE_LIMIT)
      s.timeline = boundTimeline(s.timeline, TIMELINE_LIMIT, this.written);
    this.dirty = true;
  }

  /** First run: the case's fixed search attributes, then its stage and breached clocks. */
  showNewCase(): void {
    upsertSearchAttributes([
      { key: ClinicId, value: this.request.clinicId },
      { key: CaseKind, value: 'complaint' },
      { key: ComplaintCategoryAttribute, value: this.request.category },
      { key: ComplaintSeverityAttribute, value: this.request.severity },
    ]);
    this.syncSearchAttributes();
  }

  /** A later run: the search attributes carry over; only what they show is remembered. */
  showCarried(): void {
    Object.assign(this.shown, { stage: this.s.stage, breached: JSON.stringify(this.s.breachedClocks) });
  }

  syncSearchAttributes(): void {
    const { s, shown } = this;
    const updates = [];
    if (shown.stage !== s.stage) updates.push({ key: ComplaintStageAttribute, value: s.stage });
    const breached = JSON.stringify(s.breachedClocks);
    if (shown.breached !== breached) updates.push({ key: BreachedClocks, value: [...s.breachedClocks] });
    if (updates.length) upsertSearchAttributes(updates);
    Object.assign(shown, { stage: s.stage, breached });
  }

  enterStage(stage: ComplaintStage): void {
    this.s.stage = stage;
    this.note(`stage-${stage}`);
    this.syncSearchAttributes();
  }

  /** A message in the customer's language, with the clinic's name and the complaint's reference. */
  message<T extends ComplaintMessage['template']>(
    template: T,
    params: Omit<Extract<ComplaintMessage, { template: T }>['params'], 'clinicName' | 'reference'>,
  ): Extract<ComplaintMessage, { template: T }> {
    return {
      template,
      language: this.request.customer.language,
      params: { clinicName: this.clinic.name, reference: this.request.complaintId, ...params },
    } as unknown as Extract<ComplaintMessage, { template: T }>;
  }

  /** Queues an SMS to the customer; without a phone number, the front desk tells them. */
  tellCustomer(key: string, m: ComplaintMessage, summary: string): void {
    if (!this.request.customer.phone) {
      this.work.push({
        kind: 'task',
        key: `no-phone-${key}`,
        role: 'front-desk',
        summary: `Tell the customer by phone or letter: ${summary}`,
      });
    } else {
      this.work.push({ kind: 'sms', key, message: m, summary });
    }
    this.dirty = true;
  }

  /** Queues a staff task. */
  task(key: string, role: string, summary: string): void {
    this.work.push({ kind: 'task', key, role, summary });
    this.dirty = true;
  }

  /** Queues a side effect that is not a message or a task (carrying out the plan, the training case). */
  queue(item: Extract<Work, { kind: 'execute' | 'training-case' }>): void {
    this.work.push(item);
  }

  clock(clockId: string): SlaClock {
    return this.s.clocks.find((c) => c.id === clockId)!;
  }

  setClock(clockId: string, f: (c: SlaClock) => SlaClock): void {
    this.s.clocks = this.s.clocks.map((c) => (c.id === clockId ? f(c) : c));
  }

  stopClockNamed(clockId: string): void {
    if (this.clock(clockId).state !== 'stopped') {
      this.setClock(clockId, (c) => stopClock(c, this.now(), this.cal));
      const c = this.clock(clockId);
      this.note('clock-stopped', `${clockId}: ${c.breachedAt ? 'breached' : 'met'}`);
    }
  }

  /** When the customer's (or clinic's) quiet hours end; now when it is not quiet. */
  quietUntil(): number {
    const zone = this.request.customer.timeZone ?? this.cal.timeZone;
    return endOfQuietTime(this.clinic.quietHours, zone, this.now()).getTime();
  }
}
