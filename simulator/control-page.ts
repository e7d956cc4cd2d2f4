import type { CallbackRecord, NumberSettings, SimCall, SimMessage, SimulatorNumber } from './engine';

// The trainer's and developer's page: server-rendered HTML, plain forms, no script, no CDN.
// Every value shown is escaped.

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:70rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
form{display:inline-block;margin:.25rem .5rem .25rem 0}fieldset{margin:.5rem 0}.muted{color:#666}.bad{color:#a00}
code{background:#f4f4f4;padding:0 .2rem}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

const numberLink = (n: string) => `<a href="/_sim/numbers/${encodeURIComponent(n)}">${escapeHtml(n)}</a>`;

function settingsText(s: NumberSettings): string {
  const parts = [
    s.sms ? `SMS ${s.sms.status} (${s.sms.errorCode})` : '',
    s.call ? `calls ${s.call}` : '',
    s.optedOut ? 'opted out (STOP)' : '',
    s.line ? s.line : '',
  ].filter((p) => p !== '');
  return parts.length ? parts.join(', ') : 'normal';
}

export function indexPage(input: {
  own: SimulatorNumber[];
  numbers: { number: string; settings: NumberSettings; messages: number; calls: number }[];
  callbacks: CallbackRecord[];
  notice?: string;
}): string {
  const own = input.own
    .map(
      (n) =>
        `<tr><td>${escapeHtml(n.number)}</td><td>${escapeHtml(n.clinicId)}</td><td><code>${escapeHtml(n.webhookBaseUrl)}</code></td></tr>`,
    )
    .join('');
  const rows = input.numbers
    .map(
      (n) =>
        `<tr><td>${numberLink(n.number)}</td><td>${n.messages}</td><td>${n.calls}</td><td>${escapeHtml(settingsText(n.settings))}</td></tr>`,
    )
    .join('');
  const callbacks = input.callbacks
    .slice(-20)
    .reverse()
    .map(
      (c) =>
        `<tr><td>${escapeHtml(c.at)}</td><td>${escapeHtml(c.about)}</td><td><code>${escapeHtml(c.method)} ${escapeHtml(c.url)}</code></td><td class="${c.status && c.status < 400 ? '' : 'bad'}">${escapeHtml(c.status ?? c.error ?? '')}</td></tr>`,
    )
    .join('');
  return page(
    'Twilio simulator',
    `<h1>Twilio simulator</h1>${input.notice ? `<p><strong>${escapeHtml(input.notice)}</strong></p>` : ''}
<h2>Its Twilio numbers</h2><table><tr><th>number</th><th>clinic</th><th>webhook base URL</th></tr>${own}</table>
<h2>Phones</h2>${rows ? `<table><tr><th>number</th><th>messages</th><th>calls</th><th>behaviour</th></tr>${rows}</table>` : '<p class="muted">Nothing sent yet.</p>'}
<form method="get" action="/_sim/numbers"><label>Open a number <input name="number" placeholder="+819012345678" required></label> <button>Open</button></form>
<h2>Latest callbacks to the API</h2>${callbacks ? `<table><tr><th>at</th><th>what</th><th>request</th><th>answer</th></tr>${callbacks}</table>` : '<p class="muted">None yet.</p>'}
<form method="post" action="/_sim/ui/reset"><button>Forget everything</button></form>`,
  );
}

function messageRows(messages: SimMessage[]): string {
  return messages
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.dateCreated.toISOString())}</td><td>${escapeHtml(m.direction)}</td><td>${escapeHtml(m.from)} → ${escapeHtml(m.to)}</td><td>${escapeHtml(m.body)}</td><td>${escapeHtml(m.status)}${m.errorCode ? ` (${m.errorCode})` : ''}</td><td class="muted">${escapeHtml(m.sid)}</td></tr>`,
    )
    .join('');
}

function callBlock(call: SimCall, number: string): string {
  const spoken = call.spoken
    .map(
      (s) =>
        `<li>${s.language ? `<span class="muted">[${escapeHtml(s.language)}]</span> ` : ''}${escapeHtml(s.text)}</li>`,
    )
    .join('');
  const controls = call.gathering
    ? `<form method="post" action="/_sim/ui/calls/${encodeURIComponent(call.sid)}/digits"><input type="hidden" name="back" value="${escapeHtml(number)}"><label>Press <input name="digits" size="3" value="1" pattern="[0-9*#]{1,20}" required></label> <button>Press</button></form>
<form method="post" action="/_sim/ui/calls/${encodeURIComponent(call.sid)}/timeout"><input type="hidden" name="back" value="${escapeHtml(number)}"><button>Press nothing (timeout)</button></form>`
    : '';
  return `<fieldset><legend>${escapeHtml(call.dateCreated.toISOString())} call from ${escapeHtml(call.from)} — <strong>${escapeHtml(call.status)}</strong> <span class="muted">${escapeHtml(call.sid)}</span></legend>
<ol>${spoken || '<li class="muted">nothing read yet</li>'}</ol>${call.digits.length ? `<p>Keys pressed: ${escapeHtml(call.digits.join(', '))}</p>` : ''}${controls}</fieldset>`;
}

export function numberPage(input: {
  number: string;
  settings: NumberSettings;
  messages: SimMessage[];
  calls: SimCall[];
  own: SimulatorNumber[];
  notice?: string;
}): string {
  const n = escapeHtml(input.number);
  const action = (path: string) => `/_sim/ui/numbers/${encodeURIComponent(input.number)}/${path}`;
  const ownOptions = input.own
    .map(
      (o) =>
        `<option value="${escapeHtml(o.number)}">${escapeHtml(o.number)} (${escapeHtml(o.clinicId)})</option>`,
    )
    .join('');
  const messages = messageRows(input.messages);
  return page(
    `Twilio simulator: ${input.number}`,
    `<p><a href="/_sim">← all numbers</a></p><h1>${n}</h1>${input.notice ? `<p><strong>${escapeHtml(input.notice)}</strong></p>` : ''}
<p>Behaviour: ${escapeHtml(settingsText(input.settings))}</p>
<h2>Reply as this number</h2>
<form method="post" action="${action('reply')}"><label>To <select name="to"><option value="">the number that last wrote or called</option>${ownOptions}</select></label>
<label>Text <input name="body" size="50" maxlength="1600" required></label> <button>Send SMS</button></form>
<h2>Make this number fail</h2>
<form method="post" action="${action('failure')}">
<label>SMS <select name="sms"><option value="">deliver</option><option value="undelivered:30003">undelivered (30003 unreachable)</option><option value="undelivered:30005">undelivered (30005 unknown handset)</option><option value="failed:30006">failed (30006 landline/carrier)</option></select></label>
<label>Calls <select name="call"><option value="">answer</option><option value="busy">busy</option><option value="no-answer">no answer</option><option value="failed">failed</option></select></label>
<label>Line <select name="line"><option value="">mobile</option><option value="landline">landline (21614)</option><option value="unroutable">unroutable (21612)</option></select></label>
<label><input type="checkbox" name="optedOut" value="true"${input.settings.optedOut ? ' checked' : ''}> opted out (21610)</label>
<button>Set</button></form>
<form method="post" action="${action('clear')}"><button>Clear: behave normally</button></form>
<h2>Calls</h2>${input.calls.map((c) => callBlock(c, input.number)).join('') || '<p class="muted">No calls.</p>'}
<h2>Messages</h2>${messages ? `<table><tr><th>at</th><th>direction</th><th>from → to</th><th>text</th><th>status</th><th>sid</th></tr>${messages}</table>` : '<p class="muted">No messages.</p>'}`,
  );
}
