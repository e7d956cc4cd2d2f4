// Outbound voice calls that read a script and collect a keypad acknowledgement; the provider
// reports the call status and the key pressed through a webhook.
export interface OutboundCall {
  caseId: string;
  to: string;
  script: string;
  /** The key the callee presses to acknowledge, e.g. "1". */
  acknowledgeDigit?: string;
  idempotencyKey: string;
}

export interface CallReceipt {
  callId: string;
  duplicate: boolean;
}

export interface Telephony {
  placeCall(call: OutboundCall): Promise<CallReceipt>;
}
