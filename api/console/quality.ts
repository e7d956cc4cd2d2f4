import type { Client } from '@temporalio/client';
import type { ClinicCatalogue } from '../../domain/clinic';
import { runningJourneys } from './running-journeys';

// The quality page's first figure: how long red flags waited for a person's acknowledgement,
// against the clinic's target (acknowledged before the first escalation level times out).
// Only incidents of running journeys are counted: finished journeys are not read (yet).

/** Latency buckets of the chart, in minutes: [from, to). */
export const LATENCY_BUCKETS: readonly [number, number][] = [
  [0, 5],
  [5, 10],
  [10, 15],
  [15, 30],
  [30, Infinity],
];

export interface AcknowledgementLatency {
  incidents: number;
  acknowledged: number;
  withinTarget: number;
  targetMinutes: { urgent?: number; emergency?: number };
  buckets: { label: string; urgent: number; emergency: number }[];
}

export async function acknowledgementLatency(
  client: Client,
  clinics: ClinicCatalogue,
  clinicId: string,
): Promise<AcknowledgementLatency> {
  const clinic = clinics.clinics.find((c) => c.id === clinicId);
  const target = (severity: string) =>
    clinic?.escalationPolicies.find((p) => p.id === severity)?.levels[0]?.ackTimeoutMinutes;
  const targetMinutes = { urgent: target('urgent'), emergency: target('emergency') };
  const incidents = (await runningJourneys(client, clinicId)).flatMap((j) => j.escalations);
  const acknowledged = incidents.filter((i) => i.ackLatencySeconds !== undefined);
  const minutes = (i: (typeof incidents)[number]) => i.ackLatencySeconds! / 60;
  return {
    incidents: incidents.length,
    acknowledged: acknowledged.length,
    withinTarget: acknowledged.filter((i) => minutes(i) < (targetMinutes[i.severity] ?? Infinity)).length,
    targetMinutes,
    buckets: LATENCY_BUCKETS.map(([from, to]) => {
      const inBucket = acknowledged.filter((i) => minutes(i) >= from && minutes(i) < to);
      return {
        label: to === Infinity ? `≥ ${from} min` : `${from}–${to} min`,
        urgent: inBucket.filter((i) => i.severity === 'urgent').length,
        emergency: inBucket.filter((i) => i.severity === 'emergency').length,
      };
    }),
  };
}
