import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PhoneAudit } from '../../domain/phone-audit';
import type { ActNote, QualityReport } from '../../domain/quality-report';
import type { QualityStore } from './store';
import { byCallDesc, byMonthDesc } from './store';

// The development store: one append-only JSON-lines file (data/quality.jsonl by default). The
// API (audits, Act notes) and the worker (reports) append to it; each line is one small write,
// so two processes never interleave, and every read folds the whole file (small: a report a
// month per clinic).

type Line =
  | ({ kind: 'report' } & Omit<QualityReport, 'act'>)
  | { kind: 'act'; clinicId: string; month: string; act: ActNote }
  | ({ kind: 'audit' } & PhoneAudit);

export class FileQualityStore implements QualityStore {
  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  }

  private lines(): Line[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Line);
  }

  private append(line: Line): void {
    appendFileSync(this.file, JSON.stringify(line) + '\n', { mode: 0o600 });
  }

  private folded(clinicId: string): Map<string, QualityReport> {
    const reports = new Map<string, QualityReport>();
    for (const line of this.lines()) {
      if (line.clinicId !== clinicId) continue;
      if (line.kind === 'report') {
        const { kind: _kind, ...report } = line;
        reports.set(line.month, { ...report, act: reports.get(line.month)?.act ?? null });
      } else if (line.kind === 'act') {
        const kept = reports.get(line.month);
        if (kept) reports.set(line.month, { ...kept, act: line.act });
      }
    }
    return reports;
  }

  async keepReport(report: Omit<QualityReport, 'act'>): Promise<void> {
    this.append({ kind: 'report', ...report });
  }

  async reports(clinicId: string): Promise<QualityReport[]> {
    return [...this.folded(clinicId).values()].sort(byMonthDesc);
  }

  async report(clinicId: string, month: string): Promise<QualityReport | undefined> {
    return this.folded(clinicId).get(month);
  }

  async setAct(clinicId: string, month: string, act: ActNote): Promise<QualityReport | undefined> {
    const kept = this.folded(clinicId).get(month);
    if (!kept) return undefined;
    this.append({ kind: 'act', clinicId, month, act });
    return { ...kept, act };
  }

  async addAudit(audit: PhoneAudit): Promise<void> {
    this.append({ kind: 'audit', ...audit });
  }

  async audits(clinicId: string): Promise<PhoneAudit[]> {
    return this.lines()
      .filter((l): l is Extract<Line, { kind: 'audit' }> => l.kind === 'audit' && l.clinicId === clinicId)
      .map(({ kind: _kind, ...audit }) => audit)
      .sort(byCallDesc);
  }

  async close(): Promise<void> {}
}
