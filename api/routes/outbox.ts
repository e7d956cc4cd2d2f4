import { Router } from 'express';
import { z } from 'zod';
import type { Outbox } from '../../adapters/dev/outbox';
import { OUTBOX_KINDS } from '../../adapters/dev/outbox';
import { parseOr400 } from '../validate';

const outboxQuery = z
  .object({ caseId: z.string().min(1).optional(), kind: z.enum(OUTBOX_KINDS).optional() })
  .strict();

/** What the dev adapters "sent": SMS, calls, EHR notes and referrals, oldest first. */
export function outboxRoutes(outbox: Outbox): Router {
  const router = Router();
  router.get('/outbox', (req, res) => {
    const filter = parseOr400(outboxQuery, req.query, 'query');
    res.json({ entries: outbox.list(filter) });
  });
  return router;
}
