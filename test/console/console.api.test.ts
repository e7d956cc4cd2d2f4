import { ApiHarness, eventually } from '../helpers/api-harness';
import { ConsoleSession, postSignIn, setCookie, signInForm, staffAccount } from '../helpers/console-session';
import { clinic, clinics, startRequest } from '../helpers/fixtures';

// The staff console over real HTTP (real Temporal dev server, worker and API): sign-in with
// personal accounts, lock-out, CSRF, roles, and the on-call and task worklists scoped to the
// member of staff's clinic, acting through the journeys' own decisions.

const OTHER = 'ginza-derm';
const night = staffAccount(clinic.id, 'nurse-night', 'nurse');
const desk = staffAccount(clinic.id, 'front-desk', 'front-desk');
const locked = staffAccount(clinic.id, 'nurse-locked', 'nurse');
const otherNurse = staffAccount(OTHER, 'nurse-night', 'nurse');
const japanese = staffAccount(clinic.id, 'nurse-ja', 'nurse');
japanese.account.language = 'ja';
const h = new ApiHarness({
  clinics: { ...clinics, clinics: [clinic, { ...structuredClone(clinic), id: OTHER }] },
  staffAccounts: [night, desk, locked, otherNurse, japanese].map((a) => a.account),
  staffFailureLimit: { perCredential: 3, perAddress: 1000, windowMinutes: 15 },
});
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const signIn = (a: typeof night) =>
  ConsoleSession.signIn(h.base, a.account.clinicId, a.account.staffId, a.password);

/** A journey of `clinicId` with a red flag reply: its incident id once the nurse is paged. */
async function incidentAt(clinicId: string): Promise<{ journeyId: string; incidentId: string }> {
  const system = h.as('clinic-system', clinicId);
  const started = await h.call('POST', '/journeys', startRequest({ clinicId }), system);
  expect(started.status).toBe(201);
  const journeyId = started.body.journeyId as string;
  const path = `/journeys/${encodeURIComponent(journeyId)}`;
  const reply = await h.call(
    'POST',
    `${path}/replies`,
    { providerMessageId: `SM-${journeyId}`, text: 'pain 9' },
    system,
  );
  expect(reply.status).toBe(202);
  const incidentId = await eventually(async () => {
    const s = (await h.call('GET', path, undefined, system)).body;
    return s.openEscalations?.[0]?.incidentId as string | undefined;
  }, 'the incident');
  return { journeyId, incidentId };
}

