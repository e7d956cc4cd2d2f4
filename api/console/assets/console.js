// Shared by the console's pages: JSON calls with the session's CSRF token, and small helpers.
// Plain browser JavaScript served as a file (the console's CSP allows no inline script).
'use strict';

window.careConsole = (() => {
  const csrf = document.querySelector('meta[name="csrf-token"]').getAttribute('content');

  async function call(method, url, body) {
    const res = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body ? { 'content-type': 'application/json', 'x-csrf-token': csrf } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status === 401) {
      window.location.assign('/console/sign-in');
      throw new Error('signed out');
    }
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error((json.error && json.error.message) || `HTTP ${res.status}`);
    return json;
  }

  /** An element with attributes and children (strings become text: nothing is parsed as HTML). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) if (c !== undefined && c !== null) node.append(c);
    return node;
  }

  /** "12 min" since `at`, measured on the server's clock (`serverNow`), not the device's. */
  function since(at, serverNow) {
    const minutes = Math.max(0, Math.round((Date.parse(serverNow) - Date.parse(at)) / 60000));
    if (minutes < 60) return `${minutes} min`;
    const hours = Math.floor(minutes / 60);
    return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} d`;
  }

  const words = JSON.parse(document.querySelector('meta[name="console-words"]').getAttribute('content'));
  /** A word in the signed-in person's language, `{name}`s filled in from `vars`. */
  const t = (key, vars) =>
    (words[key] || key).replace(/\{(\w+)\}/g, (all, name) =>
      vars && name in vars ? String(vars[name]) : all,
    );

  const timeZone = document.querySelector('meta[name="clinic-time-zone"]').getAttribute('content');
  /** A time as the clinic's clock shows it. */
  const time = (at) => new Date(at).toLocaleString([], { dateStyle: 'short', timeStyle: 'short', timeZone });

  /** Calls `load` now and every `ms`, showing its state in #status. */
  function poll(load, ms) {
    const status = document.getElementById('status');
    const tick = async () => {
      try {
        await load();
        status.textContent = t('updated', { time: new Date().toLocaleTimeString() });
        status.classList.remove('problem');
      } catch (err) {
        status.textContent = t('could-not-update', { message: err.message });
        status.classList.add('problem');
      }
    };
    void tick();
    return setInterval(tick, ms);
  }

  return {
    t,
    get: (url) => call('GET', url),
    post: (url, body) => call('POST', url, body || {}),
    el,
    since,
    time,
    poll,
  };
})();
