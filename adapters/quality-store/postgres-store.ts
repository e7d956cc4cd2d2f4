import type { Pool } from 'pg';
import type { PhoneAudit } from '../../domain/phone-audit';
import type { ActNote, QualityReport } from '../../domain/quality-report';
import type { QualityStore } from './store';
import { createTablesOnce } from '../postgres-tables';

// The store in PostgreSQL (DATABASE_URL): shared by every API replica and the worker, kept by
// the database's own backups. Two tables, created here if missing.

export const REPORTS_TABLE = 'quality_reports';
export const AUDITS_TABLE = 'phone_audits';

export class PostgresQualityStore implements QualityStore {
  private constructor(private readonly pool: Pool) {}

  /** The store once its tables exist; rejects when the database cannot be reached. */
  static async open(pool: Pool): Promise<PostgresQualityStore> {
    await createTablesOnce(pool, [
      `CREATE TABLE IF NOT EXISTS ${REPORTS_TABLE} (
      clinic_id text NOT NULL, month text NOT NULL, report jsonb NOT NULL, act jsonb,
      PRIMARY KEY (clinic_id, month))`,
      `CREATE TABLE IF NOT EXISTS ${AUDITS_TABLE} (
      audit_id text PRIMARY KEY, clinic_id text NOT NULL, call_date text NOT NULL,
      recorded_at text NOT NULL, audit jsonb NOT NULL)`,
    ]);
    return new PostgresQualityStore(pool);
  }

  async keepReport(report: Omit<QualityReport, 'act'>): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${REPORTS_TABLE} (clinic_id, month, report) VALUES ($1, $2, $3)
       ON CONFLICT (clinic_id, month) DO UPDATE SET report = EXCLUDED.report`,
      [report.clinicId, report.month, JSON.stringify(report)],
    );
  }

  async reports(clinicId: string): Promise<QualityReport[]> {
    const { rows } = await this.pool.query<{ report: QualityReport; act: ActNote | null }>(
      `SELECT report, act FROM ${REPORTS_TABLE} WHERE clinic_id = $1 ORDER BY month DESC`,
      [clinicId],
    );
    return rows.map((r) => ({ ...r.report, act: r.act }));
  }

  async report(clinicId: string, month: string): Promise<QualityReport | undefined> {
    const { rows } = await this.pool.query<{ report: QualityReport; act: ActNote | null }>(
      `SELECT report, act FROM ${REPORTS_TABLE} WHERE clinic_id = $1 AND month = $2`,
      [clinicId, month],
    );
    return rows[0] ? { ...rows[0].report, act: rows[0].act } : undefined;
  }

  async setAct(clinicId: string, month: string, act: ActNote): Promise<QualityReport | undefined> {
    const { rowCount } = await this.pool.query(
      `UPDATE ${REPORTS_TABLE} SET act = $3 WHERE clinic_id = $1 AND month = $2`,
      [clinicId, month, JSON.stringify(act)],
    );
    return rowCount ? this.report(clinicId, month) : undefined;
  }

  async addAudit(audit: PhoneAudit): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${AUDITS_TABLE} (audit_id, clinic_id, call_date, recorded_at, audit) VALUES ($1, $2, $3, $4, $5)`,
      [audit.auditId, audit.clinicId, audit.callDate, audit.recordedAt, JSON.stringify(audit)],
    );
  }

  async audits(clinicId: string): Promise<PhoneAudit[]> {
    const { rows } = await this.pool.query<{ audit: PhoneAudit }>(
      `SELECT audit FROM ${AUDITS_TABLE} WHERE clinic_id = $1 ORDER BY call_date DESC, recorded_at DESC`,
      [clinicId],
    );
    return rows.map((r) => r.audit);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
