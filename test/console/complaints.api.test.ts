import { complaintSlaSchema } from '../../domain/complaint-sla';
import { ApiHarness, eventually } from '../helpers/api-harness';
import { ConsoleSession, staffAccount } from '../helpers/console-session';
import { clinic, clinics, startRequest } from '../helpers/fixtures';

// The console's complaints board, complaint tasks and case page over real HTTP (real Temporal dev
// server, worker and API): only my clinic's complaints, each SLA clock read as of the console's
// clock, decisions by the right department or by management only, all recorded on the complaint
// as the signed-in person; the case page of another clinic is a 404; timelines in ja and zh-Hant.
//
// The clinic's complaint clocks run on calendar time here (120 min to first contact), so no
// reading depends on the hour the test runs at; the console's clock (not the server's) is moved
// forward to read a clock as warned or breached.

const OTHER = 'ginza-derm';
const MINUTE = 60_000;
const calendarClinic = {
  ...structuredClone(clinic),
  complaintSla: complaintSlaSchema.parse({
    firstContact: { minutes: 120, mode: 'calendar' },
    bySeverity: {},
  }),
};
const desk = staffAccount(clinic.id, 'front-desk', 'front-desk');
const nurse = staffAccount(clinic.id, 'nurse-day', 'nurse');
const manager = staffAccount(clinic.id, 'manager', 'management');
const managerJa = staffAccount(clinic.id, 'manager-ja', 'management');
managerJa.account.language = 'ja';
const deskZh = staffAccount(clinic.id, 'front-desk-tw', 'front-desk');
deskZh.account.language = 'zh-Hant';
const otherManager = staffAccount(OTHER, 'manager', 'management');

let ahead = 0; // minutes the console's clock is ahead of the real one
const h = new ApiHarness({
  clinics: { ...clinics, clinics: [calendarClinic, { ...structuredClone(calendarClinic), id: OTHER }] },
  staffAccounts: [desk, nurse, manager, managerJa, deskZh, otherManager].map((a) => a.account),
  consoleClock: () => Date.now() + ahead * MINUTE,
});
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());
afterEach(() => {
  ahead = 0;
});

const signIn = (a: typeof desk) =>
  ConsoleSession.signIn(h.base, a.account.clinicId, a.account.staffId, a.password);
const enc = encodeURIComponent;

let counter = 0;
/** A service-attitude complaint (owner management; front desk and management assess) of `clinicId`. */
async function complaintAt(clinicId = clinic.id): Promise<string> {
  counter += 1;
  const res = await h.call(
    'POST',
    '/complaints',
    {
      clinicId,
      complaintId: `C-${process.pid}-${Date.now()}-${counter}`,
      channel: 'front-desk',
      category: 'service-attitude',
      severity: 'medium',
      // No phone: nothing waits for the customer's quiet hours.
      customer: { ref: `K-${counter}`, language: 'en' },
      description: 'The receptionist was curt on the phone',
    },
    h.as('front-desk', clinicId),
  );
  expect(res.status).toBe(201);
  return res.body.complaintId as string;
}

interface Listed {
  complaintId: string;
  stage: string;
  clocks: { id: string; reading: string; minutesLeft?: number }[];
  choices: {
    recordFirstContact: boolean;
    assess: string[];
    proposePlan: boolean;
    approvePlan: boolean;
    addCorrectiveAction: boolean;
    completeCorrectiveActions: string[];
  };
}

/** The complaint as the board shows it to `s`, once listed (visibility is eventually consistent). */
const onBoard = (s: ConsoleSession, id: string, ok: (c: Listed) => boolean = () => true) =>
  eventually(async () => {
    const res = await s.json('GET', '/console/api/complaints');
    expect(res.status).toBe(200);
    const found = (res.body.complaints as Listed[]).find((c) => c.complaintId === id);
    return found && ok(found) ? found : undefined;
  }, `complaint ${id} on the board`);

const decide = (s: ConsoleSession, id: string, decision: string, body: unknown) =>
  s.json('POST', `/console/api/complaints/${enc(id)}/decisions/${decision}`, body);

const state = async (id: string, clinicId = clinic.id) =>
  (await h.call('GET', `/complaints/${enc(id)}`, undefined, h.as('management', clinicId))).body;

