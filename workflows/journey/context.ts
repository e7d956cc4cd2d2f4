import { ApplicationFailure, upsertSearchAttributes } from '@temporalio/workflow';
import type { BusinessCalendar } from '../../domain/calendar';
import { addBusinessMinutes, calendarOf, endOfQuietTime } from '../../domain/calendar';
import type { CareJourneyInput, JourneyStage, JourneyState, StaffTaskState } from '../../domain/journey';
import type { PatientMessage } from '../../domain/messages';
import type { PatientReply } from '../../domain/decisions';
import type { Protocol } from '../../domain/protocol';
import { checkInsFromProtocol } from '../../domain/protocol-migration';
import type { Severity } from '../../domain/symptoms';
import { moreSevere } from '../../domain/symptoms';
import {
  CaseKind,
  ClinicId,
  JourneyStage as JourneyStageAttribute,
  OpenEscalation,
  ProcedureCode,
  RiskLevel,
} from '../../temporal/search-attributes';
import { DAY } from '../parent';
import { changesUpTo } from '../case/changes';
import { JOURNEY_2026_12, LATE_CHECK_INS_SKIPPED, SEARCH_ATTRIBUTES_AT_ONCE, WORK_IN_LANES } from './patches';

// One run of a care journey: what it remembers (carried over continue-as-new), who and what it
// is for, and the verbs every part of the journey uses to write the timeline, move the stage,
// tell the patient and open a staff task. Patient messages and staff tasks are queued here and
// carried out by the side effects (side-effects.ts).

/** Patient messages waiting for their time (quiet hours) and other queued side effects. */
export type Work =
  | { kind: 'sms'; key: string; message: PatientMessage; urgent: boolean; notBefore: string; summary: string }
  | { kind: 'task'; task: StaffTaskState }
  | { kind: 'ehr'; key: string; summary: string; title?: string }
  /** Urgent words read to the patient by phone: their SMS came back undelivered (receipts.ts). */
  | { kind: 'call'; key: string; message: PatientMessage; summary: string };

/** An SMS step the journey sent: what a delivery receipt needs to name it and resend it by phone. */
export interface SentSms {
  key: string;
  summary: string;
  urgent: boolean;
  message: PatientMessage;
}

/** What a journey carries from one run to the next. */
export interface Memory {
  state: JourneyState;
  seenReplies: string[];
  inbox: PatientReply[];
  work: Work[];
  counters: { incident: number; transfer: number; task: number };
  /** The stage a paused journey returns to. */
  pausedFrom?: JourneyStage;
  /** The latest SMS steps sent (absent in runs from before delivery receipts). */
  sent?: SentSms[];
  /**
   * The one workflow that reminds every medication course (ONE_MEDICATION_WORKFLOW). Absent in
   * journeys started before it: each course is then a workflow of its own, by its course id.
   */
  medicationWorkflowId?: string;
}

/** A staff decision that ends the journey before its follow-up is over. */
export interface FinishReason {
  stage: 'closed-early' | 'cancelled';
  staffId: string;
  reason: string;
}

const TERMINAL: JourneyStage[] = ['completed', 'closed-early', 'cancelled'];
const TIMELINE_LIMIT = 300;

/** `startedAt`: check-ins whose window had passed by then are skipped-late (on the timeline too). */
function initialMemory(input: CareJourneyInput, startedAt?: Date): Memory {
  const surgeryAt = new Date(input.surgery.performedAt);
  const checkIns = checkInsFromProtocol(input.protocol, surgeryAt, startedAt);
  const timeline = checkIns
    .filter((c) => c.status === 'skipped-late')
    .map((c) => ({
      at: startedAt!.toISOString(),
      event: 'check-in-skipped-late',
      detail: `${c.id} (due ${c.dueAt}): its window had passed when the journey was registered`,
    }));
  return {
    state: {
      journeyId: input.journeyId,
      clinicId: input.clinic.id,
      patientRef: input.patient.ref,
      procedureCode: input.surgery.procedureCode,
      protocolId: input.protocol.id,
      stage: 'starting',
      risk: 'normal',
      surgeryAt: surgeryAt.toISOString(),
      followUpEndsAt: new Date(surgeryAt.getTime() + input.protocol.followUpDays * DAY).toISOString(),
      optedOut: false,
      nextAction: null,
      checkIns,
      openEscalations: [],
      escalations: [],
      transfers: [],
      tasks: [],
      adherence: [],
      returnVisits: input.returnVisits.map((v) => ({
        visitId: v.id,
        at: new Date(v.at).toISOString(),
        status: 'scheduled',
      })),
      survey: null,
      complaints: [],
      lastTriage: null,
      timeline,
      run: 1,
    },
    seenReplies: [],
    inbox: [],
    work: [],
    counters: { incident: 0, transfer: 0, task: 0 },
  };
}

/** This run of the journey: a new one, or the next run of a journey that continued as new. */
export function openJourney(input: CareJourneyInput): JourneyContext {
  const has = changesUpTo(JOURNEY_2026_12);
  const memory = input.carried
    ? (input.carried as Memory)
    : initialMemory(
        input,
        has(LATE_CHECK_INS_SKIPPED) ? new Date(input.registeredAt ?? Date.now()) : undefined,
      );
  if (input.carried) memory.state.run += 1;
  memory.state.patientRef ??= input.patient.ref; // carried from a run before it was kept
  if (memory.state.protocolId !== input.protocol.id)
    throw ApplicationFailure.nonRetryable('carried protocol does not match');
  return new JourneyContext(input, memory, has(WORK_IN_LANES), has);
}

