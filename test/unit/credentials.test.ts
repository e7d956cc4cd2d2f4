import { ROLES } from '../../domain/access';
import { devCredentialId } from '../../config/dev-credentials';
import type { Credential } from '../../config/credentials';
import { hashSecret, newCredential, parseCredentials, secretMatches } from '../../config/credentials';
import { ConfigError } from '../../config/env';
import { clinic, clinics } from '../helpers/fixtures';

// API credentials: a secret is stored only as a salted scrypt hash; a bad entry stops start-up
// with the path of the field.

const HASH_SHAPE = /^scrypt:16384:8:1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/;

describe('hashSecret / secretMatches', () => {
  const secret = 'correct-horse-battery-staple';
  const hash = hashSecret(secret);

  test('a hash is "scrypt:N:r:p:<salt>:<hash>" and matches its secret', () => {
    expect(hash).toMatch(HASH_SHAPE);
    expect(hash).not.toContain(secret);
    expect(secretMatches(secret, hash)).toBe(true);
  });

  test('a wrong secret does not match', () => {
    expect(secretMatches('correct-horse-battery-stapl', hash)).toBe(false);
    expect(secretMatches('Correct-horse-battery-staple', hash)).toBe(false);
    expect(secretMatches('', hash)).toBe(false);
  });

  test('two hashes of one secret differ (a fresh salt each), and both match', () => {
    const again = hashSecret(secret);
    expect(again).not.toBe(hash);
    expect(again.split(':')[4]).not.toBe(hash.split(':')[4]);
    expect(secretMatches(secret, again)).toBe(true);
  });

  test('the same salt gives the same hash', () => {
    const salt = Buffer.from('0123456789abcdef');
    expect(hashSecret(secret, salt)).toBe(hashSecret(secret, salt));
  });
});

describe('newCredential', () => {
  const { token, credential } = newCredential('front-desk-1', clinic.id, 'front-desk', 'reception PC');

  test('the token is "<id>.<secret>", and the secret matches the stored hash', () => {
    const [id, secret, ...rest] = token.split('.');
    expect(rest).toEqual([]);
    expect(id).toBe('front-desk-1');
    expect(secret).toMatch(/^[A-Za-z0-9_-]{16,200}$/);
    expect(secretMatches(secret!, credential.secretHash)).toBe(true);
  });

  test('the stored entry has the role and clinic, and no secret in clear', () => {
    const secret = token.split('.')[1]!;
    expect(credential).toEqual({
      id: 'front-desk-1',
      clinicId: clinic.id,
      role: 'front-desk',
      secretHash: expect.stringMatching(HASH_SHAPE),
      description: 'reception PC',
    });
    expect(JSON.stringify(credential)).not.toContain(secret);
    expect(JSON.stringify(credential)).not.toContain(token);
  });

  test('a new credential every time, and the entry is accepted by parseCredentials', () => {
    const other = newCredential('front-desk-1', clinic.id, 'front-desk');
    expect(other.token).not.toBe(token);
    expect(other.credential).not.toHaveProperty('description');
    expect(() => parseCredentials({ credentials: [credential] }, clinics)).not.toThrow();
  });
});

describe('parseCredentials', () => {
  const good = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    id: 'nurse-1',
    clinicId: clinic.id,
    role: 'nurse',
    secretHash: hashSecret('a-secret-of-sufficient-length', Buffer.from('fixed-salt-bytes')),
    ...overrides,
  });

  function problemsOf(raw: unknown): string[] {
    try {
      parseCredentials(raw, clinics, 'credentials.json');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).source).toBe('credentials.json');
      expect((err as ConfigError).message).toContain('credentials.json');
      return (err as ConfigError).problems;
    }
    throw new Error('expected the credentials to be rejected');
  }

  test('accepts valid entries and returns them', () => {
    const entries = [good(), good({ id: 'mgmt-1', role: 'management', description: 'the manager' })];
    const parsed: Credential[] = parseCredentials({ credentials: entries }, clinics);
    expect(parsed).toEqual(entries);
    expect(parseCredentials({ credentials: [] }, clinics)).toEqual([]);
  });

  test('an unknown clinic names credentials[i].clinicId', () => {
    const problems = problemsOf({ credentials: [good(), good({ id: 'x-1', clinicId: 'no-such-clinic' })] });
    expect(problems).toEqual(['credentials[1].clinicId: unknown clinic "no-such-clinic"']);
  });

  test('a duplicate id names the second credentials[i].id', () => {
    const problems = problemsOf({ credentials: [good(), good({ role: 'doctor' })] });
    expect(problems).toEqual(['credentials[1].id: duplicate id "nurse-1"']);
  });

  test.each([
    ['a plain secret', 'a-secret-of-sufficient-length'],
    ['another algorithm', 'bcrypt:$2b$12$abcdefghijklmnopqrstuv'],
    ['other scrypt parameters', 'scrypt:1024:8:1:MDEyMzQ1Njc4OWFiY2RlZg==:' + 'A'.repeat(44)],
    ['a hash that is too short', 'scrypt:16384:8:1:MDEyMzQ1Njc4OWFiY2RlZg==:AAAA'],
    ['an empty string', ''],
  ])('a malformed hash (%s) names credentials[i].secretHash', (_what, secretHash) => {
    const problems = problemsOf({ credentials: [good({ secretHash })] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^credentials\[0\]\.secretHash: /);
    expect(problems[0]).toContain('scrypt:16384:8:1:<salt>:<hash>');
  });

  test('an unknown role names credentials[i].role', () => {
    const problems = problemsOf({ credentials: [good(), good({ id: 'root', role: 'admin' })] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^credentials\[1\]\.role: /);
    expect(problems[0]).toContain('management');
  });

  test('an extra field (a secret in clear) names the entry and the key', () => {
    const problems = problemsOf({ credentials: [good({ secret: 'a-secret-of-sufficient-length' })] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^credentials\[0\]: /);
    expect(problems[0]).toContain('"secret"');
  });

  test('a missing field, a bad id and an unknown top-level key name their paths', () => {
    const { role: _role, ...noRole } = good();
    expect(problemsOf({ credentials: [noRole] })[0]).toMatch(/^credentials\[0\]\.role: /);
    expect(problemsOf({ credentials: [good({ id: 'nurse 1' })] })[0]).toMatch(/^credentials\[0\]\.id: /);
    expect(problemsOf({ credentials: [], tokens: [] })[0]).toMatch(/^\(root\): .*"tokens"/);
    expect(problemsOf({})[0]).toMatch(/^credentials: /);
  });
});

describe('development credential ids', () => {
  test('one unique id of at most 64 characters per role, even for a 64-character clinic id', () => {
    for (const clinicId of ['aoyama-aesthetic', 'a'.repeat(59), 'a'.repeat(64)]) {
      const ids = ROLES.map((role) => devCredentialId(clinicId, role));
      expect(new Set(ids).size).toBe(ROLES.length);
      for (const id of ids) expect(id.length).toBeLessThanOrEqual(64);
    }
    expect(devCredentialId('aoyama-aesthetic', 'nurse')).toBe('dev-aoyama-aesthetic-nurse');
    expect(devCredentialId('a'.repeat(64), 'nurse')).not.toBe(devCredentialId(`${'a'.repeat(63)}b`, 'nurse'));
  });
});
