// A notice to a product's supplier ([003] case 2: ask whether other customers reported the same).
export interface SupplierNotice {
  caseId: string;
  supplierId: string;
  product: string;
  batch: string;
  detail: string;
  idempotencyKey: string;
}

export interface Suppliers {
  notify(notice: SupplierNotice): Promise<{ duplicate: boolean }>;
}
