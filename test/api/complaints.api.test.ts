import { ApiHarness, eventually } from '../helpers/api-harness';
import { clinic } from '../helpers/fixtures';

// Complaints over HTTP against a real Temporal dev server, a real worker and the Express app:
// intake and routing, state with its SLA clocks, staff decisions through a whole case, customer
// replies, listing by period and stage, and the closure / SLA-compliance report. Real time: no
// test waits for an SLA breach.

const h = new ApiHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

type Body = Record<string, unknown>;

// Customer SMS wait out quiet hours (21:00-08:00) in the customer's time zone. The tests run at
// any hour, so the customer lives where it is about noon now (Etc/GMT-N is UTC+N).
function middayZone(): string {
  let offset = 12 - new Date().getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}
const customerZone = middayZone();
const phone = '+819012345678';

let counter = 0;
function complaintRequest(overrides: Body = {}): Body & { complaintId: string; clinicId: string } {
  counter += 1;
  return {
    clinicId: clinic.id,
    complaintId: `C-${process.pid}-${Date.now()}-${counter}`,
    channel: 'front-desk',
    category: 'side-effect',
    severity: 'medium',
    customer: { ref: 'P-1001', phone, language: 'en', timeZone: customerZone },
    description: 'Redness and swelling two days after the laser treatment, worse than expected',
    ...overrides,
  } as Body & { complaintId: string; clinicId: string };
}

const enc = encodeURIComponent;
const path = (id: string, rest = '') => `/complaints/${enc(id)}${rest}`;
const state = async (id: string) => (await h.call('GET', path(id))).body;
const decide = (id: string, decision: string, body: unknown) =>
  h.call('POST', path(id, `/decisions/${decision}`), body);
const reply = (id: string, providerMessageId: string, text: string) =>
  h.call('POST', path(id, '/replies'), { providerMessageId, text });
const outbox = async (caseId: string, kind: string) =>
  (await h.call('GET', `/outbox?caseId=${enc(caseId)}&kind=${kind}`)).body.entries as {
    kind: string;
    idempotencyKey: string;
    to?: string;
    body?: string;
    data?: Record<string, unknown>;
  }[];
const qs = (params: Record<string, string>) => new URLSearchParams(params).toString();
const clockView = (s: { clockViews: { id: string }[] }, id: string) =>
  s.clockViews.find((v) => v.id === id) as Record<string, unknown>;
const events = (s: { timeline: { event: string }[] }, event: string) =>
  s.timeline.filter((e) => e.event === event);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startComplaint(overrides: Body = {}): Promise<string> {
  const res = await h.call('POST', '/complaints', complaintRequest(overrides));
  expect(res.body.error).toBeUndefined();
  expect(res.status).toBe(201);
  return res.body.complaintId as string;
}

async function until(id: string, ok: (s: Body) => boolean, what: string): Promise<Body> {
  return eventually(async () => {
    const s = await state(id);
    return ok(s) ? s : undefined;
  }, what);
}

async function ok(res: { status: number; body: Body }) {
  expect((res.body as { error?: unknown }).error).toBeUndefined();
  expect(res.status).toBe(200);
  return res.body;
}

/** First contact and every participant's assessment: the case is then in planning. */
async function investigate(id: string, roles: string[]) {
  await ok(await decide(id, 'record-first-contact', { staffId: 'fd-tanaka', note: 'called back' }));
  for (const role of roles) {
    await ok(
      await decide(id, 'submit-assessment', { role, staffId: `${role}-1`, findings: `${role} findings` }),
    );
  }
}

