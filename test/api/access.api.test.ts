import { parseClinicConfig } from '../../config/clinic-config';
import type { Action, Role } from '../../domain/access';
import { mayDo, PARTICIPANTS_OF_ROLE, ROLES } from '../../domain/access';
import type { ComplaintDecisionName } from '../../domain/complaint-decisions';
import { COMPLAINT_DECISION_NAMES } from '../../domain/complaint-decisions';
import type { ParticipantRole } from '../../domain/complaint-kinds';
import { PARTICIPANT_ROLES } from '../../domain/complaint-kinds';
import type { DecisionName } from '../../domain/decisions';
import { DECISION_NAMES } from '../../domain/decisions';
import { ApiHarness, eventually } from '../helpers/api-harness';
import { clinic, clinics, startRequest } from '../helpers/fixtures';

// Authentication and authorisation over HTTP against a real Temporal dev server, a real worker
// and the Express app: who is let in at all (401), which clinic's cases a credential sees (a case
// of another clinic is a 404 exactly like one that does not exist; a start or listing for another
// clinic a 403), and which role may make which decision (403 before anything reaches the case).

// Clinic scope needs two clinics. The harness hands this file's fixture catalogue to the worker,
// the API and the development credentials, so a second clinic added here (a copy of the first
// under another id) exists for this file only.
if (clinics.clinics.length < 2) {
  const second = { ...structuredClone(clinic), id: 'harbour-clinic', name: 'Harbour Clinic' };
  clinics.clinics.push(parseClinicConfig({ clinics: [second] }).clinics[0]!);
}
const A = clinic;
const B = clinics.clinics.find((c) => c.id !== A.id)!;

const h = new ApiHarness();
const as = (role: Role, clinicId = A.id) => h.as(role, clinicId);
const asB = (role: Role) => h.as(role, B.id);
const noAuth = { authorization: '' };

const enc = encodeURIComponent;
const jpath = (id: string, rest = '') => `/journeys/${enc(id)}${rest}`;
const cpath = (id: string, rest = '') => `/complaints/${enc(id)}${rest}`;
const qs = (params: Record<string, string>) => new URLSearchParams(params).toString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Body = Record<string, unknown>;
type Res = Awaited<ReturnType<ApiHarness['call']>>;

async function journeyState(id: string): Promise<Body> {
  const res = await h.call('GET', jpath(id), undefined, as('operations'));
  expect(res.status).toBe(200);
  return res.body;
}

/** The complaint's state without the clock views, which count down with the caller's clock. */
async function complaintState(id: string): Promise<Body> {
  const res = await h.call('GET', cpath(id), undefined, as('operations'));
  expect(res.status).toBe(200);
  const { clockViews: _views, ...rest } = res.body;
  return rest;
}

/** The state once the case's own activities (SMS, tasks, pages) have stopped changing it. */
async function settled(read: () => Promise<Body>): Promise<Body> {
  let last = JSON.stringify(await read());
  for (let i = 0; i < 50; i++) {
    await sleep(150);
    const next = JSON.stringify(await read());
    if (next === last) return JSON.parse(next) as Body;
    last = next;
  }
  throw new Error('the case kept changing');
}

async function startJourney(clinicId = A.id): Promise<string> {
  const res = await h.call('POST', '/journeys', startRequest({ clinicId }), as('clinic-system', clinicId));
  expect(res.body.error).toBeUndefined();
  expect(res.status).toBe(201);
  return res.body.journeyId as string;
}

let complaints = 0;
function complaintRequest(overrides: Body = {}): Body & { complaintId: string } {
  complaints += 1;
  return {
    clinicId: A.id,
    complaintId: `C-${process.pid}-${Date.now()}-${complaints}`,
    channel: 'front-desk',
    category: 'side-effect', // medium: owner doctor; participants front-desk, beautician, doctor
    severity: 'medium',
    customer: { ref: 'P-1001', phone: '+819012345678', language: 'en' },
    description: 'Redness and swelling two days after the laser treatment',
    ...overrides,
  } as Body & { complaintId: string };
}

/** The error body, with the case id in its message replaced, to compare two answers. */
function shape(res: Res, id: string) {
  const error = res.body?.error ?? {};
  return {
    status: res.status,
    error: {
      ...error,
      message: String(error.message).split(id).join('<id>'),
      requestId: typeof error.requestId,
    },
  };
}

