import { checkInOfCall } from '../../domain/check-in-calls';
import type { DecisionName } from '../../domain/decisions';
import type * as Decisions from '../../domain/decisions';
import type * as JourneyDecisionRules from '../../domain/journey-decision-rules';
import { previewMigration } from '../../domain/protocol-migration';
import {
  acknowledgeSignal,
  attendanceSignal,
  handoverSignal,
  hospitalResponseSignal,
  resolveSignal,
  transferDecisionSignal,
} from '../child-definitions';
import type { DecisionPayload } from '../journey-definitions';
import { decisionUpdate } from '../journey-definitions';
import { DAY } from '../parent';
import { onDecision as registerDecision } from '../case/decisions';
import { HandlerLock } from '../case/handler-lock';
import { refuse } from '../refusal';
import type { JourneyChildren } from './children';
import type { FinishReason, JourneyContext } from './context';

// Staff decisions, one update each: the validator is synchronous and refuses by the decision's
// pure rule (domain/journey-decision-rules.ts; the update never enters history); the handler then
// applies it. The loop looks again after each one.

export function acceptDecisions(j: JourneyContext, children: JourneyChildren): void {
  const { memory, s } = j;

  // Decisions that await (starting or signalling a child) run one at a time.
  const lock = new HandlerLock();
  function onDecision<N extends DecisionName>(
    name: N,
    apply: (d: DecisionPayload<N>) => Promise<string | undefined> | string | undefined,
  ) {
    type Rule = (
      state: typeof s,
      d: DecisionPayload<N>,
      facts: { now: number; pinned: typeof j.protocol },
    ) => string | undefined;
    registerDecision(decisionUpdate(name), {
      // migrate-protocol also carries the full protocol document, checked on its own.
      schema: {
        safeParse: (d) => {
          const { protocol: _document, ...fields } = d as Record<string, unknown>;
          return decisionSchemas().DECISIONS[name].safeParse(name === 'migrate-protocol' ? fields : d);
        },
      },
      closed: () =>
        j.terminal() || j.finishReason
          ? `the journey is ${j.finishReason?.stage ?? (j.closing ? 'closing' : s.stage)}`
          : undefined,
      validate: (d) => {
        const rule = decisionRules().JOURNEY_DECISION_RULES[name] as Rule;
        const why = rule(s, d, { now: Date.now(), pinned: j.protocol });
        if (why) refuse(why);
      },
      apply,
      taken: () => {
        j.dirty = true;
      },
      lock,
    });
  }
  // Found: the decision's rule has checked it is there.
  const taskById = (taskId: string) => s.tasks.find((t) => t.taskId === taskId)!;
  const incidentById = (incidentId: string) => s.escalations.find((e) => e.incidentId === incidentId)!;

  onDecision('record-call-outcome', (d) => {
    const task = taskById(d.taskId);
    Object.assign(task, { status: 'done', outcome: d.outcome, closedBy: d.staffId });
    const checkIn = checkInOfCall(s.checkIns, task);
    if (checkIn && d.outcome === 'reached') checkIn.status = 'answered';
    j.note('call-outcome', `${d.taskId}: ${d.outcome}${d.note ? ` (${d.note})` : ''}`, d.staffId);
    j.record(`call-${d.taskId}`, `Call ${d.taskId}: ${d.outcome}${d.note ? `. ${d.note}` : ''}`);
    if (d.outcome === 'needs-review')
      j.openTask(
        'nurse-callback',
        'doctor',
        `Review after call ${d.taskId}: ${d.note ?? 'see notes'}`,
        j.now(),
      );
    j.syncSearchAttributes();
    return undefined;
  });
  onDecision('complete-task', (d) => {
    Object.assign(taskById(d.taskId), {
      status: 'done',
      closedBy: d.staffId,
      ...(d.note ? { outcome: d.note } : {}),
    });
    j.note('task-done', d.taskId, d.staffId);
    j.syncSearchAttributes();
    return undefined;
  });
  onDecision('add-check-in', (d) => {
    const extra = s.checkIns.filter((c) => c.addedBy).length + 1;
    const checkIn = {
      id: `extra-${extra}`,
      channel: d.channel,
      questionSet: 'recovery' as const,
      dueAt: new Date(d.at).toISOString(),
      replyWindowHours: 8,
      noReply: 'reminder-then-nurse-call' as const,
      status: 'scheduled' as const,
      addedBy: d.staffId,
    };
    s.checkIns.push(checkIn);
    s.checkIns.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    j.note('check-in-added', `${checkIn.id} at ${checkIn.dueAt} (${d.channel}): ${d.reason}`, d.staffId);
    return checkIn.id;
  });
  onDecision('pause', (d) => {
    memory.pausedFrom = s.stage;
    j.enterStage('paused');
    j.note('paused', d.reason, d.staffId);
    return undefined;
  });
  onDecision('resume', (d) => {
    j.enterStage(memory.pausedFrom ?? 'monitoring');
    j.note('resumed', undefined, d.staffId);
    return undefined;
  });
  onDecision('migrate-protocol', (d) => {
    const pinned = j.protocol;
    const preview = previewMigration(s.checkIns, pinned, d.protocol, j.surgeryAt, j.now());
    s.checkIns = preview.checkIns;
    j.note(
      'protocol-migrated',
      `${pinned.id} → ${d.protocol.id}: ${preview.changes.join(', ') || 'no schedule change'}. ${d.reason}`,
      d.staffId,
    );
    j.protocol = d.protocol;
    s.protocolId = d.protocol.id;
    s.followUpEndsAt = new Date(j.surgeryAt.getTime() + d.protocol.followUpDays * DAY).toISOString();
    return preview.changes.join(', ');
  });
  // Staff end the journey: the loop stops at its next turn and the journey closes.
  const endAs = (stage: FinishReason['stage']) => (d: { staffId: string; reason: string }) => {
    j.finishReason = { stage, staffId: d.staffId, reason: d.reason };
    return undefined;
  };
  onDecision('close-early', endAs('closed-early'));
  onDecision('cancel', endAs('cancelled'));
  onDecision('acknowledge-escalation', async (d) => {
    await children
      .handle(d.incidentId)
      .signal(acknowledgeSignal, { staffId: d.staffId, via: d.via ?? 'api' });
    j.note('escalation-ack-sent', d.incidentId, d.staffId);
    return undefined;
  });
  onDecision('resolve-escalation', async (d) => {
    await children.handle(d.incidentId).signal(resolveSignal, {
      staffId: d.staffId,
      ...(d.note ? { note: d.note } : {}),
    });
    incidentById(d.incidentId).status = 'resolved';
    j.note('escalation-resolved', `${d.incidentId}${d.note ? `: ${d.note}` : ''}`, d.staffId);
    j.syncSearchAttributes();
    return undefined;
  });
  onDecision('transfer-decision', async (d) => {
    await children.handle(d.transferId).signal(transferDecisionSignal, {
      staffId: d.staffId,
      decision: d.decision,
      ...(d.reason ? { reason: d.reason } : {}),
    });
    j.note(`transfer-${d.decision}`, `${d.transferId}${d.reason ? `: ${d.reason}` : ''}`, d.staffId);
    return undefined;
  });
  onDecision('hospital-response', async (d) => {
    await children.handle(d.transferId).signal(hospitalResponseSignal, {
      hospitalId: d.hospitalId,
      accepted: d.accepted,
      ...(d.note ? { note: d.note } : {}),
    });
    return undefined;
  });
  onDecision('confirm-handover', async (d) => {
    await children.handle(d.transferId).signal(handoverSignal, { staffId: d.staffId });
    return undefined;
  });
  onDecision('record-visit-attendance', async (d) => {
    await children.visit(d.visitId).signal(attendanceSignal, {
      attended: d.attended,
      staffId: d.staffId,
    });
    j.note('visit-attendance', `${d.visitId}: ${d.attended ? 'attended' : 'not attended'}`, d.staffId);
    return undefined;
  });
}

// The decisions' schemas and rules (zod, and the protocol's schema for a migration) are evaluated
// on a journey's first staff decision, not in every journey the worker keeps cached: the SDK
// evaluates a workflow's modules once per cached execution (~0.9 MiB for these with zod; issue 13).
// A synchronous require, so the update's validator stays synchronous.
/* eslint-disable @typescript-eslint/no-require-imports, no-restricted-globals -- on first use */
function decisionSchemas(): typeof Decisions {
  return require('../../domain/decisions');
}
function decisionRules(): typeof JourneyDecisionRules {
  return require('../../domain/journey-decision-rules');
}
