import type { Adapters } from '../adapters';
import type { BillingRequest } from '../adapters/billing';
import type { SupplierNotice } from '../adapters/suppliers';
import type { TrainingCase } from '../adapters/training-library';

/** Carrying out a complaint's resolution and keeping the closed case for training. */
export function complaintActivities({
  billing,
  suppliers,
  trainingLibrary,
}: Pick<Adapters, 'billing' | 'suppliers' | 'trainingLibrary'>) {
  return {
    async requestBilling(request: BillingRequest): Promise<{ requestId: string; duplicate: boolean }> {
      return billing.request(request);
    },
    async notifySupplier(notice: SupplierNotice): Promise<{ duplicate: boolean }> {
      return suppliers.notify(notice);
    },
    async recordTrainingCase(entry: TrainingCase): Promise<{ duplicate: boolean }> {
      return trainingLibrary.record(entry);
    },
  };
}
