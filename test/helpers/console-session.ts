import type { StaffAccount, StaffRole } from '../../config/staff-accounts';
import { hashPassword } from '../../config/staff-accounts';

/** A staff account for tests, with its password in clear. */
export function staffAccount(
  clinicId: string,
  staffId: string,
  role: StaffRole,
): { account: StaffAccount; password: string } {
  const password = `pw-${clinicId}-${staffId}-correct-horse`;
  return {
    password,
    account: { clinicId, staffId, role, language: 'en', passwordHash: hashPassword(password) },
  };
}

/** The value of cookie `name` in a response's Set-Cookie headers. */
export function setCookie(res: Response, name: string): string | undefined {
  for (const header of res.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const [k, ...v] = pair!.split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** The sign-in form's token and its cookie, as a browser gets them. */
export async function signInForm(base: string): Promise<{ csrf: string; cookie: string }> {
  const res = await fetch(`${base}/console/sign-in`);
  const html = await res.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const cookie = setCookie(res, 'console_sign_in');
  if (!csrf || !cookie) throw new Error('the sign-in page has no form token');
  return { csrf, cookie: `console_sign_in=${cookie}` };
}

/** Posts the sign-in form (with its token unless `fields` overrides it). */
export async function postSignIn(base: string, fields: Record<string, string>): Promise<Response> {
  const { csrf, cookie } = await signInForm(base);
  return fetch(`${base}/console/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  });
}

/** A signed-in console session: its cookie and CSRF token, and calls made with them. */
export class ConsoleSession {
  constructor(
    readonly base: string,
    readonly cookie: string,
    readonly csrf: string,
  ) {}

  static async signIn(
    base: string,
    clinicId: string,
    staffId: string,
    password: string,
  ): Promise<ConsoleSession> {
    const res = await postSignIn(base, { clinicId, staffId, password });
    const session = setCookie(res, 'console_session');
    if (res.status !== 303 || !session) throw new Error(`sign-in answered ${res.status}`);
    const cookie = `console_session=${session}`;
    const page = await fetch(`${base}${res.headers.get('location')}`, { headers: { cookie } });
    const csrf = /name="csrf-token" content="([^"]+)"/.exec(await page.text())?.[1];
    if (!csrf) throw new Error('the console page has no CSRF token');
    return new ConsoleSession(base, cookie, csrf);
  }

  async get(path: string) {
    const res = await fetch(this.base + path, { headers: { cookie: this.cookie }, redirect: 'manual' });
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  /** A JSON call with the session (and its CSRF token on anything but GET). */
  async json(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
  ): Promise<{ status: number; body: any }> {
    const res = await fetch(this.base + path, {
      method,
      headers: {
        cookie: this.cookie,
        'content-type': 'application/json',
        ...(method === 'GET' ? {} : { 'x-csrf-token': this.csrf }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
}
