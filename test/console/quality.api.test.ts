import { FileQualityStore } from '../../adapters/quality-store/file-store';
import { monthOf, previousMonthOf } from '../../domain/quality-period';
import { ensureQualitySchedules, qualityScheduleId } from '../../worker/quality-schedules';
import { ApiHarness, eventually } from '../helpers/api-harness';
import { ConsoleSession, staffAccount } from '../helpers/console-session';
import { clinic, clinics, startRequest } from '../helpers/fixtures';

// The quality page's data over real HTTP (real Temporal dev server, worker and API): figures
// computed from the cases themselves — a finished journey (read from its result) and a closed
// complaint count —, management only and one clinic only, phone-service audits recorded and
// listed, and the monthly PDCA report made by the clinic's Temporal Schedule (triggered) and
// kept in a store that outlives the process.

const OTHER = 'ginza-derm';
const manager = staffAccount(clinic.id, 'manager', 'management');
const nurse = staffAccount(clinic.id, 'nurse-day', 'nurse');
const otherManager = staffAccount(OTHER, 'manager', 'management');
const h = new ApiHarness({
  clinics: { ...clinics, clinics: [clinic, { ...structuredClone(clinic), id: OTHER }] },
  staffAccounts: [manager, nurse, otherManager].map((a) => a.account),
});
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const signIn = (a: typeof manager) =>
  ConsoleSession.signIn(h.base, a.account.clinicId, a.account.staffId, a.password);
const enc = encodeURIComponent;

