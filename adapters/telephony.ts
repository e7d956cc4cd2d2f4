import type { Recipient } from '../domain/delivery-receipts';

// Outbound voice calls that read a script and collect a keypad acknowledgement; the provider
// reports the call status and the key pressed through a webhook.
export interface OutboundCall {
  caseId: string;
  to: string;
  script: string;
  /** The key the callee presses to acknowledge, e.g. "1". */
  acknowledgeDigit?: string;
  /**
   * The on-call incident a page call is for. A provider adapter puts it in the keypad webhook's
   * URL (`/webhooks/twilio/<clinicId>/voice?incidentId=...`), which the provider signs, so the
   * key press maps back to the incident without any personal data.
   */
  incidentId?: string;
  /** The language the script is read in (the callee's); default Japanese. */
  language?: 'ja' | 'en' | 'zh-Hant';
  idempotencyKey: string;
  /** Who is called: the call's status receipt comes back to the case (or the page's incident). */
  recipient?: Recipient;
}

export interface CallReceipt {
  callId: string;
  duplicate: boolean;
}

export interface Telephony {
  placeCall(call: OutboundCall): Promise<CallReceipt>;
}
