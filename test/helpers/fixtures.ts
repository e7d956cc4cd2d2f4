import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadClinicConfig } from '../../config/clinic-config';
import { DateTime } from 'luxon';
import type { Clinic, ClinicCatalogue, Weekday } from '../../domain/clinic';
import { journeyId } from '../../domain/case-ids';
import type { CareJourneyInput, StartJourneyRequest } from '../../domain/journey';
import { startJourneyRequestSchema, toJourneyInput } from '../../domain/journey';
import { getProtocol, latestProtocol } from '../../domain/protocol-catalogue';

const CONFIG_FILE = resolve(__dirname, '..', '..', 'config', 'clinics.json');

/** config/clinics.json as it is (Asia/Tokyo): for unit tests that reason about fixed instants. */
export const configuredClinics: ClinicCatalogue = loadClinicConfig(CONFIG_FILE);
export const configuredClinic = configuredClinics.clinics[0]!;

/** The clinics of tests on a Temporal server, whose clock is real now (see TEST_CLINIC_CLOCK). */
export const clinics: ClinicCatalogue = loadClinicConfig(CONFIG_FILE);
export const clinic = clinics.clinics[0]!;

// Tests pin the clinic's zone, never the machine's. To prove that no test leans on the hour it
// happens to run at, `scripts/prove-clock-free.sh` runs the whole suite with
// TEST_CLINIC_CLOCK=open and =closed: the fixture clinic then moves to a fixed-offset zone where
// the real "now" is 11:00 (the clinic open, its hours extended to today's weekday if that is a
// closed day) or 03:00 (closed, in the patients' quiet hours). Without it: config/clinics.json.
const clinicClock = process.env.TEST_CLINIC_CLOCK;
if (clinicClock === 'open' || clinicClock === 'closed') {
  const moved = clinicWhereItIs(clinicClock === 'open' ? 11 : 3, clinic.id);
  clinic.timeZone = moved.timeZone;
  const weekday = DateTime.now().setZone(moved.timeZone).toFormat('ccc').toLowerCase() as Weekday;
  if (clinicClock === 'open' && clinic.businessHours[weekday].length === 0)
    clinic.businessHours[weekday] = [{ open: '09:00', close: '18:00' }];
  clinic.holidays = clinic.holidays.filter((d) => d !== DateTime.now().setZone(moved.timeZone).toISODate());
} else if (clinicClock) {
  throw new Error(`TEST_CLINIC_CLOCK must be "open" or "closed", not "${clinicClock}"`);
}

/** The fixture clinic's zone: tests speak of its local times ("Monday 10:00 at the clinic"). */
export const CLINIC_ZONE = clinic.timeZone;

/**
 * A copy of the fixture clinic, open every day 09:00-18:00 without holidays, in a fixed-offset
 * zone chosen so that the real instant `at` is `localHour` o'clock there. For tests that must
 * run on a real Temporal server (whose clock cannot be pinned) yet know whether the clinic is
 * open "now": the zone is pinned to the clock instead.
 */
export function clinicWhereItIs(localHour: number, id: string, at: Date = new Date()): Clinic {
  let offset = localHour - at.getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  // IANA's Etc/GMT zones have the sign reversed: Etc/GMT-9 is UTC+9.
  const timeZone = offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
  const day = [{ open: '09:00', close: '18:00' }];
  return {
    ...structuredClone(clinic),
    id,
    timeZone,
    holidays: [],
    businessHours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
  };
}

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
    patient: { ref: 'P-1001', phone: '+819012345678', language: 'ja', timeZone: CLINIC_ZONE },
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