test("the board lists my clinic's running complaints only, by stage", async () => {
  const mine = await complaintAt();
  const theirs = await complaintAt(OTHER);
  const s = await signIn(desk);
  expect(await onBoard(s, mine)).toMatchObject({ stage: 'awaiting-first-contact' });
  const other = await signIn(otherManager);
  await onBoard(other, theirs);
  const mineListed = await s.json('GET', '/console/api/complaints');
  expect(mineListed.body.complaints.map((c: Listed) => c.complaintId)).not.toContain(theirs);
  expect(mineListed.body.stages[0]).toBe('awaiting-first-contact');
  const theirsListed = await other.json('GET', '/console/api/complaints');
  expect(theirsListed.body.complaints.map((c: Listed) => c.complaintId)).not.toContain(mine);
  // Nor can its decisions or its card be reached from here: another clinic's case is not found.
  expect((await s.json('GET', `/console/api/complaints/${enc(theirs)}`)).status).toBe(404);
  const refused = await decide(s, theirs, 'record-first-contact', { note: 'called' });
  expect(refused.status).toBe(404);
  expect((await state(theirs, OTHER)).stage).toBe('awaiting-first-contact');
});

test('each SLA clock reads on track, warned, breached or met, with the time left or over', async () => {
  const id = await complaintAt();
  const firstContact = async () =>
    (await onBoard(await signIn(desk), id)).clocks.find((c) => c.id === 'first-contact')!;
  const fresh = await firstContact();
  expect(fresh.reading).toBe('on-track');
  expect(fresh.minutesLeft).toBeGreaterThan(110);
  expect(fresh.minutesLeft).toBeLessThanOrEqual(120);

  ahead = 100; // past 75 % of 120 minutes
  const warned = await firstContact();
  expect(warned.reading).toBe('warned');
  expect(warned.minutesLeft).toBeGreaterThan(10);
  expect(warned.minutesLeft).toBeLessThanOrEqual(20);

  ahead = 130;
  const breached = await firstContact();
  expect(breached.reading).toBe('breached');
  expect(breached.minutesLeft).toBeLessThanOrEqual(-10);
  expect(breached.minutesLeft).toBeGreaterThan(-20);
  // The worklist shows the complaint's first contact as overdue too.
  const tasks = (await (await signIn(desk)).json('GET', '/console/api/tasks')).body.tasks;
  expect(tasks.find((t: { complaintId?: string }) => t.complaintId === id)).toMatchObject({
    taskId: 'first-contact',
    kind: 'complaint-first-contact',
    overdue: true,
  });

  ahead = 0;
  const s = await signIn(desk);
  expect((await decide(s, id, 'record-first-contact', { note: 'Apologised by phone' })).status).toBe(200);
  const met = await onBoard(s, id, (c) => c.stage === 'investigating');
  expect(met.clocks.find((c) => c.id === 'first-contact')).toEqual(
    expect.objectContaining({ reading: 'met' }),
  );
  expect(met.clocks.find((c) => c.id === 'first-contact')!.minutesLeft).toBeUndefined();
});

test('first contact is recorded on the complaint as the signed-in person; the task is then gone', async () => {
  const id = await complaintAt();
  const s = await signIn(desk);
  const listed = await onBoard(s, id);
  expect(listed.choices).toMatchObject({
    recordFirstContact: true,
    assess: ['front-desk'],
    proposePlan: false,
    approvePlan: false,
  });
  const task = (await s.json('GET', '/console/api/tasks')).body.tasks.find(
    (t: { complaintId?: string; taskId: string }) => t.complaintId === id && t.taskId === 'first-contact',
  );
  expect(task.completion).toEqual({ decision: 'record-first-contact', outcomeField: 'note', fixed: {} });

  const done = await decide(s, id, task.completion.decision, { note: 'Called back and apologised' });
  expect(done.status).toBe(200);
  expect(done.body).toMatchObject({ complaintId: id, decision: 'record-first-contact', accepted: true });
  const after = await state(id);
  expect(after.stage).toBe('investigating');
  expect(after.timeline.find((e: { event: string }) => e.event === 'first-contact')).toMatchObject({
    detail: 'Called back and apologised',
    by: 'front-desk',
  });
  const tasks = (await s.json('GET', '/console/api/tasks')).body.tasks;
  expect(
    tasks
      .filter((t: { complaintId?: string }) => t.complaintId === id)
      .map((t: { taskId: string }) => t.taskId),
  ).toEqual(['assessment-front-desk', 'assessment-management']);
  // Twice is refused by the complaint itself, and nothing changes.
  const again = await decide(s, id, 'record-first-contact', { note: 'again' });
  expect(again.status).toBe(422);
  expect(again.body.error.message).toContain('not possible while the complaint is investigating');
});