describe('POST /complaints', () => {
  test.each([
    ['side-effect', 'medium', 'doctor', ['front-desk', 'beautician', 'doctor']],
    ['privacy', 'high', 'management', ['front-desk', 'management']],
    ['side-effect', 'critical', 'doctor', ['front-desk', 'beautician', 'doctor', 'management']],
    ['treatment-outcome', 'high', 'doctor', ['front-desk', 'doctor', 'management']],
    ['waiting-time', 'low', 'front-desk', ['front-desk']],
    ['billing', 'medium', 'front-desk', ['front-desk', 'management']],
  ])(
    '%s / %s: 201, owner %s, participants routed; Location names the case',
    async (category, severity, owner, participants) => {
      const request = complaintRequest({ category, severity });
      const res = await h.call('POST', '/complaints', request);
      expect(res.status).toBe(201);
      const id = `complaint:${clinic.id}:${request.complaintId}`;
      expect(res.body).toEqual({ complaintId: id, owner, participants });
      expect(res.headers.get('location')).toBe(`/complaints/${enc(id)}`);
      const s = await h.call('GET', res.headers.get('location')!);
      expect(s.status).toBe(200);
      expect(s.body).toMatchObject({ caseId: id, owner, category, severity });
      expect(s.body.participants.map((p: { role: string }) => p.role)).toEqual(participants);
    },
  );

  test('the acknowledgement SMS goes to the customer and the owner gets a task', async () => {
    const request = complaintRequest();
    const id = (await h.call('POST', '/complaints', request)).body.complaintId as string;
    const [sms] = await eventually(async () => {
      const e = await outbox(id, 'sms');
      return e.length ? e : undefined;
    }, 'acknowledgement SMS');
    expect(sms).toMatchObject({ kind: 'sms', to: phone, idempotencyKey: `${id}:received` });
    expect(sms!.body).toContain(request.complaintId);
    expect(sms!.body).toContain('within 2 hours'); // 120 business minutes for a medium complaint
    const tasks = await eventually(async () => {
      const e = await outbox(id, 'task');
      return e.length ? e : undefined;
    }, 'owner task');
    expect(tasks.map((t) => t.idempotencyKey)).toContain(`${id}:new`);
    // Only one acknowledgement.
    await sleep(300);
    expect(await outbox(id, 'sms')).toHaveLength(1);
  });

  test('without a phone the acknowledgement is a front-desk task, not an SMS', async () => {
    const id = await startComplaint({ customer: { ref: 'P-1002', language: 'ja' } });
    const task = await eventually(async () => {
      const e = await outbox(id, 'task');
      return e.find((t) => t.idempotencyKey === `${id}:no-phone-received`);
    }, 'no-phone task');
    expect(task.to).toBe('front-desk');
    expect(await outbox(id, 'sms')).toEqual([]);
  });

  test('the same complaintId again is a 409 and the first case is untouched', async () => {
    const request = complaintRequest();
    const first = await h.call('POST', '/complaints', request);
    expect(first.status).toBe(201);
    const again = await h.call('POST', '/complaints', { ...request, severity: 'critical' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'conflict' });
    expect(again.body.error.message).toContain(first.body.complaintId);
    expect(typeof again.body.error.requestId).toBe('string');
    expect((await state(first.body.complaintId)).severity).toBe('medium');
  });

  const customer = { ref: 'P-1001', phone, language: 'en' };
  test.each<[string, string, Body]>([
    ['an unknown category', 'body.category', { category: 'rudeness' }],
    ['an unknown severity', 'body.severity', { severity: 'urgent' }],
    ['an unknown channel', 'body.channel', { channel: 'fax' }],
    ['a phone not in E.164', 'body.customer.phone', { customer: { ...customer, phone: '090-1234-5678' } }],
    ['an unknown language', 'body.customer.language', { customer: { ...customer, language: 'fr' } }],
    ['a bad time zone', 'body.customer.timeZone', { customer: { ...customer, timeZone: 'Tokyo' } }],
    ['no customer ref', 'body.customer.ref', { customer: { phone, language: 'en' } }],
    ['an empty description', 'body.description', { description: '' }],
    ['a complaintId that is not an opaque id', 'body.complaintId', { complaintId: 'C 1/2' }],
    ['an unknown key', 'body', { priority: 'p1' }],
    ['an unknown key in customer', 'body.customer', { customer: { ...customer, email: 'a@b.c' } }],
    ['an incomplete product', 'body.product.batch', { product: { name: 'Hyaluronic serum' } }],
    ['a journeyId with two parts', 'body.journeyId', { journeyId: `journey:${clinic.id}` }],
    ['a journeyId that is not a journey', 'body.journeyId', { journeyId: `surgery:${clinic.id}:S-1` }],
  ])('%s is a 400 naming %s, and no workflow starts', async (_what, field, overrides) => {
    const request = complaintRequest(overrides);
    const res = await h.call('POST', '/complaints', request);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid-request', field });
    expect(res.body.error.message).toContain(field);
    if (field === 'body') expect(res.body.error.message).toContain('"priority"');
    if (field === 'body.customer') expect(res.body.error.message).toContain('"email"');
    expect(typeof res.body.error.requestId).toBe('string');
    expect(await h.workflowExists(`complaint:${clinic.id}:${request.complaintId}`)).toBe(false);
    expect(await h.workflowExists(`complaint:${request.clinicId}:${request.complaintId}`)).toBe(false);
  });

  // Well-formed (the document's journey id pattern), but not the clinic's: a rule between fields.
  test('a journeyId of another clinic is a 422 naming body.journeyId, and no workflow starts', async () => {
    const request = complaintRequest({ journeyId: 'journey:other-clinic:S-1' });
    const res = await h.call('POST', '/complaints', request);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'invalid-request', field: 'body.journeyId' });
    expect(await h.workflowExists(`complaint:${clinic.id}:${request.complaintId}`)).toBe(false);
  });

  test('another clinic than the credential acts for is a 403 naming body.clinicId, and no workflow starts', async () => {
    const request = complaintRequest({ clinicId: 'nowhere-clinic' });
    const res = await h.call('POST', '/complaints', request);
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'forbidden', field: 'body.clinicId' });
    expect(res.body.error.message).toBe(`body.clinicId: this credential acts for clinic "${clinic.id}" only`);
    expect(await h.workflowExists(`complaint:nowhere-clinic:${request.complaintId}`)).toBe(false);
  });

  // Journey ids are built from opaque ids (domain/case-ids.ts parseJourneyId); one that is not
  // can never name a journey and must not be linked.
  test('a journeyId whose parts are not opaque ids is a 400, and no workflow starts', async () => {
    const request = complaintRequest({ journeyId: `journey:${clinic.id}:S 1/../x` });
    const res = await h.call('POST', '/complaints', request);
    expect(res.status).toBe(400);
    expect(res.body.error?.field).toBe('body.journeyId');
    expect(await h.workflowExists(`complaint:${clinic.id}:${request.complaintId}`)).toBe(false);
  });

  test('a body that is not JSON is a 400 naming the body', async () => {
    const res = await h.call('POST', '/complaints', '{"clinicId":');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid-json', field: 'body' });
  });
});

