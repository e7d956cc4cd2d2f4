import type { Request } from 'express';
import { checkCsrf, sameToken } from '../../api/console/csrf';
import { MemorySessionStore } from '../../api/console/session-store';
import { consoleCookie, cookie, StaffSessions } from '../../api/console/sessions';
import { word, WORDS } from '../../api/console/words';
import { ConfigError } from '../../config/env';
import {
  hashPassword,
  mintDevStaffAccounts,
  parseStaffAccounts,
  passwordMatches,
} from '../../config/staff-accounts';
import { clinics } from '../helpers/fixtures';

// The staff console's building blocks, without a server: password hashes, accounts files,
// sessions on a fake clock, cookies and CSRF checks.

const clinicId = clinics.clinics[0]!.id;
const account = (over: Record<string, unknown> = {}) => ({
  staffId: 'nurse-night',
  clinicId,
  role: 'nurse',
  language: 'ja',
  passwordHash: hashPassword('a long enough password'),
  ...over,
});

describe('passwords', () => {
  test('hashed with a salted scrypt: the same password hashes differently, and only it matches', () => {
    const a = hashPassword('correct horse battery');
    const b = hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt:16384:8:1:/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct horse');
    expect(passwordMatches('correct horse battery', a)).toBe(true);
    expect(passwordMatches('correct horse battery', b)).toBe(true);
    expect(passwordMatches('correct horse batterY', a)).toBe(false);
  });

  test('a new password shorter than 12 characters is refused, naming it', () => {
    expect(() => hashPassword('short')).toThrow('password: must be at least 12 characters');
  });

  test('development accounts: every clinic gets the roster people, each password matches only its own hash', () => {
    const { passwords, accounts } = mintDevStaffAccounts(clinics);
    expect(accounts.map((a) => `${a.staffId}:${a.role}`)).toEqual([
      'nurse-night:nurse',
      'nurse-day:nurse',
      'dr-oncall-a:doctor',
      'front-desk:front-desk',
      'manager:management',
    ]);
    expect(passwordMatches(passwords[0]!.password, accounts[0]!.passwordHash)).toBe(true);
    expect(passwordMatches(passwords[1]!.password, accounts[0]!.passwordHash)).toBe(false);
    expect(JSON.stringify(accounts)).not.toContain(passwords[0]!.password);
    expect(() => parseStaffAccounts({ accounts }, clinics)).not.toThrow();
  });
});

describe('accounts file', () => {
  const problems = (raw: unknown) => {
    try {
      parseStaffAccounts(raw, clinics, 'staff.json');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as ConfigError).problems;
    }
    throw new Error('accepted');
  };

  test('a bad entry is refused by field', () => {
    expect(problems({ accounts: [account({ role: 'clinic-system' })] })[0]).toMatch(/^accounts\[0\]\.role: /);
    expect(problems({ accounts: [account({ passwordHash: 'plain' })] })[0]).toMatch(
      /^accounts\[0\]\.passwordHash: must be/,
    );
    expect(problems({ accounts: [account({ clinicId: 'nowhere' })] })).toEqual([
      'accounts[0].clinicId: unknown clinic "nowhere"',
    ]);
    expect(problems({ accounts: [account(), account()] })[0]).toContain('duplicate account "nurse-night"');
  });
});

