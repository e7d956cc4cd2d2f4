export { OutboundWebhooks, WebhookUnavailableError, WEBHOOK_TYPES } from './webhooks';
export type { OutboundWebhookConfig, WebhookPort } from './webhooks';
export {
  verifyCareSignature,
  signCareWebhook,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  IDEMPOTENCY_HEADER,
} from './signature';
