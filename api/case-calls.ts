import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { DecisionName } from '../domain/decisions';
import { decisionUpdate } from '../workflows/journey-definitions';
import { ApiError } from './errors';

/** Calls into running cases, with "no such case" as 404 and "it has ended" as 422. */
export class CaseCalls {
  constructor(
    private readonly client: Client,
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
   * A staff decision: the case's validator refuses it (422, nothing changes) or it is done. With
   * an `updateId`, Temporal applies a retried call once and returns the first result.
   */
  async update<R>(
    id: string,
    name: string,
    update: UpdateDefinition<R, [never]>,
    payload: unknown,
    updateId?: string,
  ): Promise<R> {
    try {
      return await this.on(id, () =>
        this.client.workflow.getHandle(id).executeUpdate(update, { args: [payload as never], updateId }),
      );
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        throw new ApiError(422, 'decision-rejected', `${name}: ${err.cause?.message ?? err.message}`);
      }
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
