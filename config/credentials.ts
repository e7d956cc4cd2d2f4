import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Role } from '../domain/access';
import { ROLES } from '../domain/access';
import type { ClinicCatalogue } from '../domain/clinic';
import { describeIssues, opaqueId } from '../domain/validation';
import { ConfigError, readJsonFile } from './env';

// API credentials: a role and a clinic each, the secret stored only as a salted scrypt hash.
// A caller presents `Authorization: Bearer <credentialId>.<secret>`.

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 };
const HASH = /^scrypt:16384:8:1:[A-Za-z0-9+/=]{16,}:[A-Za-z0-9+/=]{40,}$/;

const credentialSchema = z
  .object({
    id: opaqueId,
    clinicId: opaqueId,
    role: z.enum(ROLES),
    secretHash: z.string().regex(HASH, 'must be "scrypt:16384:8:1:<salt>:<hash>" (npm run credential)'),
    description: z.string().max(200).optional(),
    // The member of staff the credential was issued to: decisions made with it are recorded as
    // theirs and may name nobody else. Absent for systems (the clinic system names its users).
    staffId: opaqueId.optional(),
  })
  .strict();
export type Credential = z.infer<typeof credentialSchema>;

export const credentialFileSchema = z
  .object({ credentials: z.array(credentialSchema) })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.credentials.forEach((c, i) => {
      if (seen.has(c.id))
        ctx.addIssue({ code: 'custom', path: ['credentials', i, 'id'], message: `duplicate id "${c.id}"` });
      seen.add(c.id);
    });
  });

export function hashSecret(secret: string, salt = randomBytes(16)): string {
  const hash = scryptSync(secret, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return `scrypt:${SCRYPT.N}:${SCRYPT.r}:${SCRYPT.p}:${salt.toString('base64')}:${hash.toString('base64')}`;
}

export function secretMatches(secret: string, secretHash: string): boolean {
  const [, , , , salt, hash] = secretHash.split(':') as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(secret, Buffer.from(salt, 'base64'), expected.length, {
    N: SCRYPT.N,
    r: SCRYPT.r,
    p: SCRYPT.p,
  });
  return timingSafeEqual(actual, expected);
}

/** A new credential: the token to hand to the caller once, and the entry to configure. */
export function newCredential(
  id: string,
  clinicId: string,
  role: Role,
  description?: string,
  staffId?: string,
): { token: string; credential: Credential } {
  const secret = randomBytes(24).toString('base64url');
  return {
    token: `${id}.${secret}`,
    credential: {
      id,
      clinicId,
      role,
      secretHash: hashSecret(secret),
      ...(description ? { description } : {}),
      ...(staffId ? { staffId } : {}),
    },
  };
}

export function parseCredentials(
  raw: unknown,
  clinics: ClinicCatalogue,
  source = 'credentials',
): Credential[] {
  const parsed = credentialFileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(source, describeIssues(parsed.error));
  const known = new Set(clinics.clinics.map((c) => c.id));
  const problems = parsed.data.credentials
    .map((c, i) =>
      known.has(c.clinicId) ? null : `credentials[${i}].clinicId: unknown clinic "${c.clinicId}"`,
    )
    .filter((p): p is string => p !== null);
  if (problems.length) throw new ConfigError(source, problems);
  return parsed.data.credentials;
}

/** Reads the credentials file; a bad entry stops start-up by field. */
export function loadCredentials(file: string, clinics: ClinicCatalogue): Credential[] {
  const raw = readJsonFile(file);
  return parseCredentials(raw, clinics, file);
}
