import type { ClinicCatalogue } from '../domain/clinic';
import { clinicCatalogueSchema } from '../domain/clinic';
import { describeIssues } from '../domain/validation';
import { ConfigError, readJsonFile } from './env';

/** Reads and validates the clinic configuration file; a bad field stops start-up by name. */
export function loadClinicConfig(file: string): ClinicCatalogue {
  const raw = readJsonFile(file);
  return parseClinicConfig(raw, file);
}

export function parseClinicConfig(raw: unknown, source = 'clinic configuration'): ClinicCatalogue {
  const parsed = clinicCatalogueSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(source, describeIssues(parsed.error));
  return parsed.data;
}
