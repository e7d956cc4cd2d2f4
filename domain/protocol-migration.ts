import type { CheckInState } from './journey';
import { windowPassed } from './late-registration';
import type { Protocol } from './protocol';

// Moving one running journey to a newer protocol version: check-ins that have not happened
// yet are replaced by the new version's future check-ins; everything already sent, answered or
// added by staff for this patient stays. The preview shows exactly this before anyone commits.

const HOUR_MS = 60 * 60 * 1000;

export interface MigrationPreview {
  from: string;
  to: string;
  removedCheckIns: { id: string; dueAt: string }[];
  addedCheckIns: { id: string; dueAt: string; channel: string }[];
  keptCheckIns: { id: string; status: string }[];
  changes: string[];
  checkIns: CheckInState[];
}

/**
 * The protocol's check-ins for a surgery. With `startedAt` (a journey registered after the
 * surgery), those whose window has passed by then are `skipped-late` (domain/late-registration.ts).
 */
export function checkInsFromProtocol(protocol: Protocol, surgeryAt: Date, startedAt?: Date): CheckInState[] {
  const checkIns = protocol.checkIns.map((c): CheckInState => ({
    id: c.id,
    channel: c.channel,
    questionSet: c.questionSet,
    dueAt: new Date(surgeryAt.getTime() + c.offsetHours * HOUR_MS).toISOString(),
    replyWindowHours: c.replyWindowHours,
    noReply: c.noReply,
    status: 'scheduled',
  }));
  if (!startedAt) return checkIns;
  return checkIns.map((c) =>
    windowPassed(c, checkIns, startedAt) ? { ...c, status: 'skipped-late' as const } : c,
  );
}

export function previewMigration(
  current: CheckInState[],
  from: Protocol,
  to: Protocol,
  surgeryAt: Date,
  now: Date,
): MigrationPreview {
  const pendingFromProtocol = (c: CheckInState) => c.status === 'scheduled' && !c.addedBy;
  const kept = current.filter((c) => !pendingFromProtocol(c));
  const removed = current.filter(pendingFromProtocol);
  const keptIds = new Set(kept.map((c) => c.id));
  const added = checkInsFromProtocol(to, surgeryAt).filter(
    (c) => c.dueAt > now.toISOString() && !keptIds.has(c.id),
  );
  const changes: string[] = [];
  if (from.followUpDays !== to.followUpDays)
    changes.push(`follow-up ${from.followUpDays} → ${to.followUpDays} days`);
  if (JSON.stringify(from.redFlags) !== JSON.stringify(to.redFlags)) changes.push('red-flag rules changed');
  if (from.survey.offsetDays !== to.survey.offsetDays)
    changes.push(`survey day ${from.survey.offsetDays} → ${to.survey.offsetDays}`);
  const removedIds = new Set(removed.map((c) => c.id));
  for (const c of added) if (!removedIds.has(c.id)) changes.push(`new check-in ${c.id}`);
  for (const c of removed) if (!added.some((a) => a.id === c.id)) changes.push(`check-in ${c.id} dropped`);
  return {
    from: from.id,
    to: to.id,
    removedCheckIns: removed.map((c) => ({ id: c.id, dueAt: c.dueAt })),
    addedCheckIns: added.map((c) => ({ id: c.id, dueAt: c.dueAt, channel: c.channel })),
    keptCheckIns: kept.map((c) => ({ id: c.id, status: c.status })),
    changes,
    checkIns: [...kept, ...added].sort((a, b) => a.dueAt.localeCompare(b.dueAt)),
  };
}