function expectForbiddenRole(res: Res, role: Role, action: Action) {
  expect({ role, action, status: res.status }).toEqual({ role, action, status: 403 });
  expect(res.body).toEqual({
    error: { code: 'forbidden', message: expect.any(String), requestId: expect.any(String) },
  });
  // It names the role and what it may not do.
  expect(res.body.error.message).toContain(`role "${role}"`);
  expect(res.body.error.message).toContain(action);
}

// The cases of clinic A the tests share: a journey with an open on-call incident, a complaint.
let journey: string;
let incident: string;
let complaint: string;
// A journey of clinic B, so that B's outbox listing has something of its own.
let journeyOfB: string;

beforeAll(async () => {
  await h.setUp();
  [journey, journeyOfB] = await Promise.all([startJourney(A.id), startJourney(B.id)]);
  const started = await h.call('POST', '/complaints', complaintRequest(), as('front-desk'));
  expect(started.status).toBe(201);
  complaint = started.body.complaintId;
  await eventually(
    async () => ((await journeyState(journey)).stage === 'monitoring' ? true : undefined),
    'monitoring',
  );
  const urgent = await h.call(
    'POST',
    jpath(journey, '/replies'),
    { providerMessageId: 'SM-urgent-1', text: 'pain 9' },
    as('clinic-system'),
  );
  expect(urgent.status).toBe(202);
  incident = await eventually(async () => {
    const open = (await journeyState(journey)).openEscalations as { incidentId: string }[];
    return open[0]?.incidentId;
  }, 'an on-call incident');
});
afterAll(() => h.tearDown());

describe('authentication', () => {
  const nurseToken = () => as('nurse').authorization.slice('Bearer '.length);
  const nurseId = () => nurseToken().split('.')[0]!;

  test('no Authorization header: 401 with the standard error body, and no journey starts', async () => {
    const request = startRequest();
    const res = await h.call('POST', '/journeys', request, noAuth);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      error: {
        code: 'unauthenticated',
        message: 'Authorization: a "Bearer <credential>" header is required',
        requestId: expect.any(String),
      },
    });
    expect(res.body.error.requestId).toBe(res.headers.get('x-request-id'));
    expect(await h.workflowExists(`journey:${A.id}:${request.surgeryId}`)).toBe(false);
  });

  test('no Authorization header: nothing is read or started anywhere', async () => {
    const request = complaintRequest();
    for (const [method, path, body] of [
      ['GET', jpath(journey)],
      ['GET', cpath(complaint)],
      ['GET', `/escalations/${enc(incident)}`],
      ['GET', '/protocols'],
      ['GET', '/outbox'],
      [
        'GET',
        `/complaints?${qs({ clinicId: A.id, from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' })}`,
      ],
      ['POST', '/complaints', request],
      ['POST', jpath(journey, '/decisions/pause'), { staffId: 'dr-oncall-a', reason: 'x' }],
      ['GET', '/no-such-route'],
    ] as [string, string, unknown?][]) {
      const res = await h.call(method, path, body, noAuth);
      expect({ path, status: res.status, code: res.body?.error?.code }).toEqual({
        path,
        status: 401,
        code: 'unauthenticated',
      });
    }
    expect(await h.workflowExists(`complaint:${A.id}:${request.complaintId}`)).toBe(false);
  });

  test.each<[string, () => string]>([
    ['another scheme', () => `Basic ${Buffer.from('nurse:secret').toString('base64')}`],
    ['a bare token without "Bearer"', () => nurseToken()],
    ['"bearer" not followed by a token', () => 'Bearer'],
    ['a token too short to hold an id and a secret', () => 'Bearer x'],
    ['a credential id without a secret', () => `Bearer ${nurseId()}`],
    ['a credential id and an empty secret', () => `Bearer ${nurseId()}.`],
    ['a secret that is too short', () => `Bearer ${nurseId()}.abc`],
    ['a token with two spaces', () => `Bearer  ${nurseToken()}`],
    ['a token with something after it', () => `Bearer ${nurseToken()} x`],
  ])('a malformed header (%s) is a 401, and no journey starts', async (_what, header) => {
    const request = startRequest();
    const res = await h.call('POST', '/journeys', request, { authorization: header() });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      error: {
        code: 'unauthenticated',
        message: 'Authorization: must be "Bearer <credentialId>.<secret>"',
        requestId: expect.any(String),
      },
    });
    expect(await h.workflowExists(`journey:${A.id}:${request.surgeryId}`)).toBe(false);
  });

  test.each<[string, () => string]>([
    ['a wrong secret for a real credential', () => `Bearer ${nurseId()}.${'A'.repeat(32)}`],
    [
      'the secret of another credential',
      () => `Bearer ${nurseId()}.${asB('nurse').authorization.split('.')[1]}`,
    ],
    [
      'the right secret with one character changed',
      () => `Bearer ${nurseToken().slice(0, -1)}${nurseToken().endsWith('A') ? 'B' : 'A'}`,
    ],
    ['an unknown credential id', () => `Bearer nobody-at-all.${nurseToken().split('.')[1]}`],
  ])('%s is a 401, and no journey starts', async (_what, header) => {
    const request = startRequest();
    const res = await h.call('POST', '/journeys', request, { authorization: header() });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      error: {
        code: 'unauthenticated',
        message: 'Authorization: unknown or revoked credential',
        requestId: expect.any(String),
      },
    });
    expect(await h.workflowExists(`journey:${A.id}:${request.surgeryId}`)).toBe(false);
    // Asked twice (the verified-token cache must not remember a failure as a success).
    const again = await h.call('GET', jpath(journey), undefined, { authorization: header() });
    expect(again.status).toBe(401);
  });

  test('the right token still works after wrong ones, and again (from the cache)', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await h.call('GET', jpath(journey), undefined, as('nurse'));
      expect(res.status).toBe(200);
      expect(res.body.journeyId).toBe(journey);
    }
  });

  test('/healthz and /readyz need no credentials', async () => {
    const health = await h.call('GET', '/healthz', undefined, noAuth);
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await h.call('GET', '/readyz', undefined, noAuth);
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready' } });
    // A bad header there is ignored too: they are for load balancers and probes.
    const withBad = await h.call('GET', '/healthz', undefined, { authorization: 'Bearer x' });
    expect(withBad.status).toBe(200);
  });
});