// Customer SMS wait out quiet hours in the customer's zone: the customer lives where it is about
// noon now (Etc/GMT-N is UTC+N), so the test never depends on the hour it runs at.
function middayZone(): string {
  let offset = 12 - new Date().getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

async function ok(res: { status: number; body: unknown }) {
  expect({ status: res.status, body: res.body }).toMatchObject({ status: 200 });
}

/** A journey whose red flag a nurse acknowledged, then cancelled by the doctor: a finished workflow. */
async function finishedJourney(): Promise<{ journeyId: string; startedAt: string }> {
  const started = await h.call('POST', '/journeys', startRequest());
  expect(started.status).toBe(201);
  const journeyId = started.body.journeyId as string;
  const path = `/journeys/${enc(journeyId)}`;
  await h.call('POST', `${path}/replies`, { providerMessageId: `SM-${journeyId}`, text: 'pain 9' });
  const incident = await eventually(
    async () => (await h.call('GET', path)).body.openEscalations?.[0],
    'the incident',
  );
  await ok(
    await h.call('POST', `${path}/decisions/acknowledge-escalation`, {
      incidentId: incident.incidentId,
      staffId: 'nurse-day',
    }),
  );
  await eventually(async () => {
    const s = (await h.call('GET', path)).body;
    return s.escalations?.[0]?.ackLatencySeconds !== undefined ? s : undefined;
  }, 'the acknowledgement');
  await ok(
    await h.call('POST', `${path}/decisions/cancel`, { staffId: 'dr-oncall-a', reason: 'surgery moved' }),
  );
  await h.env.client.workflow.getHandle(journeyId).result();
  return { journeyId, startedAt: incident.startedAt as string };
}

/** A complaint handled to closure by staff decisions, the customer satisfied. */
async function closedComplaint(): Promise<string> {
  const res = await h.call('POST', '/complaints', {
    clinicId: clinic.id,
    complaintId: `C-Q-${Date.now()}`,
    channel: 'front-desk',
    category: 'billing',
    severity: 'medium',
    customer: { ref: 'P-1001', phone: '+819012345678', language: 'en', timeZone: middayZone() },
    description: 'Charged twice for the same consultation',
  });
  expect(res.status).toBe(201);
  const id = res.body.complaintId as string;
  const decide = (name: string, body: unknown) =>
    h.call('POST', `/complaints/${enc(id)}/decisions/${name}`, body);
  await ok(await decide('record-first-contact', { staffId: 'fd-tanaka', note: 'called back' }));
  for (const role of ['front-desk', 'management'])
    await ok(await decide('submit-assessment', { role, staffId: `${role}-1`, findings: `${role} findings` }));
  await ok(
    await decide('propose-plan', {
      staffId: 'fd-tanaka',
      summary: 'apologise',
      actions: [{ kind: 'apology', detail: 'apology from the manager' }],
    }),
  );
  await ok(await decide('approve-plan', { staffId: 'manager' }));
  await ok(await decide('record-customer-response', { staffId: 'fd-tanaka', accepted: true }));
  await eventually(async () => {
    const s = (await h.call('GET', `/complaints/${enc(id)}`)).body;
    return s.stage === 'follow-up' ? s : undefined;
  }, 'follow-up');
  await ok(await decide('record-satisfaction', { staffId: 'fd-tanaka', satisfied: true }));
  return id;
}

const audit = {
  callDate: '2026-11-03',
  callerType: 'mystery',
  waitSeconds: 14,
  knowledge: 4,
  patience: 5,
  clarity: 3,
  empathy: 4,
  comment: 'Fees explained clearly',
};

test('the figures count a finished journey and a closed complaint, against the clinic’s targets', async () => {
  const journey = await finishedJourney();
  await closedComplaint();
  const month = monthOf(new Date(journey.startedAt), clinic.timeZone);
  const session = await signIn(manager);
  const figures = await eventually(async () => {
    const res = await session.json('GET', `/console/api/quality?month=${month}`);
    expect(res.status).toBe(200);
    const f = res.body;
    return f.acknowledgement.raised === 1 && f.complaints.received === 1 ? f : undefined;
  }, 'figures with the journey and the complaint');
  expect(figures.month).toBe(month);
  expect(figures.acknowledgement).toMatchObject({ counted: 1, target: 95 });
  expect(figures.complaints).toEqual({ received: 1, closed: 1 });
  expect(figures.closure).toMatchObject({ value: 100, target: 100, met: true });
  expect(figures.satisfaction).toMatchObject({ value: 100, met: true, fromComplaints: 1 });
  expect(figures.clocks.map((c: { id: string }) => c.id)).toEqual([
    'first-contact',
    'root-cause',
    'resolution-plan',
  ]);
  expect(figures.clocks[0].compliance).toMatchObject({ value: 100, met: true });
  // The journey is no longer running: only its result was read.
  const described = await h.env.client.workflow.getHandle(journey.journeyId).describe();
  expect(described.status.name).toBe('COMPLETED');

  // Another month is empty, and the default is the current month in the clinic's zone.
  const empty = await session.json('GET', '/console/api/quality?month=2020-01');
  expect(empty.body).toMatchObject({
    month: '2020-01',
    complaints: { received: 0 },
    closure: { value: null, met: null },
  });
  const current = await session.json('GET', '/console/api/quality');
  expect(current.body.month).toMatch(/^\d{4}-\d{2}$/);
  const bad = await session.json('GET', '/console/api/quality?month=2026-13');
  expect(bad.status).toBe(400);
  expect(bad.body.error).toMatchObject({ code: 'invalid-request', field: 'query.month' });
});

test('a nurse gets 403 on every quality call and page', async () => {
  const session = await signIn(nurse);
  expect((await session.json('GET', '/console/api/quality')).status).toBe(403);
  expect((await session.json('GET', '/console/api/quality/reports')).status).toBe(403);
  expect((await session.json('POST', '/console/api/quality/audits', audit)).status).toBe(403);
  expect((await session.get('/console/quality')).status).toBe(403);
});

test('an audit is recorded and listed with its trend; a bad one names the field; another clinic does not see it', async () => {
  const session = await signIn(manager);
  const recorded = await session.json('POST', '/console/api/quality/audits', audit);
  expect(recorded.status).toBe(201);
  expect(recorded.body).toMatchObject({ ...audit, clinicId: clinic.id, recordedBy: 'manager' });
  const bad = await session.json('POST', '/console/api/quality/audits', { ...audit, knowledge: 7 });
  expect(bad.status).toBe(400);
  expect(bad.body.error).toMatchObject({
    field: 'body.knowledge',
    message: 'body.knowledge: must be 1 to 5',
  });
  const patientData = await session.json('POST', '/console/api/quality/audits', {
    ...audit,
    comment: 'call 090-1111-2222',
  });
  expect(patientData.body.error).toMatchObject({ field: 'body.comment' });

  const listed = await session.json('GET', '/console/api/quality/audits');
  expect(listed.body.audits.map((a: { auditId: string }) => a.auditId)).toEqual([recorded.body.auditId]);
  expect(listed.body.trends).toEqual([
    {
      month: '2026-11',
      audits: 1,
      averageWaitSeconds: 14,
      knowledge: 4,
      patience: 5,
      clarity: 3,
      empathy: 4,
    },
  ]);
  const other = await signIn(otherManager);
  expect((await other.json('GET', '/console/api/quality/audits')).body).toEqual({ trends: [], audits: [] });
});

test('the schedule’s run keeps the month’s report, which survives a new store on the same file; Act is added; another clinic cannot see it', async () => {
  // Created at start-up; starting again changes nothing.
  const ids = await ensureQualitySchedules(h.env.client, h.clinics, h.taskQueue);
  expect(await ensureQualitySchedules(h.env.client, h.clinics, h.taskQueue)).toEqual(ids);
  expect(ids).toEqual([qualityScheduleId(clinic.id), qualityScheduleId(OTHER)]);
  const schedule = h.env.client.schedule.getHandle(qualityScheduleId(clinic.id));
  const described = await schedule.describe();
  expect(described.spec.timezone).toBe(clinic.timeZone);
  expect(described.spec.calendars?.[0]).toMatchObject({ dayOfMonth: [{ start: 1, end: 1, step: 1 }] });

  await schedule.trigger();
  const run = await eventually(
    async () => (await schedule.describe()).info.recentActions[0]?.action,
    'the triggered run',
  );
  const handle = h.env.client.workflow.getHandle(run.workflow.workflowId, run.workflow.firstExecutionRunId);
  const made = await handle.result();
  const startedAt = (await handle.describe()).startTime;
  // A report made on the 1st covers the month before, in the clinic's zone.
  const month = previousMonthOf(startedAt, clinic.timeZone);
  expect(made).toEqual({ clinicId: clinic.id, month });

  const session = await signIn(manager);
  const list = await session.json('GET', '/console/api/quality/reports');
  expect(list.body.reports.map((r: { month: string }) => r.month)).toEqual([month]);
  const act = await session.json('POST', `/console/api/quality/reports/${month}/act`, {
    note: 'Second phone line at the front desk at lunch time',
  });
  expect(act.status).toBe(200);
  expect(act.body.act).toMatchObject({
    note: 'Second phone line at the front desk at lunch time',
    by: 'manager',
  });
  const emptyAct = await session.json('POST', `/console/api/quality/reports/${month}/act`, { note: ' ' });
  expect(emptyAct.body.error).toMatchObject({ field: 'body.note' });

  // The store as a restarted process opens it: the report and its Act are there.
  const reopened = new FileQualityStore((h.qualityStore as FileQualityStore).file);
  const kept = await reopened.report(clinic.id, month);
  expect(kept).toMatchObject({
    clinicId: clinic.id,
    month,
    timeZone: clinic.timeZone,
    act: { by: 'manager' },
  });
  expect(kept!.figures.month).toBe(month);

  const csv = await session.get(`/console/api/quality/reports/${month}/csv`);
  expect(csv.status).toBe(200);
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  expect(csv.headers.get('content-disposition')).toContain(`quality-${clinic.id}-${month}.csv`);
  expect(csv.text).toContain('figure,value,unit,target,met');
  expect(csv.text).toContain('complaint closure');
  expect(csv.text).toContain('Second phone line');
  const html = await session.get(`/console/quality/reports/${month}?download=html`);
  expect(html.headers.get('content-disposition')).toContain('attachment');
  expect(html.text).toContain(`Quality report ${month}`);

  // Another clinic's manager: no reports listed, this one is a 404.
  const other = await signIn(otherManager);
  expect((await other.json('GET', '/console/api/quality/reports')).body.reports).toEqual([]);
  expect((await other.json('GET', `/console/api/quality/reports/${month}`)).status).toBe(404);
  expect((await other.get(`/console/quality/reports/${month}`)).status).toBe(404);
  expect((await other.json('POST', `/console/api/quality/reports/${month}/act`, { note: 'x' })).status).toBe(
    404,
  );
});
