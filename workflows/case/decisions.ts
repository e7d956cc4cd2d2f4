import { setHandler } from '@temporalio/workflow';
import type { defineUpdate } from '@temporalio/workflow';
import { refuse } from '../refusal';
import type { HandlerLock } from './handler-lock';

/** What a staff decision answers when it is taken. */
export interface DecisionAccepted {
  accepted: true;
  detail?: string;
}

/** A decision's payload schema (zod's safeParse shape, without depending on zod here). */
export interface DecisionSchema {
  safeParse(
    payload: unknown,
  ): { success: true } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

export interface DecisionRules<D> {
  schema: DecisionSchema;
  /** Why the case takes no decision now ("the journey is completed"), or undefined. */
  closed: () => string | undefined;
  /** The decision's own rules for the case's state; refuses (throws) when it does not apply. */
  validate: (decision: D) => void;
  /** Carries it out; the text is returned to the caller as `detail`. */
  apply: (decision: D) => Promise<string | undefined> | string | undefined;
  /** After every decision taken (wake the case's loop). */
  taken: () => void;
  /** Serialises decisions whose `apply` awaits; a decision that waited is checked again. */
  lock?: HandlerLock;
}

/**
 * Registers one staff decision as an update with a synchronous validator: the payload against
 * its schema, the case still open, then the decision's own rules. A refusal is an
 * ApplicationFailure the caller sees; nothing is written to the history.
 */
export function onDecision<D>(
  update: ReturnType<typeof defineUpdate<DecisionAccepted, [D]>>,
  rules: DecisionRules<D>,
): void {
  const check = (decision: D) => {
    const parsed = rules.schema.safeParse(decision);
    if (!parsed.success)
      refuse(parsed.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; '));
    const closed = rules.closed();
    if (closed) refuse(closed);
    rules.validate(decision);
  };
  const accepted = (detail: string | undefined): DecisionAccepted => {
    rules.taken();
    return { accepted: true as const, ...(detail ? { detail } : {}) };
  };
  // Under a lock: after the decisions before it, checked again if it waited.
  const takeInTurn = async (decision: D, waited: boolean): Promise<DecisionAccepted> => {
    // Another decision ran meanwhile: what was true at acceptance may no longer be.
    if (waited) check(decision);
    return accepted(await rules.apply(decision));
  };
  // Without one: a synchronous decision is answered in the same tick (as complaints always were).
  const takeNow = (decision: D): DecisionAccepted | Promise<DecisionAccepted> => {
    const detail = rules.apply(decision);
    return detail instanceof Promise ? detail.then(accepted) : accepted(detail);
  };
  setHandler(
    update,
    (decision: D) => {
      const lock = rules.lock;
      if (!lock) return takeNow(decision);
      const waited = lock.busy;
      return lock.run(() => takeInTurn(decision, waited));
    },
    { validator: check },
  );
}
