import type { Providers } from '../config/providers';
import type { ClinicCatalogue } from '../domain/clinic';
import { createDevAdapters } from './dev';
import { FhirGateway } from './fhir/client';
import { FhirEhr } from './fhir/ehr';
import { FhirHospitalTransfer } from './fhir/hospital-transfer';
import type { Adapters } from './index';
import { OutboundWebhooks } from './outbound-webhook';
import { JsonFileSentStore, twilioAdapters } from './twilio';

/**
 * The adapters the worker uses, by configuration (config/providers.ts): Twilio (the real service
 * or the local simulator) for SMS and calls, FHIR R4 for the record and referrals, signed
 * outbound webhooks for the back office when configured. The on-call roster is the clinic's
 * configuration; what has no provider yet (the training library, and the back office without
 * webhooks) goes to the development outbox.
 */
export function createAdapters(
  providers: Providers,
  options: { outboxFile: string; catalogue: ClinicCatalogue; webhookBaseUrl: string },
): Adapters {
  const outbox = createDevAdapters(options.outboxFile, options.catalogue);
  if (providers.mode === 'outbox') return outbox;
  const { sms, telephony } = twilioAdapters({
    credentials: providers.twilio.credentials,
    apiBaseUrl: providers.twilio.apiBaseUrl,
    publicBaseUrl: options.webhookBaseUrl,
    store: new JsonFileSentStore(providers.twilio.sentStoreFile),
  });
  const fhir = new FhirGateway({
    baseUrl: providers.fhir.baseUrl,
    ...(providers.fhir.bearerToken ? { bearerToken: providers.fhir.bearerToken } : {}),
  });
  const hooks = providers.outboundWebhooks;
  const webhooks = hooks ? new OutboundWebhooks({ secret: hooks.secret, urls: hooks.urls }) : undefined;
  return {
    ...outbox,
    sms,
    telephony,
    ehr: new FhirEhr(fhir),
    hospitalTransfer: new FhirHospitalTransfer(fhir),
    ...(webhooks && hooks?.urls.billing ? { billing: webhooks } : {}),
    ...(webhooks && hooks?.urls.suppliers ? { suppliers: webhooks } : {}),
    ...(webhooks && hooks?.urls.staffTasks ? { staffTasks: webhooks } : {}),
  };
}
