import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import { Router } from 'express';
import { assessContact } from '../../domain/after-hours';
import { contactCaseId } from '../../domain/case-ids';
import type { ClinicCatalogue } from '../../domain/clinic';
import { afterHoursContactRequestSchema, toContactInput } from '../../domain/contact';
import { patientReplySignal } from '../../workflows/journey-definitions';
import { allow } from '../auth';
import type { ContactOutcome } from '../contacts';
import { existingContact, startContact } from '../contacts';
import { ApiError } from '../errors';
import { runningCasesOf } from '../running-cases';
import { parseOr400 } from '../validate';

/**
 * After-hours contacts (DESIGN §3.2), sent by the call centre or the telephony integration for the
 * caller's clinic. A patient with a running care journey: the contact goes into it as a patient
 * reply, so the journey's own protocol triages and escalates (202). Anyone else: a standalone
 * contact workflow answers, escalates or books a callback (201). The contact id is the business
 * key: the same contact again returns the first outcome (200) and starts nothing.
 */
export function afterHoursRoutes({
  client,
  taskQueue,
  clinics,
  contactKeySecret,
}: {
  client: Client;
  taskQueue: string;
  clinics: ClinicCatalogue;
  contactKeySecret?: string;
}): Router {
  const router = Router();

  router.post('/after-hours-contacts', async (req, res) => {
    const caller = allow(req, 'contact:intake');
    const request = parseOr400(afterHoursContactRequestSchema, req.body, 'body');
    const clinic = clinics.clinics.find((c) => c.id === caller.clinicId);
    if (!clinic) throw new ApiError(403, 'forbidden', `clinic "${caller.clinicId}" is not configured`);
    const caseId = contactCaseId(clinic.id, request.contactId);
    const log = req.log.child({ clinicId: clinic.id, contactId: request.contactId });

    const first = await existingContact(client, caseId, request.contactId);
    if (first) {
      res.status(200).json(first);
      return;
    }

    const language = request.language ?? clinic.defaultLanguage ?? 'en';
    const assessment = assessContact({ text: request.text, language, urgentFlag: request.urgentFlag });
    const answer = (handledBy: ContactOutcome['handledBy'], id: string): ContactOutcome => ({
      contactId: request.contactId,
      handledBy,
      caseId: id,
      urgency: assessment.urgency,
    });

    // The newest running journey of this phone at this clinic takes it, as the patient's reply
    // (deduplicated by the contact id, so a retry is harmless).
    const running = await runningCasesOf(client, contactKeySecret, clinic.id, request.phone);
    const journey = running
      .filter((c) => c.kind === 'journey')
      .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))[0];
    if (journey) {
      const reply = {
        providerMessageId: `after-hours-${request.contactId}`,
        text: request.text,
        ...(request.urgentFlag ? { urgent: true } : {}),
      };
      try {
        await client.workflow.getHandle(journey.caseId).signal(patientReplySignal, reply);
        log.info(
          { journeyId: journey.caseId, urgency: assessment.urgency },
          'after-hours contact to journey',
        );
        res.status(202).json(answer('journey', journey.caseId));
        return;
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err; // ended since it was listed
      }
    }

    const input = toContactInput(clinic, { ...request, language, source: 'after-hours' }, assessment);
    const { created } = await startContact(client, taskQueue, input, contactKeySecret);
    if (!created) {
      // The same contact id, sent twice at once: the first one's outcome.
      res
        .status(200)
        .json((await existingContact(client, caseId, request.contactId)) ?? answer('contact', caseId));
      return;
    }
    log.info({ caseId, urgency: assessment.urgency }, 'after-hours contact started');
    res.status(201).json(answer('contact', caseId));
  });

  return router;
}
