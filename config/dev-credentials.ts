import { createHash } from 'node:crypto';
import type { Role } from '../domain/access';
import { ROLES } from '../domain/access';
import type { ClinicCatalogue } from '../domain/clinic';
import type { Credential } from './credentials';
import { newCredential } from './credentials';

/**
 * Development credentials for the embedded default: one per role and clinic, minted afresh at
 * every start (so a token printed yesterday no longer works); only their hashes are written.
 * They are issued to no member of staff (no staffId): decisions made with them name the person
 * in the body, as a clinic system's do.
 */
export function mintDevCredentials(clinics: ClinicCatalogue): {
  tokens: { clinicId: string; role: Role; token: string }[];
  credentials: Credential[];
} {
  const minted = clinics.clinics.flatMap((clinic) =>
    ROLES.map((role) => ({
      clinicId: clinic.id,
      role,
      ...newCredential(devCredentialId(clinic.id, role), clinic.id, role, 'development, npm start'),
    })),
  );
  return {
    tokens: minted.map(({ clinicId, role, token }) => ({ clinicId, role, token })),
    credentials: minted.map((m) => m.credential),
  };
}

/** `dev-<clinicId>-<role>`, within the 64-character id limit and unique even for long clinic ids. */
export function devCredentialId(clinicId: string, role: Role): string {
  const id = `dev-${clinicId}-${role}`;
  if (id.length <= 64) return id;
  const tag = createHash('sha256').update(clinicId).digest('hex').slice(0, 8);
  return `dev-${clinicId.slice(0, 64 - 'dev-'.length - tag.length - role.length - 2)}-${tag}-${role}`;
}
