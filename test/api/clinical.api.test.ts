import { ApiHarness, eventually } from '../helpers/api-harness';
import { clinic, startRequest } from '../helpers/fixtures';

// Issue 8 §4 over HTTP (real Temporal dev server, real worker, real port): a surgery time that
// cannot start a journey (400 / 422 naming the field), a journey registered late (skipped-late
// check-ins in the start response and the state), and who a decision is recorded as made by
// (a person's credential records its own staffId; another person's is a 403). Every time here is
// relative to now, and no assertion depends on the hour: statuses, not send times.

const NURSE = 'nurse-tanaka';
const FRONT_DESK = 'front-desk-ito';
const h = new ApiHarness({}, [
  { role: 'nurse', staffId: NURSE },
  { role: 'front-desk', staffId: FRONT_DESK },
]);
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const path = (id: string, rest = '') => `/journeys/${encodeURIComponent(id)}${rest}`;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const surgeryAt = (performedAt: string) => ({
  surgery: { procedureCode: 'rhinoplasty' as const, performedAt, surgeonId: 'dr-sato' },
});

describe('surgery.performedAt', () => {
  test('more than 24 hours in the future is a 422 naming the field, and no journey starts', async () => {
    const request = startRequest(surgeryAt(ago(-25 * HOUR)));
    const res = await h.call('POST', '/journeys', request);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'invalid-request', field: 'body.surgery.performedAt' });
    expect(res.body.error.message).toContain('body.surgery.performedAt');
    expect(await h.workflowExists(`journey:${clinic.id}:${request.surgeryId}`)).toBe(false);
  });

  test('up to 24 hours ahead is accepted (the day list registered in the morning)', async () => {
    const res = await h.call('POST', '/journeys', startRequest(surgeryAt(ago(-23 * HOUR))));
    expect(res.status).toBe(201);
  });

  test("older than the protocol's follow-up (42 days) is a 422 naming the field: nothing left to do", async () => {
    const request = startRequest(surgeryAt(ago(43 * DAY)));
    const res = await h.call('POST', '/journeys', request);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'follow-up-ended', field: 'body.surgery.performedAt' });
    expect(res.body.error.message).toContain('42-day follow-up');
    expect(await h.workflowExists(`journey:${clinic.id}:${request.surgeryId}`)).toBe(false);
  });
});

test('registered three days after the surgery: the start response, the state and the timeline show the skipped-late check-ins', async () => {
  const res = await h.call('POST', '/journeys', startRequest(surgeryAt(ago(3 * DAY))));
  expect(res.status).toBe(201);
  const statuses = (checkIns: { id: string; status: string }[]) => checkIns.map((c) => [c.id, c.status]);
  const expected = [
    ['first-night', 'skipped-late'],
    ['nurse-call-day-2', 'skipped-late'],
    ['day-7', 'scheduled'],
    ['day-14', 'scheduled'],
    ['day-21', 'scheduled'],
    ['day-30', 'scheduled'],
  ];
  expect(statuses(res.body.checkIns)).toEqual(expected);

  const state = await eventually(async () => {
    const s = (await h.call('GET', path(res.body.journeyId))).body;
    return s.stage === 'monitoring' ? s : undefined;
  }, 'the journey to start');
  expect(statuses(state.checkIns)).toEqual(expected);
  expect(state.checkIns.map((c: { dueAt: string }) => c.dueAt)).toEqual(
    res.body.checkIns.map((c: { dueAt: string }) => c.dueAt),
  );
  expect(state.timeline.filter((e: { event: string }) => e.event === 'check-in-skipped-late')).toHaveLength(
    2,
  );
  const sms = (await h.call('GET', `/outbox?caseId=${encodeURIComponent(res.body.journeyId)}&kind=sms`)).body;
  expect(sms.entries.map((e: { idempotencyKey: string }) => e.idempotencyKey)).not.toContainEqual(
    expect.stringContaining('check-in'),
  );
});

