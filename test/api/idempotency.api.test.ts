import { ApiHarness, eventually } from '../helpers/api-harness';
import { clinic, startRequest } from '../helpers/fixtures';

// Idempotency-Key over HTTP against a real Temporal dev server: a retried start gets its first
// 201 back (the key lives in the workflow's memo), a retried decision is applied once (the key
// is the Temporal update id).

const h = new ApiHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const enc = encodeURIComponent;
const key = (k: string) => ({ 'idempotency-key': k });
let counter = 0;
const uniqueKey = () => `key-${process.pid}-${Date.now()}-${++counter}`;

async function journeyState(id: string) {
  return (await h.call('GET', `/journeys/${enc(id)}`)).body;
}
const events = (s: { timeline: { event: string }[] }, event: string) =>
  s.timeline.filter((e) => e.event === event);

/** How many executions visibility lists for a workflow id (eventually consistent: wait for one). */
async function executions(id: string): Promise<number> {
  return eventually(async () => {
    const { count } = await h.env.client.workflow.count(`WorkflowId = '${id}'`);
    return count > 0 ? count : undefined;
  }, `executions of ${id}`);
}

describe('POST /journeys with an Idempotency-Key', () => {
  test('a retry gets the first 201 back, and there is one journey that sent one after-care SMS', async () => {
    const request = startRequest();
    const k = uniqueKey();
    const first = await h.call('POST', '/journeys', request, key(k));
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();

    const retry = await h.call('POST', '/journeys', request, key(k));
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(retry.headers.get('idempotent-replayed')).toBe('true');

    // The same request serialized with its keys in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(request).reverse());
    expect((await h.call('POST', '/journeys', JSON.stringify(reordered), key(k))).status).toBe(201);

    const id = first.body.journeyId as string;
    await eventually(async () => {
      const sms = (await h.call('GET', `/outbox?caseId=${enc(id)}&kind=sms`)).body.entries;
      return sms.length ? sms : undefined;
    }, 'the after-care SMS');
    await new Promise((r) => setTimeout(r, 300));
    expect((await h.call('GET', `/outbox?caseId=${enc(id)}&kind=sms`)).body.entries).toHaveLength(1);
    expect(await executions(id)).toBe(1);
  });

  test('two concurrent attempts with the same key start one journey and both get the 201', async () => {
    const request = startRequest();
    const k = uniqueKey();
    const [a, b] = await Promise.all([
      h.call('POST', '/journeys', request, key(k)),
      h.call('POST', '/journeys', request, key(k)),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body).toEqual(b.body);
    const replayed = [a, b].map((r) => r.headers.get('idempotent-replayed'));
    expect(replayed.filter((v) => v === 'true')).toHaveLength(1);
    expect(await executions(a.body.journeyId)).toBe(1);
  });

  test('the same key with a different request is a 422 and the journey is untouched', async () => {
    const request = startRequest();
    const k = uniqueKey();
    expect((await h.call('POST', '/journeys', request, key(k))).status).toBe(201);
    const changed = { ...request, protocolId: 'rhinoplasty@1' };
    const res = await h.call('POST', '/journeys', changed, key(k));
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'idempotency-key-reused', field: 'idempotency-key' });
    const id = `journey:${clinic.id}:${request.surgeryId}`;
    expect(res.body.error.message).toContain(id);
    expect((await journeyState(id)).protocolId).toBe('rhinoplasty@2');
  });

  test('the same surgery without the key, with another key or from another credential is a 409', async () => {
    const request = startRequest();
    const k = uniqueKey();
    expect((await h.call('POST', '/journeys', request, key(k))).status).toBe(201);
    const without = await h.call('POST', '/journeys', request);
    expect(without.status).toBe(409);
    expect(without.body.error.code).toBe('conflict');
    expect((await h.call('POST', '/journeys', request, key(uniqueKey()))).status).toBe(409);
    // Keys belong to the credential that sent them.
    const other = await h.call('POST', '/journeys', request, { ...key(k), ...h.as('front-desk') });
    expect(other.status).toBe(409);

    // A journey started without a key is never replayed, whatever key comes later.
    const plain = startRequest();
    expect((await h.call('POST', '/journeys', plain)).status).toBe(201);
    expect((await h.call('POST', '/journeys', plain, key(uniqueKey()))).status).toBe(409);
  });

  test.each([
    ['with a space', 'a b'],
    ['with a slash', 'a/b'],
    ['longer than 100 characters', 'k'.repeat(101)],
  ])('a key %s is a 400 naming the header, and no journey starts', async (_what, bad) => {
    const request = startRequest();
    const res = await h.call('POST', '/journeys', request, key(bad));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid-request', field: 'idempotency-key' });
    expect(res.body.error.message).toContain('idempotency-key');
    expect(await h.workflowExists(`journey:${clinic.id}:${request.surgeryId}`)).toBe(false);
  });

  test('a key of exactly 100 allowed characters is accepted', async () => {
    const k = `A-z_0.9:${'x'.repeat(92)}`;
    expect(k).toHaveLength(100);
    expect((await h.call('POST', '/journeys', startRequest(), key(k))).status).toBe(201);
  });
});

