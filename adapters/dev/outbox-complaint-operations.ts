import type { Billing, BillingRequest } from '../billing';
import type { SupplierNotice, Suppliers } from '../suppliers';
import type { TrainingCase, TrainingLibrary } from '../training-library';
import type { Outbox } from './outbox';

/** Dev billing: the refund / compensation / fee-waiver request lands in the outbox. */
export class OutboxBilling implements Billing {
  constructor(private readonly outbox: Outbox) {}
  async request(r: BillingRequest): Promise<{ requestId: string; duplicate: boolean }> {
    const { entry, duplicate } = this.outbox.record({
      kind: 'billing',
      caseId: r.caseId,
      idempotencyKey: r.idempotencyKey,
      body: r.detail,
      data: {
        customerRef: r.customerRef,
        kind: r.kind,
        ...(r.amount !== undefined ? { amount: r.amount } : {}),
      },
    });
    return { requestId: `outbox-${entry.id}`, duplicate };
  }
}

/** Dev suppliers: the notice lands in the outbox. */
export class OutboxSuppliers implements Suppliers {
  constructor(private readonly outbox: Outbox) {}
  async notify(n: SupplierNotice): Promise<{ duplicate: boolean }> {
    const { duplicate } = this.outbox.record({
      kind: 'supplier-notice',
      caseId: n.caseId,
      idempotencyKey: n.idempotencyKey,
      to: n.supplierId,
      body: n.detail,
      data: { product: n.product, batch: n.batch },
    });
    return { duplicate };
  }
}

/** Dev training library: closed cases land in the outbox. */
export class OutboxTrainingLibrary implements TrainingLibrary {
  constructor(private readonly outbox: Outbox) {}
  async record(t: TrainingCase): Promise<{ duplicate: boolean }> {
    const { duplicate } = this.outbox.record({
      kind: 'training-case',
      caseId: t.caseId,
      idempotencyKey: t.idempotencyKey,
      body: t.summary,
      data: { category: t.category },
    });
    return { duplicate };
  }
}
