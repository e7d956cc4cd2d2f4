import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { DecisionName } from '../domain/decisions';
import { decisionUpdate } from '../workflows/journey-definitions';
import { ApiError } from './errors';
import { isTemporalTimeout } from './temporal-bounds';

/**
 * An update that ran out of time (api/temporal-bounds.ts): `accepted` when the case had already
 * taken it (its validator passed; it will complete), otherwise it was never accepted.
 */
export class UpdateTimedOut extends Error {
  constructor(
    readonly accepted: boolean,
    options: { cause: unknown },
  ) {
    super(`update ${accepted ? 'accepted but not completed' : 'not accepted'} in time`, options);
  }
}

/** Calls into running cases, with "no such case" as 404 and "it has ended" as 422. */
export class CaseCalls {
  constructor(
    readonly client: Client,
    private readonly noun: 'journey' | 'complaint' | 'incident' = 'journey',
  ) {}

  async on<T>(id: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) {
        // Signals and updates to a finished case land here too: say which it is.
        const exists = await this.client.workflow
          .getHandle(id)
          .describe()
          .then(() => true)
          .catch(() => false);
        if (exists) throw new ApiError(422, `${this.noun}-ended`, `${this.noun} "${id}" has ended`);
        throw ApiError.notFound(`${this.noun} "${id}"`);
      }
      throw err;
    }
  }

  /**
   * A staff decision: the case's validator refuses it (422, nothing changes) or it is done.
   * Temporal applies an `updateId` once and answers a retried call with the first result. Out of
   * time: UpdateTimedOut, saying whether the case had accepted it.
   */
  async update<R>(
    id: string,
    name: string,
    update: UpdateDefinition<R, [never]>,
    payload: unknown,
    updateId: string = randomUUID(),
  ): Promise<R> {
    let accepted = false;
    try {
      return await this.on(id, async () => {
        const handle = await this.client.workflow.getHandle(id).startUpdate(update, {
          args: [payload as never],
          updateId,
          waitForStage: WorkflowUpdateStage.ACCEPTED,
        });
        accepted = true;
        return handle.result();
      });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        throw new ApiError(422, 'decision-rejected', `${name}: ${err.cause?.message ?? err.message}`);
      }
      if (isTemporalTimeout(err)) throw new UpdateTimedOut(accepted, { cause: err });
      throw err;
    }
  }

  /** A journey decision by name. */
  decide(id: string, name: DecisionName, payload: Record<string, unknown>) {
    return this.update(
      id,
      name,
      decisionUpdate(name) as UpdateDefinition<{ accepted: true; detail?: string }, [never]>,
      payload,
    );
  }
}
