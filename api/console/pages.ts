import type { Language } from '../../domain/language';
import type { Caller } from '../auth';
import type { StaffSession } from './sessions';
import type { WordKey } from './words';
import { word, WORDS } from './words';

// The console's HTML: small server-rendered shells in the signed-in person's language. Every
// value is escaped; there is no inline script or style (the console's CSP forbids them):
// behaviour comes from /console/assets/*.js, which read the words and the CSRF token from <meta>.

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function document(language: Language, title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Care console</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/console/assets/console.css">${head}
</head><body>${body}</body></html>`;
}

export interface ConsolePage {
  path: string;
  title: WordKey;
  /** The page's <main> content below its heading, in a language. */
  main: (t: (key: WordKey) => string) => string;
  scripts: readonly string[];
  /** Its own style sheets besides console.css. */
  styles?: readonly string[];
  /** The heading when it is not the title's word (e.g. a case's reference). */
  heading?: string;
}

/** A page of a signed-in member of staff: the menu of pages their role may open, sign-out, and the page. */
export function staffPage(
  session: StaffSession,
  page: ConsolePage,
  pages: readonly ConsolePage[],
  /** The clinic's zone: times are shown as the clinic's, whatever the device's zone. */
  timeZone = 'UTC',
): string {
  const { account } = session;
  const t = (key: WordKey) => escapeHtml(word(account.language, key));
  const menu = pages
    .map((p) => `<a href="${p.path}"${p.path === page.path ? ' aria-current="page"' : ''}>${t(p.title)}</a>`)
    .join('');
  const head = `<meta name="csrf-token" content="${escapeHtml(session.csrfToken)}">
<meta name="clinic-time-zone" content="${escapeHtml(timeZone)}">
<meta name="console-words" content="${escapeHtml(JSON.stringify(WORDS[account.language]))}">${[
    'console.js',
    ...page.scripts,
  ]
    .map((file) => `<script src="/console/assets/${escapeHtml(file)}" defer></script>`)
    .join('')}${(page.styles ?? [])
    .map((file) => `<link rel="stylesheet" href="/console/assets/${escapeHtml(file)}">`)
    .join('')}`;
  return document(
    account.language,
    page.heading ?? word(account.language, page.title),
    `<header><nav>${menu}</nav>
<form method="post" action="/console/sign-out" class="who"><span>${escapeHtml(account.staffId)} · ${escapeHtml(account.role)} · ${escapeHtml(account.clinicId)}</span>
<input type="hidden" name="_csrf" value="${escapeHtml(session.csrfToken)}"><button type="submit">${t('sign-out')}</button></form></header>
<main><h1>${page.heading === undefined ? t(page.title) : escapeHtml(page.heading)}</h1>${page.main(t)}</main>`,
    head,
  );
}

/** The sign-in form: in English (nobody is known yet). */
export function signInPage(clinicIds: readonly string[], csrfToken: string, problem?: string): string {
  const options = clinicIds
    .map((id) => `<option value="${escapeHtml(id)}">${escapeHtml(id)}</option>`)
    .join('');
  return document(
    'en',
    'Sign in',
    `<main class="sign-in"><h1>Staff sign-in</h1>
${problem ? `<p class="problem" role="alert">${escapeHtml(problem)}</p>` : ''}
<form method="post" action="/console/sign-in">
<input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">
<label>Clinic <select name="clinicId" required>${options}</select></label>
<label>Staff id <input name="staffId" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form></main>`,
  );
}

/** 403: the person's role may not open `page` (or any page). */
export function refusedPage(caller: Caller, language: Language, page?: WordKey): string {
  const t = (key: WordKey, vars: Record<string, string> = {}) => escapeHtml(word(language, key, vars));
  return document(
    language,
    word(language, 'not-allowed'),
    `<main><h1>${t('not-allowed')}</h1><p>${t('role-may-not-open', {
      role: caller.role,
      page: page ? word(language, page) : 'Care console',
    })}</p><p><a href="/console">${t('back-to-console')}</a></p></main>`,
  );
}
