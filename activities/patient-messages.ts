import { log } from '@temporalio/activity';
import type { Adapters } from '../adapters';
import type { ComplaintMessage } from '../domain/complaint-messages';
import { renderComplaintMessage } from '../domain/complaint-messages';
import type { ContactMessage } from '../domain/contact-messages';
import { renderContactMessage } from '../domain/contact-messages';
import type { PatientMessage } from '../domain/messages';
import { renderPatientMessage } from '../domain/messages';

/** Patients after surgery, customers with a complaint and after-hours callers are texted the same way. */
type OutgoingMessage = PatientMessage | ComplaintMessage | ContactMessage;
const render = (m: OutgoingMessage) =>
  m.template.startsWith('complaint-')
    ? renderComplaintMessage(m as ComplaintMessage)
    : m.template.startsWith('contact-')
      ? renderContactMessage(m as ContactMessage)
      : renderPatientMessage(m as PatientMessage);
import { permanentFailuresAreFinal } from './errors';

export interface SendPatientSms {
  caseId: string;
  to: string;
  message: OutgoingMessage;
  idempotencyKey: string;
}

export interface CallPatient {
  caseId: string;
  to: string;
  /** Rendered and read out by the telephony provider. */
  message: PatientMessage;
  idempotencyKey: string;
}

/** Messages to the patient: rendered in their language at send time, never logged. */
export function patientMessageActivities({ sms, telephony }: Pick<Adapters, 'sms' | 'telephony'>) {
  return {
    async sendPatientSms(input: SendPatientSms): Promise<{ providerMessageId: string; duplicate: boolean }> {
      const body = render(input.message);
      const receipt = await permanentFailuresAreFinal(() =>
        sms.send({
          caseId: input.caseId,
          to: input.to,
          body,
          idempotencyKey: input.idempotencyKey,
          recipient: 'patient',
        }),
      );
      log.info('patient SMS sent', {
        caseId: input.caseId,
        template: input.message.template,
        duplicate: receipt.duplicate,
      });
      return receipt;
    },

    async callPatient(input: CallPatient): Promise<{ callId: string; duplicate: boolean }> {
      const script = renderPatientMessage(input.message);
      const receipt = await permanentFailuresAreFinal(() =>
        telephony.placeCall({
          caseId: input.caseId,
          to: input.to,
          script,
          language: input.message.language,
          idempotencyKey: input.idempotencyKey,
          recipient: 'patient',
        }),
      );
      log.info('patient called', { caseId: input.caseId, template: input.message.template });
      return receipt;
    },
  };
}
