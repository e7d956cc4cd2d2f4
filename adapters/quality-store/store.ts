import type { PhoneAudit } from '../../domain/phone-audit';
import type { ActNote, QualityReport } from '../../domain/quality-report';

// Where the monthly PDCA reports and the phone-service audits are kept: outside Temporal, so
// they outlive the namespace's retention and restarts. A file for development, PostgreSQL when
// DATABASE_URL is set (shared by the API and the worker).

export interface QualityStore {
  /** Keeps the month's report; a report made again for the month replaces it, keeping its Act note. */
  keepReport(report: Omit<QualityReport, 'act'>): Promise<void>;
  /** The clinic's kept reports, newest month first. */
  reports(clinicId: string): Promise<QualityReport[]>;
  report(clinicId: string, month: string): Promise<QualityReport | undefined>;
  /** Adds (replaces) the Act note of a kept report; undefined when there is no such report. */
  setAct(clinicId: string, month: string, act: ActNote): Promise<QualityReport | undefined>;
  addAudit(audit: PhoneAudit): Promise<void>;
  /** The clinic's audits, newest call first. */
  audits(clinicId: string): Promise<PhoneAudit[]>;
  close(): Promise<void>;
}

export const byMonthDesc = (a: QualityReport, b: QualityReport) => b.month.localeCompare(a.month);
export const byCallDesc = (a: PhoneAudit, b: PhoneAudit) =>
  b.callDate.localeCompare(a.callDate) || b.recordedAt.localeCompare(a.recordedAt);
