import type { Caller } from '../auth';
import type { StaffSession } from './sessions';

// The console's HTML: small server-rendered shells. Every value is escaped; there is no inline
// script or style (the console's CSP forbids them): behaviour comes from /console/assets/*.js.

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function document(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Care console</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/console/assets/console.css">${head}
</head><body>${body}</body></html>`;
}

export interface ConsolePage {
  path: string;
  title: string;
}

/** A page of a signed-in member of staff: the menu of pages their role may open, sign-out, and `main`. */
export function staffPage(
  session: StaffSession,
  page: ConsolePage,
  pages: readonly ConsolePage[],
  main: string,
  scripts: readonly string[] = [],
  /** The clinic's zone: times are shown as the clinic's, whatever the device's zone. */
  timeZone = 'UTC',
): string {
  const { account } = session;
  const menu = pages
    .map(
      (p) =>
        `<a href="${p.path}"${p.path === page.path ? ' aria-current="page"' : ''}>${escapeHtml(p.title)}</a>`,
    )
    .join('');
  const head = `<meta name="csrf-token" content="${escapeHtml(session.csrfToken)}">
<meta name="clinic-time-zone" content="${escapeHtml(timeZone)}">${['console.js', ...scripts]
    .map((file) => `<script src="/console/assets/${escapeHtml(file)}" defer></script>`)
    .join('')}`;
  return document(
    page.title,
    `<header><nav>${menu}</nav>
<form method="post" action="/console/sign-out" class="who"><span>${escapeHtml(account.staffId)} · ${escapeHtml(account.role)} · ${escapeHtml(account.clinicId)}</span>
<input type="hidden" name="_csrf" value="${escapeHtml(session.csrfToken)}"><button type="submit">Sign out</button></form></header>
<main><h1>${escapeHtml(page.title)}</h1>${main}</main>`,
    head,
  );
}

export function signInPage(clinicIds: readonly string[], csrfToken: string, problem?: string): string {
  const options = clinicIds
    .map((id) => `<option value="${escapeHtml(id)}">${escapeHtml(id)}</option>`)
    .join('');
  return document(
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

export function refusedPage(caller: Caller | undefined, what: string): string {
  return document(
    'Not allowed',
    `<main><h1>Not allowed</h1><p>${escapeHtml(
      caller ? `Role "${caller.role}" may not open ${what}.` : `Sign in to open ${what}.`,
    )}</p><p><a href="/console">Back to the console</a></p></main>`,
  );
}