describe('GET /complaints/:id', () => {
  test('the state of a new case with its three SLA clocks running', async () => {
    const id = await startComplaint({ channel: 'phone' });
    const res = await h.call('GET', path(id));
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s).toMatchObject({
      caseId: id,
      clinicId: clinic.id,
      category: 'side-effect',
      severity: 'medium',
      channel: 'phone',
      stage: 'awaiting-first-contact',
      owner: 'doctor',
      assessments: [],
      plan: null,
      waitingOnCustomer: false,
      breachedClocks: [],
      reopenCount: 0,
      closedAt: null,
    });
    expect(s.clockViews.map((v: { id: string }) => v.id)).toEqual([
      'first-contact',
      'root-cause',
      'resolution-plan',
    ]);
    expect(clockView(s, 'first-contact')).toMatchObject({
      state: 'running',
      mode: 'business',
      targetMinutes: 120,
      met: false,
      breached: false,
    });
    expect(clockView(s, 'root-cause')).toMatchObject({
      state: 'running',
      mode: 'calendar',
      targetMinutes: 1440,
    });
    expect(clockView(s, 'resolution-plan')).toMatchObject({
      state: 'running',
      mode: 'calendar',
      targetMinutes: 2880,
    });
    for (const v of s.clockViews) {
      expect(v.remainingMinutes).toBeGreaterThan(0);
      expect(typeof v.dueAt).toBe('string');
    }
    expect(s.timeline[0]).toMatchObject({ event: 'received' });
  });

  test('a critical case has a one-hour calendar first-contact clock', async () => {
    const id = await startComplaint({ severity: 'critical' });
    expect(clockView(await state(id), 'first-contact')).toMatchObject({
      mode: 'calendar',
      targetMinutes: 60,
      state: 'running',
    });
  });

  test('a malformed id is a 400 naming complaintId; an unknown one a 404', async () => {
    for (const bad of [
      'C-1',
      `complaint:${clinic.id}`,
      `journey:${clinic.id}:S-1`,
      `complaint:${clinic.id}:a b`,
    ]) {
      const res = await h.call('GET', path(bad));
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid-request', field: 'complaintId' });
    }
    const missing = await h.call('GET', path(`complaint:${clinic.id}:nobody`));
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not-found');
    expect(missing.body.error.message).toContain(`complaint:${clinic.id}:nobody`);
  });
});

