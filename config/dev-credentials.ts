import type { Role } from '../domain/access';
import { ROLES } from '../domain/access';
import type { ClinicCatalogue } from '../domain/clinic';
import type { Credential } from './credentials';
import { newCredential } from './credentials';

/**
 * Development credentials for the embedded default: one per role and clinic, minted afresh at
 * every start (so a token printed yesterday no longer works); only their hashes are written.
 */
export function mintDevCredentials(clinics: ClinicCatalogue): {
  tokens: { clinicId: string; role: Role; token: string }[];
  credentials: Credential[];
} {
  const minted = clinics.clinics.flatMap((clinic) =>
    ROLES.map((role) => ({
      clinicId: clinic.id,
      role,
      ...newCredential(`dev-${clinic.id}-${role}`.slice(0, 64), clinic.id, role, 'development, npm start'),
    })),
  );
  return {
    tokens: minted.map(({ clinicId, role, token }) => ({ clinicId, role, token })),
    credentials: minted.map((m) => m.credential),
  };
}
