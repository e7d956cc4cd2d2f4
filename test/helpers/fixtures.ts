import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadClinicConfig } from '../../config/clinic-config';
import type { ClinicCatalogue } from '../../domain/clinic';
import { journeyId } from '../../domain/case-ids';
import type { CareJourneyInput, StartJourneyRequest } from '../../domain/journey';
import { startJourneyRequestSchema, toJourneyInput } from '../../domain/journey';
import { getProtocol, latestProtocol } from '../../domain/protocol-catalogue';

export const clinics: ClinicCatalogue = loadClinicConfig(
  resolve(__dirname, '..', '..', 'config', 'clinics.json'),
);
export const clinic = clinics.clinics[0]!;

export function tempOutboxFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'care-outbox-')), 'outbox.jsonl');
}

let counter = 0;
/** A valid start request for a new surgery, with fields overridable per test. */
export function startRequest(overrides: Partial<StartJourneyRequest> = {}): StartJourneyRequest {
  counter += 1;
  return {
    clinicId: clinic.id,
    surgeryId: `S-${process.pid}-${Date.now()}-${counter}`,
    patient: { ref: 'P-1001', phone: '+819012345678', language: 'ja', timeZone: 'Asia/Tokyo' },
    surgery: { procedureCode: 'rhinoplasty', performedAt: new Date().toISOString(), surgeonId: 'dr-sato' },
    prescriptions: [],
    ...overrides,
  };
}

export function journeyInput(overrides: Partial<StartJourneyRequest> = {}): CareJourneyInput {
  const request = startRequest(overrides);
  const parsed = startJourneyRequestSchema.parse(request);
  return toJourneyInput(
    journeyId(parsed.clinicId, parsed.surgeryId),
    parsed,
    clinic,
    parsed.protocolId ? getProtocol(parsed.protocolId)! : latestProtocol(parsed.surgery.procedureCode),
  );
}
