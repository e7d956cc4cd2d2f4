// `npm run credential -- <id> <clinicId> <role> [staffId]`: mints an API credential. Prints the
// token once (hand it to the caller) and the hashed entry to add to the credentials file
// (CREDENTIALS_FILE). With a staffId the credential is a person's: decisions made with it are
// recorded as theirs; without, a system's, trusted to name the member of staff in each decision.
import { newCredential } from '../config/credentials';
import type { Role } from '../domain/access';
import { ROLES } from '../domain/access';
import { opaqueId } from '../domain/validation';

const [id, clinicId, role, staffId] = process.argv.slice(2);
const problems = [
  !id || !opaqueId.safeParse(id).success ? 'id: must be 1-64 letters, digits, "-" or "_"' : null,
  !clinicId || !opaqueId.safeParse(clinicId).success ? 'clinicId: must be an opaque clinic id' : null,
  !ROLES.includes(role as Role) ? `role: one of ${ROLES.join(', ')}` : null,
  staffId !== undefined && !opaqueId.safeParse(staffId).success
    ? 'staffId: must be 1-64 letters, digits, "-" or "_"'
    : null,
].filter((p): p is string => p !== null);
if (problems.length) {
  console.error(
    `usage: npm run credential -- <id> <clinicId> <role> [staffId]\n  - ${problems.join('\n  - ')}`,
  );
  process.exit(2);
}
const { token, credential } = newCredential(id!, clinicId!, role as Role, undefined, staffId);
console.log(`token (give it to the caller; it is not stored anywhere):\n  ${token}\n`);
console.log(
  `entry for the "credentials" list of your credentials file:\n${JSON.stringify(credential, null, 2)}`,
);
