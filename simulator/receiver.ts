import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import twilio from 'twilio';

// A stand-in for our API's Twilio webhooks, for contract tests and for trying the simulator
// alone: it records every callback and whether its X-Twilio-Signature is valid, checked with the
// SDK's validateRequest against the clinic's auth token and the URL it was called at.

export interface ReceivedCallback {
  clinicId: string;
  route: string;
  query: Record<string, string>;
  params: Record<string, string>;
  url: string;
  signatureValid: boolean;
}

export interface CallbackReceiver {
  url: string;
  received: ReceivedCallback[];
  /** TwiML answers by route ("sms", "voice", "status"); default an empty <Response/>. */
  answers: Map<string, (params: Record<string, string>) => string>;
  stop(): Promise<void>;
}

const EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

export async function createCallbackReceiver(
  authTokens: ReadonlyMap<string, string>,
): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  const answers = new Map<string, (params: Record<string, string>) => string>();
  const app = express();
  let base = '';
  app.post('/webhooks/twilio/:clinicId/:route', express.urlencoded({ extended: false }), (req, res) => {
    const clinicId = String(req.params.clinicId);
    const route = String(req.params.route);
    const params = (req.body ?? {}) as Record<string, string>;
    const url = base + req.originalUrl;
    const token = authTokens.get(clinicId);
    const signature = req.headers['x-twilio-signature'];
    const signatureValid =
      token !== undefined &&
      typeof signature === 'string' &&
      twilio.validateRequest(token, signature, url, params);
    received.push({
      clinicId,
      route,
      query: Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, String(v)])),
      params,
      url,
      signatureValid,
    });
    if (!signatureValid) {
      res.status(403).send('bad signature');
      return;
    }
    res.type('text/xml').send(answers.get(route)?.(params) ?? EMPTY);
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    received,
    answers,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