describe('decisions and replies', () => {
  test('a whole case over HTTP: first contact, assessments, plan, approval, YES by SMS, execution, follow-up, closure', async () => {
    const id = await startComplaint();

    // Out of order: nothing to approve or propose yet.
    const early = await decide(id, 'approve-plan', { staffId: 'manager' });
    expect(early.status).toBe(422);
    expect(early.body.error).toMatchObject({
      code: 'decision-rejected',
      message:
        'approve-plan: not possible while the complaint is awaiting-first-contact (needs awaiting-approval)',
    });

    const contact = await ok(
      await decide(id, 'record-first-contact', { staffId: 'fd-tanaka', note: 'called, photos received' }),
    );
    expect(contact).toMatchObject({ complaintId: id, decision: 'record-first-contact', accepted: true });
    let s = await state(id);
    expect(s.stage).toBe('investigating');
    expect(clockView(s, 'first-contact')).toMatchObject({ state: 'stopped', met: true, breached: false });
    const twice = await decide(id, 'record-first-contact', { staffId: 'fd-tanaka', note: 'again' });
    expect(twice.status).toBe(422);
    expect(twice.body.error.code).toBe('decision-rejected');

    const notParticipant = await decide(id, 'submit-assessment', {
      role: 'nurse',
      staffId: 'nurse-day',
      findings: 'x',
    });
    expect(notParticipant.status).toBe(422);
    expect(notParticipant.body.error.message).toContain('nurse is not a participant');

    const fd = await ok(
      await decide(id, 'submit-assessment', {
        role: 'front-desk',
        staffId: 'fd-tanaka',
        findings: 'recorded treatment, time and doctor',
      }),
    );
    expect(fd.detail).toBe('waiting for beautician, doctor');
    const early2 = await decide(id, 'propose-plan', {
      staffId: 'dr-sato',
      summary: 'too early',
      actions: [{ kind: 'apology', detail: 'sorry' }],
    });
    expect(early2.status).toBe(422);
    expect(early2.body.error.message).toContain('not possible while the complaint is investigating');
    const beautician = await ok(
      await decide(id, 'submit-assessment', {
        role: 'beautician',
        staffId: 'beautician-1',
        findings: 'laser settings within protocol',
      }),
    );
    expect(beautician.detail).toBe('waiting for doctor');
    const dup = await decide(id, 'submit-assessment', {
      role: 'beautician',
      staffId: 'beautician-2',
      findings: 'again',
    });
    expect(dup.status).toBe(422);
    expect(dup.body.error.message).toContain('beautician has already submitted an assessment');
    const doctor = await ok(
      await decide(id, 'submit-assessment', {
        role: 'doctor',
        staffId: 'dr-sato',
        findings: 'post-laser erythema',
        rootCause: 'sensitive skin',
      }),
    );
    expect(doctor.detail).toBe('all assessments in');
    s = await state(id);
    expect(s.stage).toBe('planning');
    expect(s.assessments).toHaveLength(3);
    expect(clockView(s, 'root-cause')).toMatchObject({ state: 'stopped', met: true });

    // A refund needs an amount (a rule between fields): a 422 naming it, nothing changes.
    const noAmount = await decide(id, 'propose-plan', {
      staffId: 'dr-sato',
      summary: 'refund',
      actions: [{ kind: 'refund', detail: 'refund of the session' }],
    });
    expect(noAmount.status).toBe(422);
    expect(noAmount.body.error.field).toBe('body.actions[0].amount');
    expect((await state(id)).stage).toBe('planning');

    await ok(
      await decide(id, 'propose-plan', {
        staffId: 'dr-sato',
        summary: 'Apologise, refund the session and offer a soothing treatment',
        actions: [
          { kind: 'apology', detail: 'apology from the doctor' },
          { kind: 'refund', detail: 'refund of the laser session', amount: 30000 },
          { kind: 'free-treatment', detail: 'one soothing treatment', department: 'Dermatology' },
        ],
      }),
    );
    expect((await state(id)).stage).toBe('awaiting-approval');
    await ok(await decide(id, 'approve-plan', { staffId: 'manager' }));
    s = await state(id);
    expect(s).toMatchObject({ stage: 'awaiting-customer', waitingOnCustomer: true });
    expect(s.plan).toMatchObject({ approvedBy: 'manager', proposedBy: 'dr-sato' });
    expect(clockView(s, 'resolution-plan')).toMatchObject({ state: 'stopped', met: true });
    const planSms = await eventually(async () => {
      const e = await outbox(id, 'sms');
      return e.find((x) => x.idempotencyKey === `${id}:plan-0`);
    }, 'plan SMS');
    expect(planSms.body).toContain('Refund: refund of the laser session');
    expect(planSms.body).toContain('Reply YES');

    const yes = await reply(id, 'SM-yes-1', 'YES');
    expect(yes.status).toBe(202);
    expect(yes.body).toEqual({ complaintId: id, providerMessageId: 'SM-yes-1' });
    s = await until(id, (x) => x.stage === 'follow-up', 'follow-up');
    expect(s.customerResponse).toMatchObject({ accepted: true, via: 'sms' });
    expect(s.plan.executed.map((e: { kind: string }) => e.kind)).toEqual([
      'apology',
      'refund',
      'free-treatment',
    ]);
    expect(typeof s.followUpDueAt).toBe('string');
    const billing = await outbox(id, 'billing');
    expect(billing).toHaveLength(1);
    expect(billing[0]!.data).toMatchObject({ kind: 'refund', amount: 30000, customerRef: 'P-1001' });
    const booking = await outbox(id, 'booking');
    expect(booking).toHaveLength(1);
    expect(booking[0]!.data).toMatchObject({ patientRef: 'P-1001', slot: { department: 'Dermatology' } });

    // Redelivered by the provider: the same message id has no second effect (not read as the
    // satisfaction answer, nothing executed again).
    expect((await reply(id, 'SM-yes-1', 'YES')).status).toBe(202);
    await sleep(500);
    s = await state(id);
    expect(s.stage).toBe('follow-up');
    expect(s.satisfaction).toBeNull();
    expect(events(s, 'customer-satisfied')).toHaveLength(0);
    expect(await outbox(id, 'billing')).toHaveLength(1);
    expect(await outbox(id, 'booking')).toHaveLength(1);

    // A new "yes" before the follow-up has asked anything is kept as a message, not taken as
    // the satisfaction answer (that question goes out 7 days after execution).
    await reply(id, 'SM-yes-2', 'yes');
    s = await until(
      id,
      (x) => events(x as never, 'customer-message').length === 1,
      'the message on the timeline',
    );
    expect(s).toMatchObject({ stage: 'follow-up', satisfaction: null });

    // The customer tells the front desk she is happy: satisfied, closed, into the training library.
    await ok(await decide(id, 'record-satisfaction', { staffId: 'fd-tanaka', satisfied: true }));
    s = await until(id, (x) => x.stage === 'closed', 'closed');
    expect(s.satisfaction).toMatchObject({ satisfied: true, via: 'staff' });
    expect(typeof s.closedAt).toBe('string');
    await eventually(
      async () => ((await outbox(id, 'training-case')).length ? true : undefined),
      'training case',
    );
    await eventually(
      async () =>
        (await outbox(id, 'sms')).some((x) => x.idempotencyKey === `${id}:closed-0`) ? true : undefined,
      'closing SMS',
    );
    const late = await decide(id, 'propose-plan', {
      staffId: 'dr-sato',
      summary: 'late',
      actions: [{ kind: 'apology', detail: 'sorry' }],
    });
    expect(late.status).toBe(422);
    expect(late.body.error.message).toContain('not possible while the complaint is closed');
  });

  test('a plan sent back returns to planning; a declined plan (NO) asks for another', async () => {
    const id = await startComplaint({ category: 'waiting-time', severity: 'low' });
    await investigate(id, ['front-desk']);
    const plan = {
      staffId: 'fd-tanaka',
      summary: 'apologise',
      actions: [{ kind: 'apology', detail: 'sorry' }],
    };
    await ok(await decide(id, 'propose-plan', plan));
    const noReason = await decide(id, 'send-back-plan', { staffId: 'manager' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('body.reason');
    await ok(await decide(id, 'send-back-plan', { staffId: 'manager', reason: 'offer a fee waiver too' }));
    expect((await state(id)).stage).toBe('planning');
    await ok(
      await decide(id, 'propose-plan', {
        ...plan,
        actions: [...plan.actions, { kind: 'fee-waiver', detail: 'consultation fee waived', amount: 5000 }],
      }),
    );
    await ok(await decide(id, 'approve-plan', { staffId: 'manager' }));
    await reply(id, 'SM-no-1', 'NO');
    const s = await until(id, (x) => x.stage === 'planning' && x.plan === null, 'declined');
    expect(s.customerResponse).toMatchObject({ accepted: false, via: 'sms' });
    expect(await outbox(id, 'billing')).toEqual([]);
  });

  test('a reply that is not YES/NO becomes a task for the owner; bad and misdirected replies are refused', async () => {
    const id = await startComplaint();
    expect((await reply(id, 'SM-q-1', 'When will someone call me?')).status).toBe(202);
    const s = await until(id, (x) => events(x as never, 'customer-message').length > 0, 'customer message');
    expect(s.stage).toBe('awaiting-first-contact');
    await eventually(
      async () =>
        (await outbox(id, 'task')).some((t) => t.idempotencyKey === `${id}:message-SM-q-1`)
          ? true
          : undefined,
      'task for the owner',
    );
    const empty = await reply(id, 'SM-q-2', '');
    expect(empty.status).toBe(400);
    expect(empty.body.error.field).toBe('body.text');
    const noId = await h.call('POST', path(id, '/replies'), { text: 'YES' });
    expect(noId.status).toBe(400);
    expect(noId.body.error.field).toBe('body.providerMessageId');
    expect((await reply(`complaint:${clinic.id}:nobody`, 'SM-x', 'YES')).status).toBe(404);
    const malformed = await reply('nobody', 'SM-x', 'YES');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.field).toBe('complaintId');
  });

  test('malformed decisions are 400s naming the field; unknown decisions and cases are refused; nothing changes', async () => {
    const id = await startComplaint();
    const noNote = await decide(id, 'record-first-contact', { staffId: 'fd-tanaka' });
    expect(noNote.status).toBe(400);
    expect(noNote.body.error).toMatchObject({ code: 'invalid-request', field: 'body.note' });
    const badStaff = await decide(id, 'record-first-contact', { staffId: 'fd tanaka', note: 'x' });
    expect(badStaff.status).toBe(400);
    expect(badStaff.body.error.field).toBe('body.staffId');
    const extra = await decide(id, 'record-first-contact', { staffId: 'fd-tanaka', note: 'x', urgent: true });
    expect(extra.status).toBe(400);
    expect(extra.body.error.field).toBe('body');
    const badRole = await decide(id, 'submit-assessment', { role: 'janitor', staffId: 'j-1', findings: 'x' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.field).toBe('body.role');
    const badDate = await decide(id, 'add-corrective-action', {
      staffId: 'manager',
      description: 'retrain',
      owner: 'fd-tanaka',
      dueDate: 'next week',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.field).toBe('body.dueDate');
    const notJson = await decide(id, 'record-first-contact', '{"staffId":');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('invalid-json');

    const unknown = await decide(id, 'escalate-to-ceo', { staffId: 'manager' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('decision');
    expect(unknown.body.error.message).toContain('record-first-contact');

    const nobody = await decide(`complaint:${clinic.id}:nobody`, 'record-first-contact', {
      staffId: 'fd-tanaka',
      note: 'x',
    });
    expect(nobody.status).toBe(404);
    const malformed = await decide('C-1', 'record-first-contact', { staffId: 'fd-tanaka', note: 'x' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.field).toBe('complaintId');

    const s = await state(id);
    expect(s.stage).toBe('awaiting-first-contact');
    expect(events(s, 'first-contact')).toHaveLength(0);
    expect(clockView(s, 'first-contact')).toMatchObject({ state: 'running' });
  });

  test('corrective actions: added with an id, completed once; pausing for the customer pauses the clocks', async () => {
    const id = await startComplaint();
    const added = await ok(
      await decide(id, 'add-corrective-action', {
        staffId: 'manager',
        description: 'retrain on post-laser aftercare',
        owner: 'beautician-1',
        dueDate: '2027-01-31',
      }),
    );
    expect(added.detail).toBe('ca-1');
    await ok(await decide(id, 'complete-corrective-action', { staffId: 'beautician-1', actionId: 'ca-1' }));
    const again = await decide(id, 'complete-corrective-action', {
      staffId: 'beautician-1',
      actionId: 'ca-1',
    });
    expect(again.status).toBe(422);
    expect(again.body.error.message).toContain('already done');
    const none = await decide(id, 'complete-corrective-action', {
      staffId: 'beautician-1',
      actionId: 'ca-9',
    });
    expect(none.status).toBe(422);

    await ok(await decide(id, 'pause-for-customer', { staffId: 'fd-tanaka', reason: 'customer abroad' }));
    let s = await state(id);
    expect(s.waitingOnCustomer).toBe(true);
    expect(s.clockViews.map((v: { state: string }) => v.state)).toEqual(['paused', 'paused', 'paused']);
    expect((await decide(id, 'pause-for-customer', { staffId: 'fd-tanaka', reason: 'x' })).status).toBe(422);
    await ok(await decide(id, 'resume-from-customer', { staffId: 'fd-tanaka' }));
    s = await state(id);
    expect(s.clockViews.map((v: { state: string }) => v.state)).toEqual(['running', 'running', 'running']);
  });
});

describe('GET /complaints', () => {
  test('lists the complaints started in the period, filtered by stage', async () => {
    const from = new Date(Date.now() - 1).toISOString();
    const a = await startComplaint();
    const b = await startComplaint({ category: 'billing', severity: 'low' });
    const c = await startComplaint({ category: 'privacy', severity: 'high' });
    await ok(await decide(b, 'record-first-contact', { staffId: 'fd-tanaka', note: 'called back' }));
    const to = new Date(Date.now() + 1000).toISOString();

    const list = (extra: Record<string, string> = {}) =>
      h.call('GET', `/complaints?${qs({ clinicId: clinic.id, from, to, ...extra })}`);
    const ids = (body: { complaints: { complaintId: string }[] }) =>
      body.complaints.map((x) => x.complaintId).sort();

    const all = await eventually(async () => {
      const res = await list();
      return res.status === 200 && res.body.complaints.length === 3 ? res.body : undefined;
    }, 'three complaints listed');
    expect(ids(all)).toEqual([a, b, c].sort());
    expect(all.complaints.find((x: { complaintId: string }) => x.complaintId === c)).toEqual({
      complaintId: c,
      category: 'privacy',
      severity: 'high',
      stage: 'awaiting-first-contact',
      breachedClocks: [],
    });

    const investigating = await eventually(async () => {
      const res = await list({ stage: 'investigating' });
      return res.body.complaints?.length === 1 ? res.body : undefined;
    }, 'stage filter');
    expect(ids(investigating)).toEqual([b]);
    expect(investigating.complaints[0].stage).toBe('investigating');
    const waiting = await eventually(async () => {
      const res = await list({ stage: 'awaiting-first-contact' });
      return res.body.complaints?.length === 2 ? res.body : undefined;
    }, 'stage filter (awaiting-first-contact)');
    expect(ids(waiting)).toEqual([a, c].sort());
    expect((await list({ stage: 'closed' })).body.complaints).toEqual([]);

    const before = await h.call(
      'GET',
      `/complaints?${qs({ clinicId: clinic.id, from: '2020-01-01T00:00:00Z', to: from })}`,
    );
    expect(before.status).toBe(200);
    expect(before.body.complaints.map((x: { complaintId: string }) => x.complaintId)).not.toContain(a);
    const otherClinic = await h.call('GET', `/complaints?${qs({ clinicId: 'other-clinic', from, to })}`);
    expect(otherClinic.status).toBe(403);
    expect(otherClinic.body.error).toMatchObject({ code: 'forbidden', field: 'query.clinicId' });
  });

  const from = '2026-11-01T00:00:00Z';
  const to = '2026-11-02T00:00:00Z';
  test.each<[string, string, Record<string, string>]>([
    ['no clinicId', 'query.clinicId', { from, to }],
    ['no from', 'query.from', { clinicId: clinic.id, to }],
    ['no to', 'query.to', { clinicId: clinic.id, from }],
    ['a date without a time', 'query.from', { clinicId: clinic.id, from: '2026-11-01', to }],
    ['a time without an offset', 'query.from', { clinicId: clinic.id, from: '2026-11-01T00:00:00', to }],
    ['an unknown stage', 'query.stage', { clinicId: clinic.id, from, to, stage: 'lost' }],
    ['a clinicId that is not an opaque id', 'query.clinicId', { clinicId: "x' OR '1'='1", from, to }],
    ['an unknown parameter', 'query', { clinicId: clinic.id, from, to, limit: '10' }],
  ])('%s is a 400 naming %s', async (_what, field, query) => {
    for (const route of ['/complaints', '/complaints-report']) {
      const res = await h.call('GET', `${route}?${qs(query)}`);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid-request', field });
    }
  });

  // from and to are instants, but routes/complaints.ts compares them as strings: with offsets
  // other than "Z", or fractional seconds, the order comes out wrong. A period that passes the
  // schema but ends before it starts is a 422 (no schema can say "after from").
  test.each([
    ['plain instants', to, from],
    ['to equal to from', from, from],
    // 10:00+09:00 is 01:00Z, an hour before from.
    ['an offset', '2026-11-01T02:00:00Z', '2026-11-01T10:00:00+09:00'],
    // half a second before from.
    ['fractional seconds', '2026-11-01T02:00:00.500Z', '2026-11-01T02:00:00Z'],
  ])('to not after from, written with %s, is a 422 naming query.to', async (_what, from, to) => {
    for (const route of ['/complaints', '/complaints-report']) {
      const res = await h.call('GET', `${route}?${qs({ clinicId: clinic.id, from, to })}`);
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'invalid-request', field: 'query.to' });
    }
  });

  test('a valid period written with offsets is accepted', async () => {
    // from 10:00+09:00 is 01:00Z, an hour before to.
    const query = qs({ clinicId: clinic.id, from: '2026-11-01T10:00:00+09:00', to: '2026-11-01T02:00:00Z' });
    for (const route of ['/complaints', '/complaints-report']) {
      const res = await h.call('GET', `${route}?${query}`);
      expect(res.body.error).toBeUndefined();
      expect(res.status).toBe(200);
    }
  });
});

describe('GET /complaints-report', () => {
  test('closure rate and per-clock compliance for the cases of the period', async () => {
    const from = new Date(Date.now() - 1).toISOString();
    // A: first contact at once. B: untouched. C: handled to closure by staff decisions.
    const a = await startComplaint();
    const b = await startComplaint({ category: 'waiting-time', severity: 'low' });
    const c = await startComplaint({ category: 'billing', severity: 'medium' });
    const to = new Date(Date.now() + 1000).toISOString();
    await ok(await decide(a, 'record-first-contact', { staffId: 'fd-tanaka', note: 'called back' }));
    await investigate(c, ['front-desk', 'management']);
    await ok(
      await decide(c, 'propose-plan', {
        staffId: 'fd-tanaka',
        summary: 'apologise',
        actions: [{ kind: 'apology', detail: 'apology from the manager' }],
      }),
    );
    await ok(await decide(c, 'approve-plan', { staffId: 'manager' }));
    await ok(await decide(c, 'record-customer-response', { staffId: 'fd-tanaka', accepted: true }));
    await until(c, (x) => x.stage === 'follow-up', 'follow-up');
    await ok(await decide(c, 'record-satisfaction', { staffId: 'fd-tanaka', satisfied: true }));
    expect((await state(c)).stage).toBe('closed');
    expect((await state(b)).stage).toBe('awaiting-first-contact');

    const report = await eventually(async () => {
      const res = await h.call('GET', `/complaints-report?${qs({ clinicId: clinic.id, from, to })}`);
      return res.status === 200 && res.body.total === 3 ? res.body : undefined;
    }, 'report of three cases');
    expect(report).toEqual({
      clinicId: clinic.id,
      from,
      to,
      total: 3,
      closed: 1,
      closureRate: 1 / 3,
      clocks: {
        'first-contact': { met: 2, breached: 0, running: 1, compliance: 1 },
        'root-cause': { met: 1, breached: 0, running: 2, compliance: 1 },
        'resolution-plan': { met: 1, breached: 0, running: 2, compliance: 1 },
      },
    });
  });

  test('a period without complaints: zero totals and no rates', async () => {
    const res = await h.call(
      'GET',
      `/complaints-report?${qs({ clinicId: clinic.id, from: '2020-01-01T00:00:00Z', to: '2020-02-01T00:00:00Z' })}`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 0, closed: 0, closureRate: null });
    for (const clock of ['first-contact', 'root-cause', 'resolution-plan']) {
      expect(res.body.clocks[clock]).toEqual({ met: 0, breached: 0, running: 0, compliance: null });
    }
  });
});
