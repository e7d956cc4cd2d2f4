import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { RequestHandler } from 'express';
import express, { Router } from 'express';
import { z } from 'zod';
import { assessContact } from '../../domain/after-hours';
import { acknowledgedIncident, clinicOfWorkflowId } from '../../domain/case-ids';
import type { Clinic, ClinicCatalogue } from '../../domain/clinic';
import { toContactInput } from '../../domain/contact';
import { receiptAction } from '../../domain/delivery-receipts';
import { caseForInboundSms } from '../../domain/contact-routing';
import { phoneNumber } from '../../domain/validation';
import { pageCallUnansweredSignal } from '../../workflows/child-definitions';
import { customerReplySignal } from '../../workflows/complaint-definitions';
import { deliveryReceiptSignal, patientReplySignal } from '../../workflows/journey-definitions';
import { CaseCalls } from '../case-calls';
import { startContact } from '../contacts';
import { ApiError } from '../errors';
import { runningCasesOf } from '../running-cases';
import { acknowledgeFromStaffPhone, incidentCase, incidentOfAck } from '../staff-acknowledgement';
import { parseOr400 } from '../validate';
import { sendTwiml } from './twiml';
import { isTwilioSignatureValid } from './twilio-signature';

// Twilio's webhooks, one pair per clinic: inbound SMS (a patient's reply, a customer's answer, a
// staff "ACK <incident>") and the voice callback of on-call page calls (keypad 1 acknowledges).
// Authenticated by Twilio's signature with that clinic's auth token, not by a bearer credential;
// a request that fails it is refused (403) before anything is looked up, started or signalled.

export interface WebhookConfig {
  /**
   * The public URL the provider calls, without a trailing slash (the API may sit behind a proxy):
   * the signed URL is this plus the request's path and query string.
   */
  baseUrl: string;
  /** Each clinic's Twilio auth token; a clinic without one has no webhooks. */
  twilioAuthTokens: ReadonlyMap<string, string>;
}

export interface TwilioWebhookDeps {
  client: Client;
  taskQueue: string;
  clinics: ClinicCatalogue;
  webhooks: WebhookConfig;
  contactKeySecret?: string;
}

// Provider ids: "SM…", "MM…", "CA…" followed by 32 hex digits; kept lenient but opaque.
const providerId = z.string().regex(/^[A-Za-z0-9]{2,64}$/, 'must be a provider id (letters and digits)');

const inboundSms = z.object({
  MessageSid: providerId,
  From: phoneNumber,
  To: z.string().max(64).optional(),
  Body: z.string().max(1600).default(''),
});

const voiceCallback = z.object({
  CallSid: providerId,
  From: z.string().max(64).optional(),
  To: z.string().max(64).optional(),
  CallStatus: z.string().max(32).optional(),
  Digits: z.string().max(32).optional(),
});

// A delivery receipt: a message's or a call's status, as Twilio's StatusCallback posts it.
const statusCallback = z.object({
  MessageSid: providerId.optional(),
  CallSid: providerId.optional(),
  MessageStatus: z.string().max(32).optional(),
  CallStatus: z.string().max(32).optional(),
  ErrorCode: z.string().max(16).optional(),
});
const statusQuery = z.object({
  caseId: z.string().min(1).max(200).optional(),
  key: z.string().min(1).max(300).optional(),
  recipient: z.enum(['patient', 'staff']).optional(),
  incidentId: z.string().min(1).max(200).optional(),
});

const voiceQuery = z.object({ incidentId: z.string().min(1).max(200).optional() });

/** Form bodies on these routes only, small: Twilio's parameters are a few hundred bytes. */
const formBody = express.urlencoded({ extended: false, limit: '20kb' });

