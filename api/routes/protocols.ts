import { allow } from '../auth';
import { Router } from 'express';
import { z } from 'zod';
import { getProtocol, listProtocols } from '../../domain/protocol-catalogue';
import { planSchedule } from '../../domain/schedule-plan';
import { timeWindow } from '../../domain/clinic';
import { timeZone } from '../../domain/validation';
import { ApiError } from '../errors';
import { parseOr400 } from '../validate';

export const previewRequest = z
  .object({
    surgeryAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset' }),
    timeZone,
    // Equal start and end would mean nothing (no quiet hours? all day?): refused as for clinics.
    quietHours: timeWindow,
  })
  .strict();

function protocolOr404(id: string) {
  const protocol = getProtocol(id);
  if (!protocol) throw ApiError.notFound(`protocol "${id}"`);
  return protocol;
}

/** The protocol catalogue: versioned care protocols and the dated schedule one would produce. */
export function protocolRoutes(): Router {
  const router = Router();
  router.get('/protocols', (req, res) => {
    allow(req, 'protocol:read');
    res.json({ protocols: listProtocols() });
  });
  router.get('/protocols/:protocolId', (req, res) => {
    allow(req, 'protocol:read');
    res.json(protocolOr404(req.params.protocolId));
  });
  router.post('/protocols/:protocolId/schedule-preview', (req, res) => {
    allow(req, 'protocol:read');
    const protocol = protocolOr404(req.params.protocolId);
    const body = parseOr400(previewRequest, req.body, 'body');
    const schedule = planSchedule(protocol, {
      surgeryAt: new Date(body.surgeryAt),
      timeZone: body.timeZone,
      quietHours: body.quietHours,
    });
    res.json({ protocolId: protocol.id, schedule });
  });
  return router;
}
