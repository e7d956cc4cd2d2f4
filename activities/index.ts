import { log } from '@temporalio/activity';
import type { Adapters } from '../adapters';
import type { EhrCommunication } from '../adapters/ehr';
import type { PatientMessage } from '../domain/messages';
import { renderPatientMessage } from '../domain/messages';
import { permanentFailuresAreFinal } from './errors';

// Activities are thin: render, call an adapter, report. Each takes an idempotency key built
// from the case id and the step, so a retry or a continue-as-new never sends twice.
// Logs carry the case id (an opaque business key) and never a phone number or message text.

export interface SendPatientSms {
  caseId: string;
  to: string;
  message: PatientMessage;
  idempotencyKey: string;
}

export function createActivities(adapters: Adapters) {
  return {
    async sendPatientSms(input: SendPatientSms): Promise<{ providerMessageId: string; duplicate: boolean }> {
      const body = renderPatientMessage(input.message);
      const receipt = await permanentFailuresAreFinal(() =>
        adapters.sms.send({ caseId: input.caseId, to: input.to, body, idempotencyKey: input.idempotencyKey }),
      );
      log.info('patient SMS sent', {
        caseId: input.caseId,
        template: input.message.template,
        duplicate: receipt.duplicate,
      });
      return receipt;
    },

    async recordEhrCommunication(entry: EhrCommunication): Promise<{ noteId: string; duplicate: boolean }> {
      return adapters.ehr.recordCommunication(entry);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