test('assessments by the right department only; the plan approved by management only (a nurse gets 403)', async () => {
  const id = await complaintAt();
  const [d, n, m] = await Promise.all([signIn(desk), signIn(nurse), signIn(manager)]);
  expect((await onBoard(n, id)).choices).toEqual({
    recordFirstContact: true,
    assess: [],
    proposePlan: false,
    approvePlan: false,
    recordCustomerResponse: false,
    pauseForCustomer: true,
    resumeFromCustomer: false,
    retryPlanActions: false,
    completePlanActions: [],
    recordSatisfaction: false,
    addCorrectiveAction: false, // management only
    completeCorrectiveActions: [],
    reopen: false,
  });
  const nurseFiles = await decide(n, id, 'submit-assessment', { role: 'front-desk', findings: 'x' });
  expect(nurseFiles.status).toBe(403);
  expect(nurseFiles.body.error).toMatchObject({ code: 'forbidden', field: 'body.role' });
  const deskFilesManagement = await decide(d, id, 'submit-assessment', { role: 'management', findings: 'x' });
  expect(deskFilesManagement.status).toBe(403);
  const bad = await decide(d, id, 'submit-assessment', { role: 'front-desk' });
  expect(bad.status).toBe(400);
  expect(bad.body.error.message).toContain('findings');

  expect((await decide(d, id, 'record-first-contact', { note: 'Called' })).status).toBe(200);
  const deskFiled = await decide(d, id, 'submit-assessment', {
    role: 'front-desk',
    findings: 'Busy morning, two staff off',
  });
  expect(deskFiled.status).toBe(200);
  expect(deskFiled.body.detail).toBe('waiting for management');
  expect((await onBoard(m, id)).choices.assess).toEqual(['management']);
  expect(
    (
      await decide(m, id, 'submit-assessment', {
        role: 'management',
        findings: 'Rota too thin',
        rootCause: 'Staffing',
      })
    ).status,
  ).toBe(200);
  const planning = await onBoard(d, id, (c) => c.stage === 'planning');
  expect(planning.choices.proposePlan).toBe(true);
  const proposed = await decide(d, id, 'propose-plan', {
    summary: 'Apologise and review the rota',
    actions: [{ kind: 'apology', detail: 'A letter from the manager' }],
  });
  expect(proposed.status).toBe(200);

  expect((await onBoard(n, id, (c) => c.stage === 'awaiting-approval')).choices.approvePlan).toBe(false);
  const nurseApproves = await decide(n, id, 'approve-plan', {});
  expect(nurseApproves.status).toBe(403);
  expect(nurseApproves.body.error.code).toBe('forbidden');
  expect((await state(id)).stage).toBe('awaiting-approval');
  expect((await onBoard(m, id)).choices.approvePlan).toBe(true);
  const approved = await decide(m, id, 'approve-plan', {});
  expect(approved.status).toBe(200);
  const after = await state(id);
  expect(after.stage).toBe('awaiting-customer');
  expect(after.plan).toMatchObject({ proposedBy: 'front-desk', approvedBy: 'manager' });
  expect(after.participants).toEqual([
    expect.objectContaining({ role: 'front-desk', assessedBy: 'front-desk' }),
    expect.objectContaining({ role: 'management', assessedBy: 'manager' }),
  ]);
  // The complaint's own rules refuse what does not apply now; an unknown decision is named.
  const early = await decide(m, id, 'reopen', { reason: 'x' });
  expect(early.status).toBe(422);
  expect(early.body.error.message).toContain('not possible while the complaint is awaiting-customer');
  const unknown = await decide(m, id, 'frobnicate', {});
  expect(unknown.status).toBe(400);
  expect(unknown.body.error.field).toBe('decision');
});