describe('sign-in', () => {
  test('the right password starts a session in an HttpOnly, SameSite=Strict cookie for /console', async () => {
    const res = await postSignIn(h.base, {
      clinicId: clinic.id,
      staffId: 'nurse-night',
      password: night.password,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/on-call');
    const header = res.headers.getSetCookie().find((c) => c.startsWith('console_session='))!;
    expect(header).toMatch(/; Path=\/console; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
    expect(header).not.toContain('Secure'); // plain http here; behind https see the next test
  });

  test('behind an https proxy the cookie is also Secure', async () => {
    const { csrf, cookie } = await signInForm(h.base);
    const res = await fetch(`${h.base}/console/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-forwarded-proto': 'https' },
      body: new URLSearchParams({
        _csrf: csrf,
        clinicId: clinic.id,
        staffId: 'front-desk',
        password: desk.password,
      }).toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('console_session='))).toMatch(/; Secure$/);
  });

  test('a wrong password and an unknown account get the same 401, and no session', async () => {
    const wrong = await postSignIn(h.base, {
      clinicId: clinic.id,
      staffId: 'front-desk',
      password: 'not-it-at-all',
    });
    const unknown = await postSignIn(h.base, {
      clinicId: clinic.id,
      staffId: 'nobody-here',
      password: 'not-it-at-all',
    });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(await res.text()).toContain('Wrong clinic, staff id or password.');
      expect(setCookie(res, 'console_session')).toBeUndefined();
    }
  });

  test('the same staff id at another clinic is another account', async () => {
    const res = await postSignIn(h.base, {
      clinicId: OTHER,
      staffId: 'nurse-night',
      password: night.password,
    });
    expect(res.status).toBe(401);
  });

  test('a missing field is a 400 naming it; a form without its token is a 403', async () => {
    const missing = await postSignIn(h.base, { clinicId: clinic.id, staffId: '', password: 'x' });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('staffId: required');
    const forged = await fetch(`${h.base}/console/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: 'guessed',
        clinicId: clinic.id,
        staffId: 'nurse-night',
        password: night.password,
      }).toString(),
    });
    expect(forged.status).toBe(403);
    expect(setCookie(forged, 'console_session')).toBeUndefined();
  });

  test('after 3 wrong passwords the account is locked (429), even with the right one; others are not', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await postSignIn(h.base, {
        clinicId: clinic.id,
        staffId: 'nurse-locked',
        password: `wrong-${i}`,
      });
      expect(res.status).toBe(401);
    }
    const right = await postSignIn(h.base, {
      clinicId: clinic.id,
      staffId: 'nurse-locked',
      password: locked.password,
    });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await right.text()).toContain('locked');
    expect(setCookie(right, 'console_session')).toBeUndefined();
    await expect(signIn(desk)).resolves.toBeInstanceOf(ConsoleSession);
  });

  test('pages are served under the console CSP: own scripts only, nothing inline', async () => {
    const s = await signIn(night);
    const page = await s.get('/console/on-call');
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.text).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>/);
    const script = await fetch(`${h.base}/console/assets/on-call.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
  });
});

describe('language', () => {
  test("pages are in the signed-in person's language, and so are the words the scripts use", async () => {
    const s = await signIn(japanese);
    const page = await s.get('/console/on-call');
    expect(page.text).toContain('<html lang="ja">');
    expect(page.text).toContain('<h1>オンコール</h1>');
    expect(page.text).toContain('サインアウト');
    const words = /name="console-words" content="([^"]+)"/.exec(page.text)![1]!.replace(/&quot;/g, '"');
    expect(JSON.parse(words)).toMatchObject({
      acknowledge: '応答確認',
      'acknowledged-by': '{who} が応答確認',
    });
    const english = await (await signIn(night)).get('/console/on-call');
    expect(english.text).toContain('<html lang="en">');
    expect(english.text).toContain('<h1>On call</h1>');
  });
});

describe('session, sign-out and CSRF', () => {
  test('without a session a page sends the browser to sign in and JSON is a 401 error body', async () => {
    const page = await fetch(`${h.base}/console/on-call`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/console/sign-in');
    const api = await fetch(`${h.base}/console/api/incidents`);
    expect(api.status).toBe(401);
    expect(((await api.json()) as { error: unknown }).error).toMatchObject({ code: 'unauthenticated' });
  });

  test('a POST without the CSRF token, with a wrong one or from another origin is a 403 and changes nothing', async () => {
    const { incidentId } = await incidentAt(clinic.id);
    const s = await signIn(night);
    const url = `/console/api/incidents/${encodeURIComponent(incidentId)}/acknowledge`;
    const none = await s.json('POST', url, {}, { 'x-csrf-token': '' });
    expect(none.status).toBe(403);
    expect(none.body.error).toMatchObject({ code: 'forbidden', field: 'x-csrf-token' });
    const wrong = await s.json('POST', url, {}, { 'x-csrf-token': 'x'.repeat(43) });
    expect(wrong.status).toBe(403);
    const elsewhere = await s.json('POST', url, {}, { origin: 'https://evil.example' });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error.field).toBe('origin');
    const list = await s.json('GET', '/console/api/incidents');
    expect(list.body.incidents.find((i: { incidentId: string }) => i.incidentId === incidentId).status).toBe(
      'paging',
    );
  });

  test('sign-out ends the session (it needs the token too)', async () => {
    const s = await signIn(desk);
    const post = (csrf: string) =>
      fetch(`${h.base}/console/sign-out`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf }).toString(),
      });
    expect((await post('forged')).status).toBe(403);
    expect((await s.json('GET', '/console/api/tasks')).status).toBe(200);
    const out = await post(s.csrf);
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/console/sign-in');
    expect((await s.json('GET', '/console/api/tasks')).status).toBe(401);
  });
});

describe('on call', () => {
  test("a nurse sees her clinic's incidents only, acknowledges and resolves them as herself", async () => {
    const own = await incidentAt(clinic.id);
    const other = await incidentAt(OTHER);
    const s = await signIn(night);
    const found = await eventually(async () => {
      const { body } = await s.json('GET', '/console/api/incidents');
      return body.incidents.find((i: { incidentId: string }) => i.incidentId === own.incidentId);
    }, 'the incident in the list');
    expect(found).toMatchObject({
      caseId: own.journeyId,
      caseKind: 'journey',
      caseRef: own.journeyId.split(':')[2],
      patientRef: 'P-1001', // the clinic's opaque reference from the start request
      severity: 'urgent',
      status: 'paging',
      mayAcknowledge: true,
      mayResolve: true,
    });
    expect(found.reasons.length).toBeGreaterThan(0);
    const pages = await eventually(async () => {
      const { body } = await s.json('GET', '/console/api/incidents');
      const i = body.incidents.find((x: { incidentId: string }) => x.incidentId === own.incidentId);
      return i?.pages.length ? i.pages : undefined;
    }, 'a page');
    expect(pages[0]).toMatchObject({ role: expect.any(String), staffId: expect.any(String) });
    const { body } = await s.json('GET', '/console/api/incidents');
    expect(body.incidents.every((i: { caseId: string }) => i.caseId.split(':')[1] === clinic.id)).toBe(true);
    expect(body.incidents.some((i: { incidentId: string }) => i.incidentId === other.incidentId)).toBe(false);

    // Another clinic's incident reads as not found, like the API's.
    const theirs = await s.json(
      'POST',
      `/console/api/incidents/${encodeURIComponent(other.incidentId)}/acknowledge`,
      {},
    );
    expect(theirs.status).toBe(404);

    const ack = await s.json(
      'POST',
      `/console/api/incidents/${encodeURIComponent(own.incidentId)}/acknowledge`,
      {},
    );
    expect(ack.status).toBe(200);
    const acknowledged = await eventually(async () => {
      const { body: b } = await s.json('GET', '/console/api/incidents');
      const i = b.incidents.find((x: { incidentId: string }) => x.incidentId === own.incidentId);
      return i?.status === 'acknowledged' ? i : undefined;
    }, 'acknowledged');
    expect(acknowledged).toMatchObject({ acknowledgedBy: 'nurse-night', mayAcknowledge: false });
    // The journey's validator still has the last word: a second acknowledgement is refused.
    const again = await s.json(
      'POST',
      `/console/api/incidents/${encodeURIComponent(own.incidentId)}/acknowledge`,
      {},
    );
    expect(again.status).toBe(422);

    const resolved = await s.json(
      'POST',
      `/console/api/incidents/${encodeURIComponent(own.incidentId)}/resolve`,
      {
        note: 'called back, reassured',
      },
    );
    expect(resolved.status).toBe(200);
    await eventually(async () => {
      const { body: b } = await s.json('GET', '/console/api/incidents');
      return b.incidents.some((x: { incidentId: string }) => x.incidentId === own.incidentId)
        ? undefined
        : true;
    }, 'the resolved incident to leave the list');
    const state = await h.call('GET', `/journeys/${encodeURIComponent(own.journeyId)}`);
    const incident = state.body.escalations.find(
      (e: { incidentId: string }) => e.incidentId === own.incidentId,
    );
    expect(incident.status).toBe('resolved');
  });

  test('an urgent after-hours contact of someone without a journey is an incident too, acknowledged the same way', async () => {
    const contactId = `CC-${Date.now()}`;
    const started = await h.call('POST', '/after-hours-contacts', {
      contactId,
      channel: 'phone',
      phone: '+818012345670',
      language: 'en',
      text: 'pain 9, it is getting worse',
    });
    expect(started.status).toBe(201);
    const incidentId = `contact:${clinic.id}:${contactId}:incident-1`;
    const s = await signIn(night);
    const found = await eventually(async () => {
      const { body } = await s.json('GET', '/console/api/incidents');
      return body.incidents.find((i: { incidentId: string }) => i.incidentId === incidentId);
    }, 'the contact incident in the list');
    expect(found).toMatchObject({
      caseKind: 'contact',
      caseRef: contactId,
      status: 'paging',
      mayAcknowledge: true,
    });
    expect(found.reasons.length).toBeGreaterThan(0);
    const ack = await s.json(
      'POST',
      `/console/api/incidents/${encodeURIComponent(incidentId)}/acknowledge`,
      {},
    );
    expect(ack.status).toBe(200);
    const record = await eventually(async () => {
      const r = await h.call('GET', `/escalations/${encodeURIComponent(incidentId)}`);
      return r.body.status === 'acknowledged' ? r.body : undefined;
    }, 'the acknowledgement');
    expect(record.acknowledgements.at(-1).staffId).toBe('nurse-night');
  });

  test('the front desk may not open the on-call page or its data (same matrix as the API)', async () => {
    const s = await signIn(desk);
    const page = await s.get('/console/on-call');
    expect(page.status).toBe(403);
    expect(page.text).toContain('Role &quot;front-desk&quot; may not open');
    const api = await s.json('GET', '/console/api/incidents');
    expect(api.status).toBe(403);
    expect(api.body.error.code).toBe('forbidden');
    expect((await s.get('/console')).headers.get('location')).toBe('/console/tasks');
  });
});

describe('tasks', () => {
  test('an unreadable reply opens a nurse callback: listed by due time, completed with an outcome', async () => {
    const system = h.as('clinic-system');
    const started = await h.call('POST', '/journeys', startRequest(), system);
    const journeyId = started.body.journeyId as string;
    await h.call(
      'POST',
      `/journeys/${encodeURIComponent(journeyId)}/replies`,
      { providerMessageId: `SM-t-${journeyId}`, text: 'hmm' },
      system,
    );
    const s = await signIn(night);
    const task = await eventually(async () => {
      const { body } = await s.json('GET', '/console/api/tasks');
      return body.tasks.find((t: { journeyId: string }) => t.journeyId === journeyId);
    }, 'the task');
    expect(task).toMatchObject({
      kind: 'nurse-callback',
      role: 'nurse',
      patientRef: 'P-1001',
      mayComplete: true,
      overdue: false,
    });
    const { body } = await s.json('GET', '/console/api/tasks');
    const due = body.tasks.map((t: { dueAt: string }) => t.dueAt);
    expect(due).toEqual([...due].sort());

    const noOutcome = await s.json('POST', '/console/api/tasks/complete', {
      caseId: journeyId,
      taskId: task.taskId,
    });
    expect(noOutcome.status).toBe(400);
    expect(noOutcome.body.error.field).toBe('body.outcome');
    const done = await s.json('POST', '/console/api/tasks/complete', {
      caseId: journeyId,
      taskId: task.taskId,
      outcome: 'called, fine',
    });
    expect(done.status).toBe(200);
    await eventually(async () => {
      const { body: b } = await s.json('GET', '/console/api/tasks');
      return b.tasks.some((t: { journeyId: string }) => t.journeyId === journeyId) ? undefined : true;
    }, 'the completed task to leave the list');
    const state = await h.call('GET', `/journeys/${encodeURIComponent(journeyId)}`);
    expect(state.body.tasks.find((t: { taskId: string }) => t.taskId === task.taskId)).toMatchObject({
      status: 'done',
      closedBy: 'nurse-night',
    });
  });

  test("another clinic's journey or contact cannot be completed from here (404); a bad case id is a 400", async () => {
    const s = await signIn(otherNurse);
    for (const caseId of [`journey:${clinic.id}:S-1`, `contact:${clinic.id}:CA-1`]) {
      const res = await s.json('POST', '/console/api/tasks/complete', {
        caseId,
        taskId: 'task-1',
        outcome: 'x',
      });
      expect(res.status).toBe(404);
    }
    const bad = await s.json('POST', '/console/api/tasks/complete', {
      caseId: 'complaint:x:y',
      taskId: 'task-1',
      outcome: 'x',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('body.caseId');
  });

  test("an after-hours contact's callback is listed with the number to call and completed here; the contact then closes", async () => {
    const contactId = `CB-${Date.now()}`;
    const started = await h.call('POST', '/after-hours-contacts', {
      contactId,
      channel: 'phone',
      phone: '+818012345671',
      language: 'en',
      text: 'The tape on my nose came off',
    });
    expect(started.status).toBe(201);
    const caseId = `contact:${clinic.id}:${contactId}`;
    const s = await signIn(night);
    const task = await eventually(async () => {
      const { body } = await s.json('GET', '/console/api/tasks');
      return body.tasks.find((t: { contactId?: string }) => t.contactId === caseId);
    }, 'the callback in the list');
    expect(task).toMatchObject({
      contactRef: contactId,
      kind: 'contact-callback',
      callbackPhone: '+818012345671',
      mayComplete: true,
    });
    expect(task.summary).toContain('The tape on my nose came off');
    const done = await s.json('POST', '/console/api/tasks/complete', {
      caseId,
      taskId: task.taskId,
      outcome: 'Called back: new tape, fine',
    });
    expect(done.status).toBe(200);
    const result = await h.env.client.workflow.getHandle(caseId).result();
    expect(result.tasks[0]).toMatchObject({ status: 'done', closedBy: 'nurse-night' });
    const { body } = await s.json('GET', '/console/api/tasks');
    expect(body.tasks.some((t: { contactId?: string }) => t.contactId === caseId)).toBe(false);
  });
});
