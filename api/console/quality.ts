import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Request } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import { monthFigures } from '../../activities/quality-report';
import type { QualityStore } from '../../adapters/quality-store/store';
import type { Clinic, ClinicCatalogue } from '../../domain/clinic';
import type { Language } from '../../domain/language';
import { auditTrends, phoneAuditSchema } from '../../domain/phone-audit';
import type { Figure } from '../../domain/quality-figures';
import { MONTH, monthOf } from '../../domain/quality-period';
import type { QualityReport } from '../../domain/quality-report';
import { reportCsv } from '../../domain/quality-report';
import type { Caller } from '../auth';
import { allow } from '../auth';
import { ApiError } from '../errors';
import { parseOr400 } from '../validate';
import type { ConsolePage } from './pages';
import { escapeHtml, staffPage } from './pages';
import type { StaffSession } from './sessions';
import type { WordKey } from './words';
import { word } from './words';

// The quality page (management): the month's figures against the clinic's targets, computed
// from the cases themselves (adapters/case-facts.ts), the kept monthly PDCA reports (made by
// the clinic's Temporal Schedule, kept in the quality store) with their Act note, and the
// phone-service audits. Everything is the signed-in person's clinic only: another clinic's
// report is a 404 like another clinic's case.

export interface QualityRouteDeps {
  client: Client;
  clinics: ClinicCatalogue;
  store: QualityStore | undefined;
  now: () => number;
  /** The menu of the pages the person may open (the console's). */
  pagesOf: (caller: Caller) => ConsolePage[];
}

/** The quality page's content below its heading (quality.js fills it in). */
export const qualityPageMain = (
  t: (key: WordKey) => string,
) => `<p class="status" id="status">${t('loading')}</p>
<form id="period" class="inline"><label>${t('quality-month')} <input type="month" id="month" name="month" required></label><button type="submit">${t('quality-show')}</button></form>
<section><h2>${t('figures-title')}</h2><ul id="figures" class="figures"></ul>
<div class="chart"><canvas id="figures-chart" role="img" aria-label="${t('figures-chart')}"></canvas></div>
<h3>${t('clocks-chart')}</h3><div class="chart"><canvas id="clocks-chart" role="img" aria-label="${t('clocks-chart')}"></canvas></div>
<h3>${t('latency-title')}</h3><p id="latency-summary"></p>
<div class="chart"><canvas id="latency-chart" role="img" aria-label="${t('latency-title')}"></canvas></div></section>
<section><h2>${t('reports-title')}</h2><ol id="reports" class="cards" data-empty="${t('no-reports')}"></ol></section>
<section><h2>${t('audits-title')}</h2>
<div class="chart"><canvas id="audits-chart" role="img" aria-label="${t('audits-chart')}"></canvas></div>
<form id="audit" class="audit">
<label>${t('audit-date')} <input type="date" name="callDate" required></label>
<label>${t('audit-caller')} <select name="callerType"><option value="mystery">${t('caller-mystery')}</option><option value="real">${t('caller-real')}</option></select></label>
<label>${t('audit-wait')} <input type="number" name="waitSeconds" min="0" max="3600" required></label>
${(['knowledge', 'patience', 'clarity', 'empathy'] as const)
  .map((k) => `<label>${t(k)} <input type="number" name="${k}" min="1" max="5" required></label>`)
  .join('')}
<label>${t('audit-comment')} <textarea name="comment" maxlength="500"></textarea></label>
<button type="submit">${t('audit-record')}</button><p id="audit-status" role="status"></p>
</form></section>`;

const monthParam = z.string().regex(MONTH, 'must be a month "YYYY-MM", e.g. "2026-11"');
const actBody = z.object({ note: z.string().trim().min(1, 'required').max(2000) }).strict();