test("after approval: the customer's answer, a corrective action, satisfaction, closing and reopening, each offered only where it applies", async () => {
  const id = await complaintAt();
  const [d, m] = await Promise.all([signIn(desk), signIn(manager)]);
  const ok = async (s: ConsoleSession, decision: string, body: unknown) => {
    const res = await decide(s, id, decision, body);
    expect({ decision, status: res.status, error: res.body.error }).toEqual({
      decision,
      status: 200,
      error: undefined,
    });
  };
  await ok(d, 'record-first-contact', { note: 'Called' });
  await ok(d, 'submit-assessment', { role: 'front-desk', findings: 'Busy morning' });
  await ok(m, 'submit-assessment', { role: 'management', findings: 'Rota too thin' });
  await ok(d, 'propose-plan', {
    summary: 'Apologise',
    actions: [{ kind: 'apology', detail: 'A letter from the manager' }],
  });
  await ok(m, 'approve-plan', {});

  const answering = await onBoard(d, id, (c) => c.stage === 'awaiting-customer');
  expect(answering.choices).toMatchObject({
    recordCustomerResponse: true,
    recordSatisfaction: false,
    reopen: false,
  });
  await ok(d, 'record-customer-response', { accepted: true, comment: 'Happy with a letter' });

  // The apology goes out through the back office; then the follow-up.
  const followUp = await onBoard(m, id, (c) => c.stage === 'follow-up');
  expect(followUp.choices).toMatchObject({ recordSatisfaction: true, addCorrectiveAction: true });
  expect((await onBoard(d, id, (c) => c.stage === 'follow-up')).choices.addCorrectiveAction).toBe(false);
  expect(
    (
      await decide(d, id, 'add-corrective-action', {
        description: 'x',
        owner: 'front-desk',
        dueDate: '2027-01-31',
      })
    ).status,
  ).toBe(403);
  await ok(m, 'add-corrective-action', {
    description: 'Two receptionists on Monday mornings',
    owner: 'front-desk',
    dueDate: '2027-01-31',
  });
  const withAction = await onBoard(d, id, (c) => c.choices.completeCorrectiveActions.length === 1);
  const actionId = withAction.choices.completeCorrectiveActions[0]!;
  await ok(d, 'complete-corrective-action', { actionId, note: 'Rota changed' });
  expect((await decide(d, id, 'complete-corrective-action', { actionId })).status).toBe(422);

  await ok(d, 'record-satisfaction', { satisfied: true });
  expect((await state(id)).stage).toBe('closed');
  // Closed complaints leave the board; the case page's card still offers reopening in the window.
  const closed = await eventually(async () => {
    const res = await d.json('GET', `/console/api/complaints/${enc(id)}`);
    return res.body.complaint?.stage === 'closed' ? res.body.complaint : undefined;
  }, 'the closed complaint');
  expect(closed.choices).toMatchObject({ reopen: true, recordSatisfaction: false });
  expect(closed.correctiveActions).toEqual([expect.objectContaining({ id: actionId, status: 'done' })]);
  expect(closed.plan.outcomes).toEqual([expect.objectContaining({ kind: 'apology', status: 'done' })]);
  await ok(d, 'reopen', { reason: 'The customer called again' });
  expect((await state(id)).stage).not.toBe('closed');
});

test("the case page: another clinic's case is a 404, a bad id a 400; my journey's page shows its timeline", async () => {
  const theirs = await complaintAt(OTHER);
  const s = await signIn(desk);
  const page = await s.get(`/console/cases/${enc(theirs)}`);
  expect(page.status).toBe(404);
  expect(page.text).not.toContain('curt');
  const otherJourney = await h.call(
    'POST',
    '/journeys',
    startRequest({ clinicId: OTHER }),
    h.as('clinic-system', OTHER),
  );
  expect((await s.get(`/console/cases/${enc(otherJourney.body.journeyId)}`)).status).toBe(404);
  const bad = await s.get('/console/cases/not-a-case');
  expect(bad.status).toBe(400);
  expect(bad.text).toContain('caseId');

  const journey = await h.call('POST', '/journeys', startRequest());
  const mine = await s.get(`/console/cases/${enc(journey.body.journeyId)}`);
  expect(mine.status).toBe(200);
  expect(mine.text).toMatch(
    /<p id="stage" data-stage="(starting|monitoring)">Stage: (Starting|Monitoring)<\/p>/,
  );
  expect(mine.text).toContain('<table id="timeline">');
  expect(mine.text).toContain('<p id="whose">Patient P-1001</p>');
  expect(mine.text).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>/);
});

test('the case page shows the timeline in ja and zh-Hant; what staff wrote stays as written', async () => {
  const id = await complaintAt();
  expect(
    (await decide(await signIn(desk), id, 'record-first-contact', { note: 'Called back & apologised' }))
      .status,
  ).toBe(200);

  const ja = await (await signIn(managerJa)).get(`/console/cases/${enc(id)}`);
  expect(ja.status).toBe(200);
  expect(ja.text).toContain('<html lang="ja">');
  expect(ja.text).toContain('段階: 調査中');
  expect(ja.text).toMatch(/<p id="whose">お客様 [^<]+<\/p>/);
  expect(ja.text).toContain('<h2>経過</h2>');
  expect(ja.text).toMatch(
    /<tr data-event="first-contact"><td>[^<]+<\/td><td>お客様へ初回連絡<\/td><td>Called back &amp; apologised<\/td><td>front-desk<\/td><\/tr>/,
  );
  expect(ja.text).toContain('<td>苦情を受付</td>');
  expect(ja.text).toContain('<td>調査中</td>'); // the stage entry of the timeline

  const zh = await (await signIn(deskZh)).get(`/console/cases/${enc(id)}`);
  expect(zh.text).toContain('<html lang="zh-Hant">');
  expect(zh.text).toContain('階段：調查中');
  expect(zh.text).toContain('<td>與顧客首次聯絡</td><td>Called back &amp; apologised</td>');
  expect(zh.text).toContain('<td>受理客訴</td>');
});