export function twilioWebhookRoutes(deps: TwilioWebhookDeps): Router {
  const router = Router();
  const { client, clinics, webhooks } = deps;
  const calls = new CaseCalls(client);
  const base = webhooks.baseUrl.replace(/\/+$/, '');

  /** Twilio's signature with this clinic's token over the exact URL it called, or 403. */
  const verified: RequestHandler = (req, _res, next) => {
    const clinicId = String(req.params.clinicId);
    const token = webhooks.twilioAuthTokens.get(clinicId);
    const params = (req.body ?? {}) as Record<string, string | string[]>;
    const signature = req.headers['x-twilio-signature'];
    const valid =
      token !== undefined &&
      typeof signature === 'string' &&
      isTwilioSignatureValid(token, base + req.originalUrl, params, signature);
    if (!valid) {
      req.log.warn({ clinicId }, 'webhook refused: bad or missing Twilio signature');
      throw new ApiError(
        403,
        'invalid-signature',
        'X-Twilio-Signature: missing, or not the signature of this clinic for this URL and body',
        'X-Twilio-Signature',
      );
    }
    next();
  };
  const clinicOf = (clinicId: string): Clinic => {
    const clinic = clinics.clinics.find((c) => c.id === clinicId);
    if (!clinic) throw ApiError.notFound(`clinic "${clinicId}"`); // a token for a clinic removed since
    return clinic;
  };

  router.post('/webhooks/twilio/:clinicId/sms', formBody, verified, async (req, res) => {
    const clinic = clinicOf(String(req.params.clinicId));
    const sms = parseOr400(inboundSms, req.body, 'body');
    const text = sms.Body.trim();
    const log = req.log.child({ clinicId: clinic.id, messageSid: sms.MessageSid });

    // A member of staff acknowledging a page: "ACK <ref>" (the page's four digits) or
    // "ACK <incidentId>" from a phone on the roster.
    const ackToken = acknowledgedIncident(text);
    if (ackToken && clinic.onCallRoster.some((r) => r.phone === sms.From)) {
      try {
        const incidentId = await incidentOfAck(client, clinic.id, ackToken);
        const ack = await acknowledgeFromStaffPhone(
          clinics,
          { clinicId: clinic.id, incidentId, phone: sms.From, via: 'sms', phoneField: 'From' },
          (caseId, payload) => calls.decide(caseId, 'acknowledge-escalation', payload),
        );
        log.info({ incidentId, staffId: ack.staffId }, 'page acknowledged by SMS');
        sendTwiml(res, { message: `Acknowledged ${incidentId}. Thank you.` });
      } catch (err) {
        if (!(err instanceof ApiError) || err.status >= 500) throw err;
        sendTwiml(res, { message: `Not acknowledged: ${err.message}` });
      }
      return;
    }
    if (text === '') {
      // A picture without words: nothing a workflow can read yet (see the README's limits).
      log.info('inbound SMS without text ignored');
      sendTwiml(res);
      return;
    }

    // A patient's or customer's message: to the running case it belongs to. The cases dedupe by
    // the MessageSid, so Twilio redelivering the webhook never makes two replies.
    const reply = { providerMessageId: sms.MessageSid, text };
    const running = await runningCasesOf(client, deps.contactKeySecret, clinic.id, sms.From);
    const target = caseForInboundSms(running);
    if (target) {
      const delivered = await client.workflow
        .getHandle(target.caseId)
        .signal(target.kind === 'journey' ? patientReplySignal : customerReplySignal, reply)
        .then(
          () => true,
          (err: unknown) => {
            // Ended since it was listed: handle it like an unknown number.
            if (err instanceof WorkflowNotFoundError) return false;
            throw err;
          },
        );
      if (delivered) {
        log.info({ caseId: target.caseId }, 'inbound SMS delivered');
        sendTwiml(res);
        return;
      }
    }

    // No running case has this number: a durable standalone contact answers generically and
    // gives the front desk a task (or pages on-call staff if the words are urgent).
    const language = clinic.defaultLanguage ?? 'en';
    const input = toContactInput(
      clinic,
      { contactId: sms.MessageSid, channel: 'sms', source: 'unmatched-sms', phone: sms.From, language, text },
      assessContact({ text, language }),
    );
    const { created } = await startContact(client, deps.taskQueue, input, deps.contactKeySecret);
    log.info(
      { caseId: input.caseId, created, urgency: input.assessment.urgency },
      'inbound SMS from an unknown number',
    );
    sendTwiml(res);
  });

  // The page call's keypad and status callback. The URL carries the incident (it is signed with
  // the rest), so the call maps to its incident without any personal data.
  router.post('/webhooks/twilio/:clinicId/voice', formBody, verified, async (req, res) => {
    const clinic = clinicOf(String(req.params.clinicId));
    const call = parseOr400(voiceCallback, req.body, 'body');
    const { incidentId } = parseOr400(voiceQuery, req.query, 'query');
    if (!incidentId || call.Digits !== '1') {
      sendTwiml(res); // a status update, or another key: nothing to do
      return;
    }
    incidentCase(incidentId, 'query.incidentId');
    // The callee of a page call we placed is To; a member of staff calling in would be From.
    const staffPhone = [call.To, call.From].find((p) => clinic.onCallRoster.some((r) => r.phone === p));
    try {
      const ack = await acknowledgeFromStaffPhone(
        clinics,
        { clinicId: clinic.id, incidentId, phone: staffPhone ?? '', via: 'keypad', phoneField: 'To' },
        (caseId, payload) => calls.decide(caseId, 'acknowledge-escalation', payload),
      );
      req.log.info({ clinicId: clinic.id, incidentId, staffId: ack.staffId }, 'page acknowledged by keypad');
      sendTwiml(res, { say: 'Acknowledged. Thank you.' });
    } catch (err) {
      if (!(err instanceof ApiError) || err.status >= 500) throw err;
      sendTwiml(res, { say: 'This page could not be acknowledged. Please use the S M S or the app.' });
    }
  });

  // Delivery receipts of the SMS and calls the adapters place (StatusCallback), logged by
  // provider id and status, never the number. They drive care (domain/delivery-receipts.ts): an
  // SMS or call the patient never got goes to the journey, which falls back to a call or a nurse;
  // a page call nobody answered goes to its escalation, which moves on at once. Both dedupe by
  // the SID, so Twilio redelivering a receipt changes nothing.
  router.post('/webhooks/twilio/:clinicId/status', formBody, verified, async (req, res) => {
    const clinic = clinicOf(String(req.params.clinicId));
    const receipt = parseOr400(statusCallback, req.body, 'body');
    const query = parseOr400(statusQuery, req.query, 'query');
    const sid = receipt.MessageSid ?? receipt.CallSid;
    if (!sid) throw new ApiError(400, 'invalid-request', 'body: MessageSid or CallSid is required', 'body');
    // The case in the URL must be this clinic's (the URL is signed with this clinic's token).
    for (const [field, id] of [
      ['query.caseId', query.caseId],
      ['query.incidentId', query.incidentId],
    ] as const)
      if (id !== undefined && clinicOfWorkflowId(id) !== clinic.id)
        throw new ApiError(400, 'invalid-request', `${field}: not a case of clinic "${clinic.id}"`, field);
    const action = receiptAction({
      sid,
      messageStatus: receipt.MessageStatus,
      callStatus: receipt.CallStatus,
      errorCode: receipt.ErrorCode,
      ...query,
    });
    const log = req.log.child({ clinicId: clinic.id, caseId: query.caseId, sid });
    log.info(
      {
        status: receipt.MessageStatus ?? receipt.CallStatus,
        ...(receipt.ErrorCode ? { errorCode: receipt.ErrorCode } : {}),
        ...(action ? { to: action.to } : {}),
      },
      'delivery receipt',
    );
    if (action) {
      const handle = client.workflow.getHandle(action.workflowId);
      const sent =
        action.to === 'journey'
          ? handle.signal(deliveryReceiptSignal, action.receipt)
          : handle.signal(pageCallUnansweredSignal, { callSid: action.callSid, status: action.status });
      await sent.catch((err: unknown) => {
        // The case or escalation has ended since: nobody is waiting for this receipt any more.
        if (err instanceof WorkflowNotFoundError) log.info('delivery receipt for a case that has ended');
        else throw err;
      });
    }
    res.status(204).end();
  });

  return router;
}