describe('sessions', () => {
  const parsed = parseStaffAccounts({ accounts: [account()] }, clinics)[0]!;

  test('found by the id in the cookie, without the password hash; ended by sign-out', async () => {
    const sessions = new StaffSessions();
    const { id, session } = await sessions.start(parsed);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.csrfToken).not.toBe(id);
    expect((await sessions.find(id))?.account).toEqual({
      staffId: 'nurse-night',
      clinicId,
      role: 'nurse',
      language: 'ja',
    });
    expect(await sessions.find(`${id}x`)).toBeUndefined();
    expect(await sessions.find(undefined)).toBeUndefined();
    await sessions.end(id);
    expect(await sessions.find(id)).toBeUndefined();
  });

  test('ends after the idle time without requests, and after the maximum in any case', async () => {
    let t = 1_000_000;
    const sessions = new StaffSessions({ idleMinutes: 30, maxHours: 1 }, () => t);
    const idle = (await sessions.start(parsed)).id;
    const busy = (await sessions.start(parsed)).id;
    for (let minute = 0; minute < 50; minute += 10) {
      t += 10 * 60_000;
      expect(await sessions.find(busy)).toBeDefined();
    }
    expect(await sessions.find(idle)).toBeUndefined(); // 50 min without a request
    t += 11 * 60_000; // 61 min since sign-in
    expect(await sessions.find(busy)).toBeUndefined();
  });

  test('kept in a store by the digest of the id only: another API replica on the same store finds it', async () => {
    let t = 1_000_000;
    const store = new MemorySessionStore();
    const one = new StaffSessions({ idleMinutes: 30, maxHours: 12 }, () => t, store);
    const other = new StaffSessions({ idleMinutes: 30, maxHours: 12 }, () => t, store);
    const { id } = await one.start(parsed);
    const keys = [...(store as unknown as { sessions: Map<string, unknown> }).sessions.keys()];
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toBe(id);
    // Requests alternate between replicas for 50 minutes: the idle clock follows both.
    for (let minute = 0; minute < 50; minute += 10) {
      t += 10 * 60_000;
      expect(await (minute % 20 ? one : other).find(id)).toBeDefined();
    }
    await other.end(id);
    expect(await one.find(id)).toBeUndefined();
  });
});

describe('cookies and CSRF', () => {
  const req = (headers: Record<string, string>, body?: unknown) =>
    ({ headers, body, protocol: 'http' }) as unknown as Request;

  test('the session cookie is HttpOnly, SameSite=Strict and for /console; Secure behind https', () => {
    expect(consoleCookie(req({}), 'c', 'v', 60)).toBe(
      'c=v; Path=/console; Max-Age=60; HttpOnly; SameSite=Strict',
    );
    expect(consoleCookie(req({ 'x-forwarded-proto': 'https' }), 'c', 'v', 60)).toMatch(/; Secure$/);
    expect(cookie(req({ cookie: 'a=1; console_session=abc=; b=2' }), 'console_session')).toBe('abc=');
  });

  test('the token must be the session’s, from the header or the form field', () => {
    expect(sameToken('abc', 'abc')).toBe(true);
    expect(sameToken('abd', 'abc')).toBe(false);
    expect(sameToken('ab', 'abc')).toBe(false);
    expect(sameToken(undefined, 'abc')).toBe(false);
    const host = { host: 'console.example:3000' };
    expect(() => checkCsrf(req({ ...host, 'x-csrf-token': 'tok' }), 'tok')).not.toThrow();
    expect(() => checkCsrf(req(host, { _csrf: 'tok' }), 'tok')).not.toThrow();
    expect(() => checkCsrf(req(host, {}), 'tok')).toThrow('x-csrf-token: missing or wrong CSRF token');
    expect(() => checkCsrf(req({ ...host, 'x-csrf-token': 'other' }), 'tok')).toThrow(/CSRF/);
  });

  test('a browser request from another origin is refused even with the token', () => {
    const headers = { host: 'console.example:3000', 'x-csrf-token': 'tok' };
    expect(() => checkCsrf(req({ ...headers, origin: 'http://console.example:3000' }), 'tok')).not.toThrow();
    expect(() => checkCsrf(req({ ...headers, origin: 'https://console.example:3000' }), 'tok')).not.toThrow();
    expect(() => checkCsrf(req({ ...headers, origin: 'https://evil.example' }), 'tok')).toThrow(/^origin:/);
    expect(() => checkCsrf(req({ ...headers, origin: 'null' }), 'tok')).toThrow(/^origin:/);
  });
});

describe('words', () => {
  test('every language has every word, with the same {placeholders} as English', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const language of ['ja', 'zh-Hant'] as const) {
      expect(Object.keys(WORDS[language]).sort()).toEqual(Object.keys(WORDS.en).sort());
      for (const [key, text] of Object.entries(WORDS.en))
        expect([language, key, placeholders(WORDS[language][key as keyof typeof WORDS.en])]).toEqual([
          language,
          key,
          placeholders(text),
        ]);
    }
  });

  test('placeholders are filled in; an unknown one stays visible', () => {
    expect(word('en', 'acknowledged-by', { who: 'nurse-night' })).toBe('acknowledged by nurse-night');
    expect(word('ja', 'acknowledged-by', { who: 'nurse-night' })).toBe('nurse-night が応答確認');
    expect(word('zh-Hant', 'case', {})).toBe('個案 {ref}');
  });
});