describe('who decided', () => {
  const startJourney = async () => {
    const res = await h.call('POST', '/journeys', startRequest());
    expect(res.status).toBe(201);
    return res.body.journeyId as string;
  };
  const timeline = async (id: string) =>
    (await h.call('GET', path(id))).body.timeline as { event: string; by?: string }[];

  test("a nurse's credential naming someone else is a 403 on body.staffId, and nothing is recorded", async () => {
    const id = await startJourney();
    const res = await h.call(
      'POST',
      path(id, '/decisions/pause'),
      { staffId: 'dr-sato', reason: 'patient travelling' },
      h.asStaff(NURSE),
    );
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'forbidden', field: 'body.staffId' });
    expect((await h.call('GET', path(id))).body.stage).not.toBe('paused');
  });

  test("a nurse's credential without staffId (or naming herself) is recorded as hers", async () => {
    const id = await startJourney();
    const pause = await h.call(
      'POST',
      path(id, '/decisions/pause'),
      { reason: 'patient travelling' },
      h.asStaff(NURSE),
    );
    expect(pause.status).toBe(200);
    const resume = await h.call('POST', path(id, '/decisions/resume'), { staffId: NURSE }, h.asStaff(NURSE));
    expect(resume.status).toBe(200);
    const entries = (await timeline(id)).filter((e) => e.event === 'paused' || e.event === 'resumed');
    expect(entries.map((e) => [e.event, e.by])).toEqual([
      ['paused', NURSE],
      ['resumed', NURSE],
    ]);
  });

  test("a credential without a staffId (a system's) is trusted to name the person, and must name one", async () => {
    const id = await startJourney();
    const named = await h.call('POST', path(id, '/decisions/pause'), { staffId: 'nurse-day', reason: 'x' });
    expect(named.status).toBe(200);
    expect((await timeline(id)).find((e) => e.event === 'paused')?.by).toBe('nurse-day');
    const nobody = await h.call('POST', path(id, '/decisions/resume'), {}, h.as('nurse'));
    expect(nobody.status).toBe(400);
    expect(nobody.body.error.field).toBe('body.staffId');
  });

  test('an escalation acknowledged through the API is recorded as the credential holder’s', async () => {
    const id = await startJourney();
    await h.call('POST', path(id, '/replies'), { providerMessageId: 'SM-urgent', text: 'pain 9' });
    const incidentId = await eventually(async () => {
      const s = (await h.call('GET', path(id))).body;
      return s.openEscalations[0]?.incidentId as string | undefined;
    }, 'the escalation');
    const ack = `/escalations/${encodeURIComponent(incidentId)}/acknowledgements`;
    const other = await h.call('POST', ack, { staffId: 'dr-oncall-a' }, h.asStaff(NURSE));
    expect(other.status).toBe(403);
    expect(other.body.error.field).toBe('body.staffId');
    const own = await h.call('POST', ack, {}, h.asStaff(NURSE));
    expect(own.status).toBe(200);
    const s = await eventually(async () => {
      const x = (await h.call('GET', path(id))).body;
      return x.escalations[0]?.status === 'acknowledged' ? x : undefined;
    }, 'the acknowledgement');
    expect(s.escalations[0].acknowledgedBy).toBe(NURSE);
  });

  test('a complaint decision names the credential holder; another person is a 403', async () => {
    const complaintId = `C-${process.pid}-${Date.now()}`;
    const created = await h.call('POST', '/complaints', {
      clinicId: clinic.id,
      complaintId,
      channel: 'front-desk',
      category: 'side-effect',
      severity: 'medium',
      customer: { ref: 'P-1001', language: 'en' },
      description: 'Redness two days after the laser treatment',
    });
    expect(created.status).toBe(201);
    const decide = (body: Record<string, unknown>) =>
      h.call(
        'POST',
        `/complaints/${encodeURIComponent(created.body.complaintId)}/decisions/record-first-contact`,
        body,
        h.asStaff(FRONT_DESK),
      );
    const other = await decide({ staffId: 'front-desk-1', note: 'called the customer' });
    expect(other.status).toBe(403);
    expect(other.body.error).toMatchObject({ code: 'forbidden', field: 'body.staffId' });
    const own = await decide({ note: 'called the customer' });
    expect(own.status).toBe(200);
    const state = (await h.call('GET', `/complaints/${encodeURIComponent(created.body.complaintId)}`)).body;
    expect(state.timeline.find((e: { event: string }) => e.event === 'first-contact')).toMatchObject({
      by: FRONT_DESK,
    });
  });
});