describe('clinic scope', () => {
  interface Scoped {
    what: string;
    action: Action;
    method: string;
    path: (id: string) => string;
    body?: Body;
    noun: 'journey' | 'complaint' | 'incident';
  }
  const SCOPED: Scoped[] = [
    { what: 'GET journey', action: 'journey:read', method: 'GET', path: (id) => jpath(id), noun: 'journey' },
    {
      what: 'journey decision',
      action: 'journey:pause',
      method: 'POST',
      path: (id) => jpath(id, '/decisions/pause'),
      body: { staffId: 'dr-oncall-a', reason: 'admitted to hospital' },
      noun: 'journey',
    },
    {
      what: 'journey reply',
      action: 'journey:reply',
      method: 'POST',
      path: (id) => jpath(id, '/replies'),
      body: { providerMessageId: 'SM-from-B', text: 'pain 9' },
      noun: 'journey',
    },
    {
      what: 'migration preview',
      action: 'journey:read',
      method: 'GET',
      path: (id) => jpath(id, `/migration-preview?to=${enc('rhinoplasty@2')}`),
      noun: 'journey',
    },
    {
      what: 'GET complaint',
      action: 'complaint:read',
      method: 'GET',
      path: (id) => cpath(id),
      noun: 'complaint',
    },
    {
      what: 'complaint decision',
      action: 'complaint:record-first-contact',
      method: 'POST',
      path: (id) => cpath(id, '/decisions/record-first-contact'),
      body: { staffId: 'fd-tanaka', note: 'called back' },
      noun: 'complaint',
    },
    {
      what: 'complaint reply',
      action: 'complaint:reply',
      method: 'POST',
      path: (id) => cpath(id, '/replies'),
      body: { providerMessageId: 'SM-from-B', text: 'YES' },
      noun: 'complaint',
    },
    {
      what: 'escalation record',
      action: 'escalation:read',
      method: 'GET',
      path: (id) => `/escalations/${enc(id)}`,
      noun: 'incident',
    },
    {
      what: 'escalation acknowledgement',
      action: 'escalation:acknowledge',
      method: 'POST',
      path: (id) => `/escalations/${enc(id)}/acknowledgements`,
      body: { staffId: 'nurse-day', via: 'api' },
      noun: 'incident',
    },
  ];
  const realId = (noun: Scoped['noun']) =>
    noun === 'journey' ? journey : noun === 'complaint' ? complaint : incident;
  const absentId = (noun: Scoped['noun'], clinicId: string) =>
    noun === 'journey'
      ? `journey:${clinicId}:never-started`
      : noun === 'complaint'
        ? `complaint:${clinicId}:never-received`
        : `journey:${clinicId}:never-started:incident-1`;

  let journeyBefore: Body;
  let complaintBefore: Body;
  beforeAll(async () => {
    journeyBefore = await settled(() => journeyState(journey));
    complaintBefore = await settled(() => complaintState(complaint));
  });

  test.each(SCOPED.map((s) => [s.what, s] as const))(
    "%s: every role of clinic B gets for clinic A's case exactly what it gets for a case that does not exist",
    async (_what, call) => {
      const real = realId(call.noun);
      const absent = absentId(call.noun, A.id);
      for (const role of ROLES) {
        const res = await h.call(call.method, call.path(real), call.body, asB(role));
        if (mayDo(role, call.action)) {
          expect({ role, status: res.status }).toEqual({ role, status: 404 });
          expect(res.body).toEqual({
            error: {
              code: 'not-found',
              message: `${call.noun} "${real}" not found`,
              requestId: expect.any(String),
            },
          });
        } else {
          // The role is refused first: that says nothing about the case either.
          expectForbiddenRole(res, role, call.action);
        }
        const none = await h.call(call.method, call.path(absent), call.body, asB(role));
        expect(shape(none, absent)).toEqual(shape(res, real));
      }
    },
  );

  test.each(SCOPED.filter((s) => s.noun !== 'incident').map((s) => [s.what, s] as const))(
    "%s: clinic A's case is answered like a case missing from clinic B's own namespace",
    async (_what, call) => {
      const role = ROLES.find((r) => mayDo(r, call.action))!;
      const real = realId(call.noun);
      const own = absentId(call.noun, B.id);
      const other = await h.call(call.method, call.path(real), call.body, asB(role));
      const missing = await h.call(call.method, call.path(own), call.body, asB(role));
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('not-found');
      expect(shape(other, real)).toEqual(shape(missing, own));
    },
  );

  test('an incident of clinic A is a 404 for clinic B (operations and a doctor), like one that does not exist', async () => {
    for (const role of ['operations', 'doctor'] as const) {
      const other = await h.call('GET', `/escalations/${enc(incident)}`, undefined, asB(role));
      expect(other.status).toBe(404);
      expect(other.body.error.code).toBe('not-found');
      const own = absentId('incident', B.id);
      const missing = await h.call('GET', `/escalations/${enc(own)}`, undefined, asB(role));
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('not-found');
      expect(Object.keys(other.body.error).sort()).toEqual(Object.keys(missing.body.error).sort());
    }
  });

  // Another clinic's incident and a missing one of the caller's own clinic read alike.
  test('an incident of clinic A is worded like a missing incident of clinic B', async () => {
    const own = absentId('incident', B.id);
    const other = await h.call('GET', `/escalations/${enc(incident)}`, undefined, asB('operations'));
    const missing = await h.call('GET', `/escalations/${enc(own)}`, undefined, asB('operations'));
    expect(shape(other, incident)).toEqual(shape(missing, own));
  });

  test('an "ACK" relayed by clinic B\'s system for clinic A\'s incident is a 404 and acknowledges nothing', async () => {
    const res = await h.call(
      'POST',
      '/staff-replies',
      { from: A.onCallRoster[0]!.phone, text: `ACK ${incident}` },
      asB('clinic-system'),
    );
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      error: {
        code: 'not-found',
        message: `incident "${incident}" not found`,
        requestId: expect.any(String),
      },
    });
    const absent = absentId('incident', A.id);
    const none = await h.call(
      'POST',
      '/staff-replies',
      { from: A.onCallRoster[0]!.phone, text: `ACK ${absent}` },
      asB('clinic-system'),
    );
    expect(shape(none, absent)).toEqual(shape(res, incident));
    const record = await h.call('GET', `/escalations/${enc(incident)}`, undefined, as('operations'));
    expect(record.status).toBe(200);
    expect(record.body.acknowledgements ?? []).toEqual([]);
  });

  test("nothing clinic B tried changed clinic A's journey or complaint", async () => {
    expect(await settled(() => journeyState(journey))).toEqual(journeyBefore);
    expect(await settled(() => complaintState(complaint))).toEqual(complaintBefore);
    expect((journeyBefore.openEscalations as { status: string }[])[0]?.status).toBe('paging');
    expect(complaintBefore.stage).toBe('awaiting-first-contact');
  });

  test.each<[string, string, Body]>([
    ['journey', '/journeys', startRequest()],
    ['complaint', '/complaints', complaintRequest()],
  ])(
    "starting a %s at clinic A with clinic B's credential is a 403 naming body.clinicId, and nothing starts",
    async (kind, route, request) => {
      const id =
        kind === 'journey'
          ? `journey:${A.id}:${request.surgeryId}`
          : `complaint:${A.id}:${request.complaintId}`;
      for (const role of ['clinic-system', 'front-desk'] as const) {
        const res = await h.call('POST', route, request, asB(role));
        expect(res.status).toBe(403);
        expect(res.body).toEqual({
          error: {
            code: 'forbidden',
            field: 'body.clinicId',
            message: `body.clinicId: this credential acts for clinic "${B.id}" only`,
            requestId: expect.any(String),
          },
        });
      }
      expect(await h.workflowExists(id)).toBe(false);
      expect(await h.workflowExists(id.replace(`:${A.id}:`, `:${B.id}:`))).toBe(false);
    },
  );

  test.each(['/complaints', '/complaints-report'])(
    "%s for clinic A with clinic B's credential is a 403 naming query.clinicId",
    async (route) => {
      const period = {
        from: new Date(Date.now() - 3_600_000).toISOString(),
        to: new Date(Date.now() + 60_000).toISOString(),
      };
      for (const role of ['management', 'operations'] as const) {
        const res = await h.call(
          'GET',
          `${route}?${qs({ clinicId: A.id, ...period })}`,
          undefined,
          asB(role),
        );
        expect(res.status).toBe(403);
        expect(res.body).toEqual({
          error: {
            code: 'forbidden',
            field: 'query.clinicId',
            message: `query.clinicId: this credential acts for clinic "${B.id}" only`,
            requestId: expect.any(String),
          },
        });
        // Its own clinic's listing is allowed, and does not include clinic A's complaint.
        const own = await h.call(
          'GET',
          `${route}?${qs({ clinicId: B.id, ...period })}`,
          undefined,
          asB(role),
        );
        expect(own.status).toBe(200);
        if (route === '/complaints') {
          expect(own.body.complaints.map((c: { complaintId: string }) => c.complaintId)).not.toContain(
            complaint,
          );
        } else {
          expect(own.body).toMatchObject({ clinicId: B.id, total: 0 });
        }
      }
    },
  );

  test("the outbox listing with clinic B's credential never shows clinic A's entries", async () => {
    const clinicOf = (caseId: string) => caseId.split(':')[1];
    // Both clinics have sent something: A's after-care SMS and page, B's after-care SMS.
    const ofA = await eventually(async () => {
      const { body } = await h.call('GET', '/outbox', undefined, as('operations'));
      const entries = body.entries as { caseId: string; kind: string }[];
      return entries.some((e) => e.caseId === journey) && entries.some((e) => e.caseId === complaint)
        ? entries
        : undefined;
    }, "clinic A's outbox entries");
    expect(ofA.every((e) => clinicOf(e.caseId) === A.id)).toBe(true);
    const ofB = await eventually(async () => {
      const { body } = await h.call('GET', '/outbox', undefined, asB('operations'));
      const entries = body.entries as { caseId: string }[];
      return entries.some((e) => e.caseId === journeyOfB) ? entries : undefined;
    }, "clinic B's outbox entries");
    expect(ofB.length).toBeGreaterThan(0);
    expect(ofB.filter((e) => clinicOf(e.caseId) !== B.id)).toEqual([]);
    for (const role of ROLES) {
      for (const caseId of [journey, complaint, incident]) {
        const res = await h.call('GET', `/outbox?${qs({ caseId })}`, undefined, asB(role));
        expect({ role, caseId, status: res.status, entries: res.body.entries }).toEqual({
          role,
          caseId,
          status: 200,
          entries: [],
        });
      }
    }
  });
});

