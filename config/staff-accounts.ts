import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Role } from '../domain/access';
import type { ClinicCatalogue } from '../domain/clinic';
import { staffLanguageOf } from '../domain/clinic';
import { LANGUAGES } from '../domain/language';
import { describeIssues, opaqueId } from '../domain/validation';
import { hashSecret, secretMatches } from './credentials';
import { ConfigError, readJsonFile } from './env';

// Personal accounts of the staff console: a member of staff signs in with clinic, staff id and
// password. Only a salted scrypt hash of the password is stored (the format API credentials use).

/** Roles a person may hold: systems (clinic-system, operations) use API credentials, not the console. */
export const STAFF_ROLES = ['nurse', 'doctor', 'front-desk', 'management'] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];

const HASH = /^scrypt:16384:8:1:[A-Za-z0-9+/=]{16,}:[A-Za-z0-9+/=]{40,}$/;

const accountSchema = z
  .object({
    staffId: opaqueId,
    clinicId: opaqueId,
    role: z.enum(STAFF_ROLES),
    language: z.enum(LANGUAGES),
    passwordHash: z.string().regex(HASH, 'must be "scrypt:16384:8:1:<salt>:<hash>"'),
  })
  .strict();
export type StaffAccount = z.infer<typeof accountSchema>;

const accountFileSchema = z
  .object({ accounts: z.array(accountSchema) })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.accounts.forEach((a, i) => {
      const key = `${a.clinicId}/${a.staffId}`;
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['accounts', i, 'staffId'],
          message: `duplicate account "${a.staffId}" at clinic "${a.clinicId}"`,
        });
      seen.add(key);
    });
  });

/** Shortest password accepted for a new account. */
export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string): string {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new Error(`password: must be at least ${MIN_PASSWORD_LENGTH} characters`);
  return hashSecret(password);
}

export function passwordMatches(password: string, passwordHash: string): boolean {
  return secretMatches(password, passwordHash);
}

export function parseStaffAccounts(
  raw: unknown,
  clinics: ClinicCatalogue,
  source = 'staff accounts',
): StaffAccount[] {
  const parsed = accountFileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(source, describeIssues(parsed.error));
  const known = new Set(clinics.clinics.map((c) => c.id));
  const problems = parsed.data.accounts.flatMap((a, i) =>
    known.has(a.clinicId) ? [] : [`accounts[${i}].clinicId: unknown clinic "${a.clinicId}"`],
  );
  if (problems.length) throw new ConfigError(source, problems);
  return parsed.data.accounts;
}

/** Reads the accounts file; a bad entry stops start-up by field. */
export function loadStaffAccounts(file: string, clinics: ClinicCatalogue): StaffAccount[] {
  return parseStaffAccounts(readJsonFile(file), clinics, file);
}

/**
 * Development accounts for `npm start`: for every clinic, the night and day nurses and the
 * on-call doctor of its roster, a front desk and a manager, each with a new random password at
 * every start (printed once; only the hashes are written).
 */
export function mintDevStaffAccounts(clinics: ClinicCatalogue): {
  passwords: { clinicId: string; staffId: string; role: StaffRole; password: string }[];
  accounts: StaffAccount[];
} {
  const people: { staffId: string; role: StaffRole }[] = [
    { staffId: 'nurse-night', role: 'nurse' },
    { staffId: 'nurse-day', role: 'nurse' },
    { staffId: 'dr-oncall-a', role: 'doctor' },
    { staffId: 'front-desk', role: 'front-desk' },
    { staffId: 'manager', role: 'management' },
  ];
  const minted = clinics.clinics.flatMap((clinic) =>
    people.map(({ staffId, role }) => {
      const password = randomBytes(12).toString('base64url');
      const account: StaffAccount = {
        staffId,
        clinicId: clinic.id,
        role,
        language: staffLanguageOf(clinic),
        passwordHash: hashPassword(password),
      };
      return { password, account };
    }),
  );
  return {
    passwords: minted.map(({ password, account: a }) => ({
      clinicId: a.clinicId,
      staffId: a.staffId,
      role: a.role,
      password,
    })),
    accounts: minted.map((m) => m.account),
  };
}
