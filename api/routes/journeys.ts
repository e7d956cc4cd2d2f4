import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { Router } from 'express';
import { journeyId, parseJourneyId } from '../../domain/case-ids';
import type { ClinicCatalogue } from '../../domain/clinic';
import { startJourneyRequestSchema, toJourneyInput } from '../../domain/journey';
import { journeyStateQuery } from '../../workflows/journey-definitions';
import type { careJourney } from '../../workflows';
import { ApiError } from '../errors';
import { parseOr400 } from '../validate';

export interface JourneyRoutesDeps {
  client: Client;
  taskQueue: string;
  clinics: ClinicCatalogue;
}

export function journeyRoutes({ client, taskQueue, clinics }: JourneyRoutesDeps): Router {
  const router = Router();

  // Start the care journey of a surgery. The workflow id is the business key, so the same
  // surgery can never have two journeys (409), even after the first has finished.
  router.post('/journeys', async (req, res) => {
    const request = parseOr400(startJourneyRequestSchema, req.body, 'body');
    const clinic = clinics.clinics.find((c) => c.id === request.clinicId);
    if (!clinic) throw ApiError.badRequest('body.clinicId', `unknown clinic "${request.clinicId}"`);
    const id = journeyId(request.clinicId, request.surgeryId);
    try {
      await client.workflow.start<typeof careJourney>('careJourney', {
        taskQueue,
        workflowId: id,
        args: [toJourneyInput(id, request, clinic)],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'FAIL',
        staticSummary: `Care journey (${request.surgery.procedureCode})`,
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        throw new ApiError(
          409,
          'conflict',
          `surgery "${request.surgeryId}" already has a care journey: ${id}`,
        );
      }
      throw err;
    }
    req.log.info({ journeyId: id }, 'care journey started');
    res
      .status(201)
      .location(`/journeys/${encodeURIComponent(id)}`)
      .json({ journeyId: id });
  });

  router.get('/journeys/:journeyId', async (req, res) => {
    const id = req.params.journeyId;
    if (!parseJourneyId(id)) {
      throw ApiError.badRequest('journeyId', 'must look like "journey:<clinicId>:<surgeryId>"');
    }
    try {
      res.json(await client.workflow.getHandle(id).query(journeyStateQuery));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw ApiError.notFound(`journey "${id}"`);
      throw err;
    }
  });

  return router;
}