describe('roles', () => {
  const inTwoDays = () => new Date(Date.now() + 2 * 86_400_000).toISOString();
  // One body per decision, valid for the API; the journey decides whether it applies now.
  // Typed by DecisionName, so a new decision does not compile until it is covered here.
  const JOURNEY_BODIES: Record<DecisionName, () => Body> = {
    'record-call-outcome': () => ({ taskId: 'task-99', staffId: 'nurse-day', outcome: 'reached' }),
    'complete-task': () => ({ taskId: 'task-99', staffId: 'nurse-day' }),
    'add-check-in': () => ({ at: inTwoDays(), channel: 'sms', staffId: 'nurse-day', reason: 'swelling' }),
    pause: () => ({ staffId: 'dr-oncall-a', reason: 'admitted to hospital' }),
    resume: () => ({ staffId: 'dr-oncall-a' }),
    'migrate-protocol': () => ({ protocolId: 'rhinoplasty@1', staffId: 'dr-oncall-a', reason: 'older' }),
    'close-early': () => ({ staffId: 'dr-oncall-a', reason: 'fully recovered' }),
    cancel: () => ({ staffId: 'dr-oncall-a', reason: 'surgery cancelled' }),
    'acknowledge-escalation': () => ({ incidentId: incident, staffId: 'nurse-day' }),
    'resolve-escalation': () => ({ incidentId: incident, staffId: 'nurse-day', note: 'settled' }),
    'transfer-decision': () => ({ transferId: 'transfer-1', staffId: 'dr-oncall-a', decision: 'cancel' }),
    'hospital-response': () => ({ transferId: 'transfer-1', hospitalId: 'minato-general', accepted: true }),
    'confirm-handover': () => ({ transferId: 'transfer-1', staffId: 'nurse-day' }),
    'record-visit-attendance': () => ({ visitId: 'visit-1', attended: true, staffId: 'fd-tanaka' }),
  };
  // These end the journey: each allowed role gets a journey of its own to end.
  const ENDING: DecisionName[] = ['close-early', 'cancel'];

  /** The participant a role speaks for on the shared complaint (front-desk, beautician, doctor). */
  const speaksFor = (role: Role): ParticipantRole => {
    const own = PARTICIPANTS_OF_ROLE[role];
    return own.find((p) => ['front-desk', 'beautician', 'doctor'].includes(p)) ?? own[0] ?? 'front-desk';
  };
  const COMPLAINT_BODIES: Record<ComplaintDecisionName, (role: Role) => Body> = {
    'record-first-contact': () => ({ staffId: 'fd-tanaka', note: 'called back' }),
    'submit-assessment': (role) => ({ role: speaksFor(role), staffId: `${role}-1`, findings: 'findings' }),
    'propose-plan': () => ({
      staffId: 'fd-tanaka',
      summary: 'apologise',
      actions: [{ kind: 'apology', detail: 'a call from the manager' }],
    }),
    'approve-plan': () => ({ staffId: 'manager' }),
    'send-back-plan': () => ({ staffId: 'manager', reason: 'offer a refund too' }),
    'record-customer-response': () => ({ staffId: 'fd-tanaka', accepted: false, comment: 'wants a refund' }),
    'pause-for-customer': () => ({ staffId: 'fd-tanaka', reason: 'customer abroad' }),
    'resume-from-customer': () => ({ staffId: 'fd-tanaka' }),
    'record-satisfaction': () => ({ staffId: 'fd-tanaka', satisfied: false }),
    'add-corrective-action': () => ({
      staffId: 'manager',
      description: 'retrain on aftercare',
      owner: 'fd-tanaka',
      dueDate: '2027-01-31',
    }),
    'complete-corrective-action': () => ({ staffId: 'fd-tanaka', actionId: 'ca-1' }),
    reopen: () => ({ staffId: 'manager', reason: 'the customer called again' }),
    'retry-plan-actions': () => ({ staffId: 'fd-tanaka' }),
    'complete-plan-action': () => ({
      staffId: 'fd-tanaka',
      actionId: 'action-0',
      note: 'refunded at the till',
    }),
  };

  function expectReached(res: Res, name: string, role: Role) {
    // 200: done; 422 decision-rejected: the case refused it now. Either way the role passed.
    expect({ role, status: res.status }).toEqual({ role, status: res.status === 200 ? 200 : 422 });
    if (res.status === 200) expect(res.body).toMatchObject({ decision: name, accepted: true });
    else
      expect(res.body.error).toMatchObject({
        code: 'decision-rejected',
        message: expect.stringMatching(`^${name}: `),
      });
  }

  describe('journey decisions', () => {
    test.each(DECISION_NAMES)(
      '%s: every role not allowed gets a 403 naming the role, and the journey is unchanged',
      async (name) => {
        const action = `journey:${name}` as Action;
        const denied = ROLES.filter((r) => !mayDo(r, action));
        expect(denied.length).toBeGreaterThan(0);
        const before = await settled(() => journeyState(journey));
        for (const role of denied) {
          const res = await h.call(
            'POST',
            jpath(journey, `/decisions/${name}`),
            JOURNEY_BODIES[name](),
            as(role),
          );
          expectForbiddenRole(res, role, action);
        }
        expect(await journeyState(journey)).toEqual(before);
      },
    );

    test.each(DECISION_NAMES)('%s: every allowed role reaches the journey', async (name) => {
      const allowed = ROLES.filter((r) => mayDo(r, `journey:${name}` as Action));
      const targets = ENDING.includes(name)
        ? await Promise.all(allowed.map(() => startJourney()))
        : allowed.map(() => journey);
      for (const [i, role] of allowed.entries()) {
        const res = await h.call(
          'POST',
          jpath(targets[i]!, `/decisions/${name}`),
          JOURNEY_BODIES[name](),
          as(role),
        );
        expectReached(res, name, role);
        if (ENDING.includes(name))
          expect({ status: res.status, error: res.body.error }).toEqual({ status: 200 });
      }
    });
  });

  describe('complaint decisions', () => {
    test.each(COMPLAINT_DECISION_NAMES)(
      '%s: every role not allowed gets a 403 naming the role, and the complaint is unchanged',
      async (name) => {
        const action = `complaint:${name}` as Action;
        const denied = ROLES.filter((r) => !mayDo(r, action));
        expect(denied.length).toBeGreaterThan(0);
        const before = await settled(() => complaintState(complaint));
        for (const role of denied) {
          const res = await h.call(
            'POST',
            cpath(complaint, `/decisions/${name}`),
            COMPLAINT_BODIES[name](role),
            as(role),
          );
          expectForbiddenRole(res, role, action);
        }
        expect(await complaintState(complaint)).toEqual(before);
      },
    );

    test('submit-assessment: a member of staff speaks only for its own participants (403 naming body.role)', async () => {
      const before = await settled(() => complaintState(complaint));
      const submitters = ROLES.filter((r) => mayDo(r, 'complaint:submit-assessment'));
      for (const role of submitters) {
        const own = PARTICIPANTS_OF_ROLE[role];
        for (const participant of PARTICIPANT_ROLES.filter((p) => !own.includes(p))) {
          const res = await h.call(
            'POST',
            cpath(complaint, '/decisions/submit-assessment'),
            { role: participant, staffId: `${role}-1`, findings: 'findings' },
            as(role),
          );
          expect(res.status).toBe(403);
          expect(res.body).toEqual({
            error: {
              code: 'forbidden',
              field: 'body.role',
              message: `body.role: a ${role} may submit only ${own.join(' or ')} assessments`,
              requestId: expect.any(String),
            },
          });
        }
      }
      expect(await complaintState(complaint)).toEqual(before);
    });

    test("submit-assessment: a nurse may not submit the doctor's assessment, but may submit the beautician's", async () => {
      const doctors = await h.call(
        'POST',
        cpath(complaint, '/decisions/submit-assessment'),
        { role: 'doctor', staffId: 'nurse-day', findings: 'looks like a burn' },
        as('nurse'),
      );
      expect(doctors.status).toBe(403);
      expect(doctors.body.error).toMatchObject({ code: 'forbidden', field: 'body.role' });
      expect(doctors.body.error.message).toMatch(/^body\.role: /);
      const beauticians = await h.call(
        'POST',
        cpath(complaint, '/decisions/submit-assessment'),
        { role: 'beautician', staffId: 'nurse-day', findings: 'laser setting as prescribed' },
        as('nurse'),
      );
      expect(beauticians.body.error).toBeUndefined();
      expect(beauticians.status).toBe(200);
      expect(beauticians.body).toMatchObject({ decision: 'submit-assessment', accepted: true });
      const s = await complaintState(complaint);
      expect((s.assessments as { role: string }[]).map((a) => a.role)).toEqual(['beautician']);
    });

    test.each(COMPLAINT_DECISION_NAMES)('%s: every allowed role reaches the complaint', async (name) => {
      for (const role of ROLES.filter((r) => mayDo(r, `complaint:${name}` as Action))) {
        const res = await h.call(
          'POST',
          cpath(complaint, `/decisions/${name}`),
          COMPLAINT_BODIES[name](role),
          as(role),
        );
        expectReached(res, name, role);
      }
    });
  });

  describe('other actions', () => {
    test('complaints-report: front-desk is a 403, management a 200; every role as the matrix says', async () => {
      const query = qs({ clinicId: A.id, from: '2020-01-01T00:00:00Z', to: '2020-02-01T00:00:00Z' });
      const frontDesk = await h.call('GET', `/complaints-report?${query}`, undefined, as('front-desk'));
      expectForbiddenRole(frontDesk, 'front-desk', 'complaint:report');
      const management = await h.call('GET', `/complaints-report?${query}`, undefined, as('management'));
      expect(management.status).toBe(200);
      expect(management.body).toMatchObject({ clinicId: A.id, total: 0 });
      for (const role of ROLES) {
        const res = await h.call('GET', `/complaints-report?${query}`, undefined, as(role));
        if (mayDo(role, 'complaint:report'))
          expect({ role, status: res.status }).toEqual({ role, status: 200 });
        else expectForbiddenRole(res, role, 'complaint:report');
      }
    });

    // Bodies the API rejects (400) once the role has passed: an allowed role gets the 400, a
    // role not allowed the 403, and nothing starts or changes either way.
    const invalid = { clinicId: A.id };
    test.each<[Action, string, () => string]>([
      ['journey:start', 'POST', () => '/journeys'],
      ['complaint:start', 'POST', () => '/complaints'],
      ['journey:reply', 'POST', () => jpath(journey, '/replies')],
      ['complaint:reply', 'POST', () => cpath(complaint, '/replies')],
      ['escalation:acknowledge', 'POST', () => `/escalations/${enc(incident)}/acknowledgements`],
      ['staff-sms:relay', 'POST', () => '/staff-replies'],
    ])(
      '%s: allowed roles get past the role check (400 on the body), the others a 403',
      async (action, method, path) => {
        for (const role of ROLES) {
          const res = await h.call(method, path(), invalid, as(role));
          if (mayDo(role, action)) {
            expect({ role, status: res.status, code: res.body.error?.code }).toEqual({
              role,
              status: 400,
              code: 'invalid-request',
            });
          } else {
            expectForbiddenRole(res, role, action);
          }
        }
      },
    );

    test.each<[Action, () => string]>([
      ['journey:read', () => jpath(journey)],
      ['complaint:read', () => cpath(complaint)],
      ['escalation:read', () => `/escalations/${enc(incident)}`],
      ['protocol:read', () => '/protocols'],
      ['outbox:read', () => '/outbox'],
    ])('%s: allowed roles read (200), the others get a 403', async (action, path) => {
      for (const role of ROLES) {
        const res = await h.call('GET', path(), undefined, as(role));
        if (mayDo(role, action)) expect({ role, status: res.status }).toEqual({ role, status: 200 });
        else expectForbiddenRole(res, role, action);
      }
    });
  });
});
