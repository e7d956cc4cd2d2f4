// Closed complaints become training cases for staff ([003]: share cases, learn from them).
export interface TrainingCase {
  caseId: string;
  category: string;
  summary: string;
  idempotencyKey: string;
}

export interface TrainingLibrary {
  record(entry: TrainingCase): Promise<{ duplicate: boolean }>;
}