export function qualityRoutes(deps: QualityRouteDeps): Router {
  const router = Router();
  const store = (): QualityStore => {
    if (!deps.store)
      throw new ApiError(
        503,
        'unavailable',
        'quality store not configured: reports and audits cannot be kept',
      );
    return deps.store;
  };
  const clinicOf = (caller: Caller): Clinic => {
    const clinic = deps.clinics.clinics.find((c) => c.id === caller.clinicId);
    if (!clinic) throw ApiError.notFound(`clinic "${caller.clinicId}"`);
    return clinic;
  };
  const keptReport = async (req: Request) => {
    const caller = allow(req, 'complaint:report');
    const month = parseOr400(monthParam, req.params.month, 'month');
    const report = await store().report(caller.clinicId, month);
    if (!report) throw ApiError.notFound(`quality report "${month}"`);
    return { caller, report };
  };

  router.get('/console/api/quality', async (req, res) => {
    const caller = allow(req, 'complaint:report');
    const clinic = clinicOf(caller);
    const now = new Date(deps.now());
    const { month } = parseOr400(z.object({ month: monthParam.optional() }).strict(), req.query, 'query');
    res.json(await monthFigures(deps.client, clinic, month ?? monthOf(now, clinic.timeZone), now));
  });

  router.get('/console/api/quality/audits', async (req, res) => {
    const caller = allow(req, 'complaint:report');
    const audits = await store().audits(caller.clinicId);
    res.json({ trends: auditTrends(audits), audits: audits.slice(0, 50) });
  });
  router.post('/console/api/quality/audits', async (req, res) => {
    const caller = allow(req, 'complaint:report');
    const input = parseOr400(phoneAuditSchema, req.body ?? {}, 'body');
    const audit = {
      ...input,
      auditId: randomUUID(),
      clinicId: caller.clinicId,
      recordedBy: caller.staffId ?? caller.credentialId,
      recordedAt: new Date(deps.now()).toISOString(),
    };
    await store().addAudit(audit);
    req.log?.info({ auditId: audit.auditId }, 'phone-service audit recorded');
    res.status(201).json(audit);
  });

  router.get('/console/api/quality/reports', async (req, res) => {
    const caller = allow(req, 'complaint:report');
    const reports = await store().reports(caller.clinicId);
    res.json({
      reports: reports.map((r) => ({
        month: r.month,
        madeAt: r.madeAt,
        closure: r.figures.closure,
        satisfaction: r.figures.satisfaction,
        act: r.act,
      })),
    });
  });
  router.get('/console/api/quality/reports/:month', async (req, res) => {
    res.json((await keptReport(req)).report);
  });
  router.get('/console/api/quality/reports/:month/csv', async (req, res) => {
    const { caller, report } = await keptReport(req);
    res
      .type('text/csv; charset=utf-8')
      .attachment(`quality-${caller.clinicId}-${report.month}.csv`)
      .send(reportCsv(report));
  });
  router.post('/console/api/quality/reports/:month/act', async (req, res) => {
    const { caller, report } = await keptReport(req);
    const { note } = parseOr400(actBody, req.body ?? {}, 'body');
    const act = { note, by: caller.staffId ?? caller.credentialId, at: new Date(deps.now()).toISOString() };
    res.json(await store().setAct(caller.clinicId, report.month, act));
  });

  // The report to read and print: a console page; `?download=html`: a file that stands alone.
  router.get('/console/quality/reports/:month', async (req, res) => {
    const { caller, report } = await keptReport(req);
    const session = req.staffSession as StaffSession;
    const { language } = session.account;
    const body = reportHtml(report, language);
    if (req.query.download === 'html') {
      return res
        .type('html')
        .attachment(`quality-${caller.clinicId}-${report.month}.html`)
        .send(standalone(language, word(language, 'report-title', { month: report.month }), body));
    }
    const page: ConsolePage = { path: '/console/quality', title: 'quality', scripts: [], main: () => body };
    res.type('html').send(staffPage(session, page, deps.pagesOf(caller), report.timeZone));
  });

  return router;
}

/** The kept report as HTML in `language`: Check (the figures), the audits, and Act. */
export function reportHtml(report: QualityReport, language: Language): string {
  const t = (key: WordKey, vars: Record<string, string | number> = {}) =>
    escapeHtml(word(language, key, vars));
  const f = report.figures;
  const row = (label: string, x: Figure) => {
    const state = x.met === null ? t('no-data') : x.met ? t('target-met') : t('target-missed');
    return `<tr><th scope="row">${label}</th><td>${x.value === null ? '–' : t('figure-value', { value: x.value, unit: x.unit })}</td><td>${t('figure-target', { direction: x.direction === 'at-most' ? '≤' : '≥', target: x.target, unit: x.unit })}</td><td class="${x.met === false ? 'missed' : ''}">${state}</td><td>${t('figure-counted', { counted: x.counted })}</td></tr>`;
  };
  const rows = [
    row(t('figure-closure'), f.closure),
    ...f.clocks.map((c) => row(t('figure-clock', { name: c.name }), c.compliance)),
    row(t('figure-first-contact'), f.firstContact),
    row(t('figure-satisfaction'), f.satisfaction),
    row(t('figure-check-in'), f.checkInResponse),
    row(t('figure-acknowledgement'), f.acknowledgement),
    row(t('figure-no-shows'), f.noShows),
    row(t('figure-adherence'), f.adherence),
  ].join('');
  const audits = report.audits
    ? `<p>${t('report-audits', { audits: report.audits.audits, wait: report.audits.averageWaitSeconds })} · ${(['knowledge', 'patience', 'clarity', 'empathy'] as const).map((k) => `${t(k)} ${report.audits![k]}`).join(' · ')}</p>`
    : '';
  const month = encodeURIComponent(report.month);
  // Times as the clinic's clock shows them.
  const local = (at: string) =>
    new Intl.DateTimeFormat(language, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: report.timeZone,
    }).format(new Date(at));
  const madeAt = local(report.madeAt);
  return `<article class="report" id="report" data-month="${escapeHtml(report.month)}">
<h2>${t('report-title', { month: report.month })}</h2><p>${escapeHtml(report.clinicId)} · ${t('report-made', { time: madeAt })}</p>
<table class="figures"><tbody>${rows}</tbody></table>${audits}
<h3>${t('report-act')}</h3><p id="act">${report.act ? `${escapeHtml(report.act.note)} (${escapeHtml(report.act.by)}, ${escapeHtml(local(report.act.at))})` : '–'}</p>
<p class="no-print"><a href="/console/api/quality/reports/${month}/csv" download>${t('report-csv')}</a> · <a href="/console/quality/reports/${month}?download=html" download>${t('report-html')}</a></p>
</article>`;
}

/** A file to keep or print anywhere: its style inside, nothing to fetch. */
function standalone(language: Language, title: string, body: string): string {
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:2em}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}.missed{color:#cf222e;font-weight:600}.no-print{display:none}</style>
</head><body>${body}</body></html>`;
}
