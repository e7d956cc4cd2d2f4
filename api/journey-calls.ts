import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { DecisionName } from '../domain/decisions';
import { decisionUpdate } from '../workflows/journey-definitions';
import { ApiError } from './errors';

/** Calls into running journeys, with "no such journey" as 404 and "it has ended" as 422. */
export class JourneyCalls {
  constructor(private readonly client: Client) {}

  async on<T>(id: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) {
        // Signals and updates to a finished journey land here too: say which it is.
        const exists = await this.client.workflow
          .getHandle(id)
          .describe()
          .then(() => true)
          .catch(() => false);
        if (exists) throw new ApiError(422, 'journey-ended', `journey "${id}" has ended`);
        throw ApiError.notFound(`journey "${id}"`);
      }
      throw err;
    }
  }

  /** A staff decision: the journey's validator refuses it (422, nothing changes) or it is done. */
  async decide(id: string, name: DecisionName, payload: Record<string, unknown>) {
    try {
      return await this.on(id, () =>
        this.client.workflow.getHandle(id).executeUpdate(decisionUpdate(name), { args: [payload as never] }),
      );
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        throw new ApiError(422, 'decision-rejected', `${name}: ${err.cause?.message ?? err.message}`);
      }
      throw err;
    }
  }
}