describe('POST /complaints with an Idempotency-Key', () => {
  const complaint = () => ({
    clinicId: clinic.id,
    complaintId: `C-${uniqueKey()}`,
    channel: 'front-desk',
    category: 'side-effect',
    severity: 'medium',
    customer: { ref: 'P-2001', language: 'en' },
    description: 'Redness after the laser treatment',
  });

  test('a retry gets the first 201 back; another request with the key is a 422; no key is a 409', async () => {
    const request = complaint();
    const k = uniqueKey();
    const first = await h.call('POST', '/complaints', request, key(k));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ complaintId: `complaint:${clinic.id}:${request.complaintId}` });
    const retry = await h.call('POST', '/complaints', request, key(k));
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');

    const reused = await h.call('POST', '/complaints', { ...request, severity: 'critical' }, key(k));
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency-key-reused');
    expect((await h.call('POST', '/complaints', request)).status).toBe(409);
    expect(await executions(first.body.complaintId)).toBe(1);
  });
});

describe('decisions with an Idempotency-Key', () => {
  async function journey(): Promise<string> {
    const res = await h.call('POST', '/journeys', startRequest());
    expect(res.status).toBe(201);
    return res.body.journeyId as string;
  }
  const checkIn = (reason: string) => ({
    at: new Date(Date.now() + 24 * 3600_000).toISOString(),
    channel: 'nurse-call',
    staffId: 'nurse-1',
    reason,
  });
  const addCheckIn = (id: string, body: unknown, headers: Record<string, string> = {}) =>
    h.call('POST', `/journeys/${enc(id)}/decisions/add-check-in`, body, headers);

  test('a journey decision retried with the same key returns the first result and is applied once', async () => {
    const id = await journey();
    const k = uniqueKey();
    const first = await addCheckIn(id, checkIn('swelling'), key(k));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ journeyId: id, decision: 'add-check-in', accepted: true });
    const retry = await addCheckIn(id, checkIn('swelling'), key(k));
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);

    const state = await journeyState(id);
    expect(events(state, 'check-in-added')).toHaveLength(1);
    expect(state.checkIns.filter((c: { addedBy?: string }) => c.addedBy)).toHaveLength(1);

    // Without a key the same decision is taken again: that is what the key prevents.
    const again = await addCheckIn(id, checkIn('swelling'));
    expect(again.status).toBe(200);
    expect(again.body.detail).not.toBe(first.body.detail);
    expect(events(await journeyState(id), 'check-in-added')).toHaveLength(2);
  });

  test('keys are scoped by credential: the same key from another role is its own decision', async () => {
    const id = await journey();
    const k = uniqueKey();
    expect((await addCheckIn(id, checkIn('nurse'), { ...key(k), ...h.as('nurse') })).status).toBe(200);
    expect((await addCheckIn(id, checkIn('doctor'), { ...key(k), ...h.as('doctor') })).status).toBe(200);
    expect(events(await journeyState(id), 'check-in-added')).toHaveLength(2);
  });

  test('the same key with another body gets the first result; nothing more is applied', async () => {
    const id = await journey();
    const k = uniqueKey();
    const first = await addCheckIn(id, checkIn('first'), key(k));
    const second = await addCheckIn(id, checkIn('second'), key(k));
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const added = events(await journeyState(id), 'check-in-added') as { detail?: string }[];
    expect(added).toHaveLength(1);
    expect(added[0]!.detail).toContain('first');
  });

  test('a complaint decision retried with the same key is applied once', async () => {
    const created = await h.call('POST', '/complaints', {
      clinicId: clinic.id,
      complaintId: `C-${uniqueKey()}`,
      channel: 'phone',
      category: 'billing',
      severity: 'low',
      customer: { ref: 'P-3001', language: 'en' },
      description: 'Charged twice',
    });
    expect(created.status).toBe(201);
    const id = created.body.complaintId as string;
    const action = {
      staffId: 'mgr-1',
      description: 'Check the card terminal',
      owner: 'fd-1',
      dueDate: '2030-01-31',
    };
    const path = `/complaints/${enc(id)}/decisions/add-corrective-action`;
    const k = uniqueKey();
    const first = await h.call('POST', path, action, key(k));
    expect(first.status).toBe(200);
    const retry = await h.call('POST', path, action, key(k));
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    const state = (await h.call('GET', `/complaints/${enc(id)}`)).body;
    expect(state.correctiveActions).toHaveLength(1);
    expect(events(state, 'corrective-action')).toHaveLength(1);
  });

  test('a decision refused by the journey is refused again on retry (a rejection records nothing)', async () => {
    const id = await journey();
    const k = uniqueKey();
    const past = { ...checkIn('late'), at: '2020-01-01T00:00:00Z' };
    expect((await addCheckIn(id, past, key(k))).status).toBe(422);
    expect((await addCheckIn(id, past, key(k))).status).toBe(422);
  });
});

describe('replies: the provider message id is the key', () => {
  test('a reply accepts an Idempotency-Key, rejects a malformed one, and redelivery is ignored', async () => {
    const created = await h.call('POST', '/journeys', startRequest());
    const id = created.body.journeyId as string;
    const path = `/journeys/${enc(id)}/replies`;
    const reply = { providerMessageId: `SM-${uniqueKey()}`, text: 'pain 2' };
    expect((await h.call('POST', path, reply, key(reply.providerMessageId))).status).toBe(202);
    expect((await h.call('POST', path, reply, key(reply.providerMessageId))).status).toBe(202);
    const bad = await h.call('POST', path, reply, key('not ok'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('idempotency-key');
    await eventually(async () => {
      const replied = events(await journeyState(id), 'patient-replied');
      return replied.length ? replied : undefined;
    }, 'the reply on the timeline');
    await new Promise((r) => setTimeout(r, 300));
    expect(events(await journeyState(id), 'patient-replied')).toHaveLength(1);
  });
});
