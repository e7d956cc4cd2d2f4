import type { AuditMonth, PhoneAudit } from './phone-audit';
import { auditTrends } from './phone-audit';
import type { QualityFigures } from './quality-figures';

// The monthly PDCA report the clinic keeps: Check is the month's figures against the targets and
// the phone-service audits of the month; Act is what management decides to change, added later.
// Plan is the targets themselves (in each figure), Do is the month's work.

export interface ActNote {
  note: string;
  by: string;
  at: string;
}

export interface QualityReport {
  clinicId: string;
  month: string;
  timeZone: string;
  madeAt: string;
  figures: QualityFigures;
  /** The month's phone-service audits, summarised; null when there were none. */
  audits: AuditMonth | null;
  act: ActNote | null;
}

/** The report of `month` from its figures and the clinic's audits (only the month's count). */
export function composeReport(input: {
  clinicId: string;
  timeZone: string;
  madeAt: string;
  figures: QualityFigures;
  audits: readonly PhoneAudit[];
}): Omit<QualityReport, 'act'> {
  const month = input.figures.month;
  return {
    clinicId: input.clinicId,
    month,
    timeZone: input.timeZone,
    madeAt: input.madeAt,
    figures: input.figures,
    audits: auditTrends(input.audits.filter((a) => a.callDate.startsWith(`${month}-`)))[0] ?? null,
  };
}

/** Rows of the report as a table: figure, value, unit, target, met (one per figure). */
export function reportRows(
  report: QualityReport,
): { figure: string; value: number | null; unit: string; target: number | string; met: string }[] {
  const f = report.figures;
  const met = (m: boolean | null) => (m === null ? 'no data' : m ? 'met' : 'missed');
  const row = (
    figure: string,
    x: { value: number | null; unit: string; target: number; direction: string; met: boolean | null },
  ) => ({
    figure,
    value: x.value,
    unit: x.unit,
    target: `${x.direction === 'at-most' ? '≤' : '≥'} ${x.target}`,
    met: met(x.met),
  });
  const audit = report.audits;
  return [
    row('complaint closure', f.closure),
    ...f.clocks.map((c) => row(`SLA ${c.id}`, c.compliance)),
    row('time to first contact (median)', f.firstContact),
    row('satisfaction', f.satisfaction),
    row('check-in response', f.checkInResponse),
    row('red flag acknowledged in time', f.acknowledgement),
    row('return-visit no-shows', f.noShows),
    row('medication adherence', f.adherence),
    ...(audit
      ? [
          { figure: 'phone audits', value: audit.audits, unit: 'audits', target: '', met: '' },
          { figure: 'phone: average wait', value: audit.averageWaitSeconds, unit: 's', target: '', met: '' },
          ...(['knowledge', 'patience', 'clarity', 'empathy'] as const).map((k) => ({
            figure: `phone: ${k}`,
            value: audit[k],
            unit: '/5',
            target: '',
            met: '',
          })),
        ]
      : []),
  ];
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote every cell that needs it; a leading = + - @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The report as CSV (UTF-8, a header row), the Act note last. */
export function reportCsv(report: QualityReport): string {
  const lines = [
    ['clinic', report.clinicId],
    ['month', report.month],
    ['time zone', report.timeZone],
    ['made at', report.madeAt],
    [],
    ['figure', 'value', 'unit', 'target', 'met'],
    ...reportRows(report).map((r) => [r.figure, r.value, r.unit, r.target, r.met]),
    [],
    ['act', report.act?.note ?? '', report.act?.by ?? '', report.act?.at ?? ''],
  ];
  return lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
