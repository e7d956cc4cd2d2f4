import type { Client } from '@temporalio/client';
import { Router } from 'express';

/** Liveness (the process answers) and readiness (Temporal is reachable). */
export function healthRoutes(client: Client): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (req, res) => {
    try {
      await client.workflowService.getSystemInfo({});
      res.json({ status: 'ready' });
    } catch (err) {
      req.log.warn({ err: (err as Error).message }, 'Temporal not reachable');
      res.status(503).json({ status: 'unavailable', reason: 'Temporal is not reachable' });
    }
  });
  return router;
}
