// Money the clinic gives back: a refund, a compensation or a waived fee, recorded as a request
// for the accounts team (no payment is made by the workflow itself).
export interface BillingRequest {
  caseId: string;
  customerRef: string;
  kind: 'refund' | 'compensation' | 'fee-waiver';
  amount?: number;
  detail: string;
  idempotencyKey: string;
}

export interface Billing {
  request(request: BillingRequest): Promise<{ requestId: string; duplicate: boolean }>;
}
