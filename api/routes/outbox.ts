import { allow } from '../auth';
import { Router } from 'express';
import { z } from 'zod';
import type { Outbox } from '../../adapters/dev/outbox';
import { OUTBOX_KINDS } from '../../adapters/dev/outbox';
import { parseOr400 } from '../validate';

export const outboxQuery = z
  .object({ caseId: z.string().min(1).optional(), kind: z.enum(OUTBOX_KINDS).optional() })
  .strict();

/** What the dev adapters "sent": SMS, calls, EHR notes and referrals, oldest first. */
export function outboxRoutes(outbox: Outbox): Router {
  const router = Router();
  router.get('/outbox', (req, res) => {
    const caller = allow(req, 'outbox:read');
    const filter = parseOr400(outboxQuery, req.query, 'query');
    // Only what was sent for the caller's own clinic's cases.
    const own = (caseId: string) => caseId.split(':')[1] === caller.clinicId;
    res.json({ entries: outbox.list(filter).filter((e) => own(e.caseId)) });
  });
  return router;
}