export class JourneyContext {
  /** The live state the query returns. */
  readonly s: JourneyState;
  readonly id: string;
  /** The patient's time zone. */
  readonly tz: string;
  readonly calendar: BusinessCalendar;
  readonly surgeryAt: Date;
  /** The pinned protocol (a reviewed migration replaces it). */
  protocol: Protocol;
  /** Something for the loop to look at. */
  dirty = false;
  /** Once the loop has ended the journey is closing: no decision or child report changes it. */
  closing = false;
  /** Set by a close-early or cancel decision: the loop ends. */
  finishReason: FinishReason | undefined = undefined;
  /** What the search attributes show (only ids and categories, never personal data). */
  private readonly shown: { stage?: string; risk?: string; open?: boolean } = {};

  constructor(
    readonly input: CareJourneyInput,
    readonly memory: Memory,
    /** WORK_IN_LANES: side effects run beside the loop (journeys started before: in it). */
    readonly inLanes: boolean,
    /** Whether a change (a patched() marker of patches.ts) applies to this run. */
    readonly has: (change: string) => boolean,
  ) {
    this.s = memory.state;
    this.id = input.journeyId;
    this.tz = input.patient.timeZone;
    this.calendar = calendarOf(input.clinic);
    this.protocol = input.protocol;
    this.surgeryAt = new Date(this.s.surgeryAt);
  }

  now(): Date {
    return new Date();
  }

  note(event: string, detail?: string, by?: string): void {
    const { timeline } = this.s;
    timeline.push({
      at: this.now().toISOString(),
      event,
      ...(detail ? { detail } : {}),
      ...(by ? { by } : {}),
    });
    if (timeline.length > TIMELINE_LIMIT) timeline.splice(0, timeline.length - TIMELINE_LIMIT);
  }

  terminal(): boolean {
    return this.closing || TERMINAL.includes(this.s.stage);
  }

  /** First run: the case's fixed search attributes, and its stage, risk and open escalation. */
  showNewCase(): void {
    const fixed = [
      { key: ClinicId, value: this.input.clinic.id },
      { key: CaseKind, value: 'journey' },
      { key: ProcedureCode, value: this.input.surgery.procedureCode },
    ];
    if (this.has(SEARCH_ATTRIBUTES_AT_ONCE)) {
      upsertSearchAttributes([...fixed, ...this.changedAttributes()]);
      return;
    }
    upsertSearchAttributes(fixed);
    this.syncSearchAttributes();
  }

  /** A later run: the search attributes already show what the run before set. */
  showCarried(): void {
    const { s } = this;
    Object.assign(this.shown, { stage: s.stage, risk: s.risk, open: s.openEscalations.length > 0 });
  }

  /** Open escalations and risk from the state; the search attributes that changed. */
  syncSearchAttributes(): void {
    const updates = this.changedAttributes();
    if (updates.length) upsertSearchAttributes(updates);
  }

  /** Open escalations and risk from the state; the search attributes that changed, as shown now. */
  private changedAttributes() {
    const { s, shown } = this;
    s.openEscalations = s.escalations.filter((e) => e.status === 'paging' || e.status === 'acknowledged');
    const openTasks = s.tasks.some((t) => t.status === 'open' && t.kind === 'nurse-callback');
    s.risk = s.openEscalations.reduce<Severity>(
      (r, e) => moreSevere(r, e.severity),
      openTasks ? 'concern' : 'normal',
    );
    const open = s.openEscalations.length > 0;
    const updates = [];
    if (shown.stage !== s.stage) updates.push({ key: JourneyStageAttribute, value: s.stage });
    if (shown.risk !== s.risk) updates.push({ key: RiskLevel, value: s.risk });
    if (shown.open !== open) updates.push({ key: OpenEscalation, value: open });
    Object.assign(shown, { stage: s.stage, risk: s.risk, open });
    return updates;
  }

  enterStage(stage: JourneyStage): void {
    this.s.stage = stage;
    this.syncSearchAttributes();
  }

  /** Queues an SMS: nothing non-urgent reaches the patient in their quiet hours; urgent words go at once. */
  tellPatient(key: string, message: PatientMessage, urgent: boolean, summary: string): void {
    const now = this.now();
    const notBefore = urgent ? now : endOfQuietTime(this.input.clinic.quietHours, this.tz, now);
    this.memory.work.push({ kind: 'sms', key, message, urgent, notBefore: notBefore.toISOString(), summary });
    this.dirty = true;
  }

  openTask(kind: StaffTaskState['kind'], role: StaffTaskState['role'], summary: string, dueAt: Date) {
    const task: StaffTaskState = {
      taskId: `task-${++this.memory.counters.task}`,
      kind,
      role,
      dueAt: dueAt.toISOString(),
      summary,
      status: 'open',
    };
    this.s.tasks.push(task);
    this.memory.work.push({ kind: 'task', task });
    this.note('task-opened', `${task.taskId} ${kind}: ${summary}`);
    this.dirty = true;
    return task;
  }

  /** Queues a note for the patient's record (EHR). */
  record(key: string, summary: string): void {
    this.memory.work.push({ kind: 'ehr', key, summary });
  }

  /** A message in the patient's language. */
  message<T extends PatientMessage['template']>(
    template: T,
    params: Extract<PatientMessage, { template: T }>['params'],
  ): Extract<PatientMessage, { template: T }> {
    return { template, language: this.input.patient.language, params } as Extract<
      PatientMessage,
      { template: T }
    >;
  }

  /** Now, if the clinic is open; else when it next opens. */
  nextBusiness(from: Date): Date {
    return addBusinessMinutes(this.calendar, from, 0);
  }

  activeCourses() {
    return this.s.adherence.filter((a) => a.status === 'active');
  }
}
