import type { Client } from '@temporalio/client';
import { caseFacts } from '../adapters/case-facts';
import type { QualityStore } from '../adapters/quality-store/store';
import type { Clinic, ClinicCatalogue } from '../domain/clinic';
import type { AckTargets, QualityFigures } from '../domain/quality-figures';
import { qualityFigures } from '../domain/quality-figures';
import { monthPeriod, previousMonthOf } from '../domain/quality-period';
import { composeReport } from '../domain/quality-report';

// The monthly PDCA report: the month's figures from the clinic's cases (running and finished)
// and its phone-service audits, kept in the quality store. Run by the report workflow that the
// clinic's Temporal Schedule starts on the first day of each month.

export interface QualityDeps {
  /** Reads the cases' state and results (with the payload codec). */
  client: Client;
  clinics: ClinicCatalogue;
  store: QualityStore;
}

/** The clinic's acknowledgement target per severity: its first escalation level's timeout. */
export function ackTargetsOf(clinic: Clinic): AckTargets {
  const target = (severity: string) =>
    clinic.escalationPolicies.find((p) => p.id === severity)?.levels[0]?.ackTimeoutMinutes;
  return { urgent: target('urgent'), emergency: target('emergency') };
}

/** The clinic's figures for `month` ("YYYY-MM" in its zone), as of `now`. */
export async function monthFigures(
  client: Client,
  clinic: Clinic,
  month: string,
  now: Date,
): Promise<QualityFigures> {
  const period = monthPeriod(month, clinic.timeZone);
  const facts = await caseFacts(client, clinic, period, now);
  return qualityFigures(facts, period, clinic.qualityTargets, ackTargetsOf(clinic));
}

export interface KeepReportInput {
  clinicId: string;
  /** When the report is made (the workflow's start): it covers the month before, in the clinic's zone. */
  at: string;
  /** A month to make (again) instead: "YYYY-MM". */
  month?: string;
}

export function qualityReportActivities(deps: QualityDeps) {
  return {
    /** Makes and keeps the month's report; made again, it replaces the figures and keeps the Act note. */
    async keepMonthlyQualityReport(input: KeepReportInput): Promise<{ clinicId: string; month: string }> {
      const { clinicId } = input;
      const clinic = deps.clinics.clinics.find((c) => c.id === clinicId);
      if (!clinic) throw new Error(`quality report: unknown clinic "${clinicId}"`);
      const month = input.month ?? previousMonthOf(new Date(input.at), clinic.timeZone);
      const now = new Date();
      const figures = await monthFigures(deps.client, clinic, month, now);
      const audits = await deps.store.audits(clinic.id);
      await deps.store.keepReport(
        composeReport({
          clinicId: clinic.id,
          timeZone: clinic.timeZone,
          madeAt: now.toISOString(),
          figures,
          audits,
        }),
      );
      return { clinicId: clinic.id, month };
    },
  };
}

export type QualityReportActivities = ReturnType<typeof qualityReportActivities>;
