import type { Recipient } from '../domain/delivery-receipts';

// Outbound SMS. Inbound replies arrive through the provider's webhook, not through this port.
export interface OutboundSms {
  caseId: string;
  to: string;
  body: string;
  /** Business key (case + step): sending twice with the same key sends once. */
  idempotencyKey: string;
  /**
   * Who it is for. A provider adapter puts it, the case and the key in the delivery receipt's
   * URL, so an SMS a patient never got comes back to the case's step (domain/delivery-receipts.ts).
   */
  recipient?: Recipient;
}

export interface SmsReceipt {
  providerMessageId: string;
  /** True when this key was already sent and nothing new went out. */
  duplicate: boolean;
}

export interface SmsSender {
  send(message: OutboundSms): Promise<SmsReceipt>;
}
