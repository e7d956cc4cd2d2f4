// Outbound SMS. Inbound replies arrive through the provider's webhook, not through this port.
export interface OutboundSms {
  caseId: string;
  to: string;
  body: string;
  /** Business key (case + step): sending twice with the same key sends once. */
  idempotencyKey: string;
}

export interface SmsReceipt {
  providerMessageId: string;
  /** True when this key was already sent and nothing new went out. */
  duplicate: boolean;
}

export interface SmsSender {
  send(message: OutboundSms): Promise<SmsReceipt>;
}
