import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import type { Outbox } from '../../adapters/dev/outbox';
import { phoneNumber } from '../../domain/validation';
import { allow } from '../auth';
import { erasePerson } from '../erasure';
import { ApiError } from '../errors';
import { parseOr400 } from '../validate';

// POST /erasures { "phone": "+81…" } (management): every case of that person at the caller's
// clinic is stopped and deleted from Temporal (see api/erasure.ts). A POST with the number in
// the body, never in the URL, so no phone number reaches access logs. Audited in the API log
// (who, when, which case ids — never the number).

export const erasureRequestSchema = z.object({ phone: phoneNumber }).strict();

export function erasureRoutes(deps: { client: Client; contactKeySecret?: string; outbox?: Outbox }): Router {
  const router = Router();
  router.post('/erasures', async (req, res) => {
    const caller = allow(req, 'person:erase');
    const { phone } = parseOr400(erasureRequestSchema, req.body, 'body');
    if (!deps.contactKeySecret)
      throw new ApiError(503, 'unavailable', 'erasure needs CONTACT_KEY_SECRET to find the person’s cases');
    const result = await erasePerson(
      deps.client,
      deps.client.options.namespace,
      deps.contactKeySecret,
      caller.clinicId,
      phone,
      deps.outbox,
    );
    req.log.info(
      {
        audit: 'erasure',
        clinicId: caller.clinicId,
        ...(caller.staffId ? { staffId: caller.staffId } : {}),
        erased: result.erased,
        outboxEntries: result.outboxEntries,
      },
      'person erased at their request',
    );
    res.status(200).json(result);
  });
  return router;
}
