import type { Bundle, Slot } from '@medplum/fhirtypes';
import { DateTime } from 'luxon';
import type { FhirServer } from '../../fhir-server/server';
import { createFhirServer } from '../../fhir-server/server';
import { setTaskStatus } from '../../fhir-server/task-control';

// The local FHIR server itself over HTTP: Medplum's router behind our Express glue, seeded from
// the demo configuration with a pinned `now` (Saturday 2026-05-09 08:10 in Tokyo).
const NOW = new Date('2026-05-08T23:10:00Z');
const FHIR_JSON = 'application/fhir+json';

let server: FhirServer;

beforeAll(async () => {
  server = await createFhirServer({ port: 0, seed: { now: NOW, days: 7 } });
});
afterAll(async () => {
  await server?.stop();
});

async function get<T>(path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.fhirBaseUrl}/${path}`, { headers: { Accept: FHIR_JSON } });
  return { status: res.status, body: (await res.json()) as T };
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.fhirBaseUrl}/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': FHIR_JSON, ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

test('its CapabilityStatement answers 200 (what `npm start` waits for)', async () => {
  const { status, body } = await get<{ resourceType: string; fhirVersion: string }>('metadata');
  expect(status).toBe(200);
  expect(body).toMatchObject({
    resourceType: 'CapabilityStatement',
    fhirVersion: expect.stringMatching(/^4\.0/),
  });
});

test('the seed holds the demo patients, their records, the hospitals and a week of slots', () => {
  expect(server.seeded?.resources).toMatchObject({
    Patient: 2,
    Condition: 3,
    AllergyIntolerance: 1,
    MedicationStatement: 2,
    Procedure: 1,
    Organization: 3, // the clinic and its two partner hospitals
    Schedule: 2,
  });
  // Sat 10:00-17:00 (14 slots), Sun closed, Mon-Fri 09:30-18:30 (18 each), up to Sat 08:10: 104 a department.
  expect(server.seeded?.slots).toBe(2 * (14 + 5 * 18));
});

test('every seeded slot lies in the clinic business hours in Asia/Tokyo, whatever the machine zone', async () => {
  const { body } = await get<Bundle<Slot>>('Slot?_count=1000');
  const starts = (body.entry ?? []).map((e) => DateTime.fromISO(e.resource!.start, { zone: 'Asia/Tokyo' }));
  expect(starts.length).toBe(server.seeded?.slots);
  for (const start of starts) {
    const hhmm = start.toFormat('HH:mm');
    if (start.weekday === 6) expect(hhmm >= '10:00' && hhmm <= '16:30').toBe(true);
    else {
      expect(start.weekday).toBeLessThan(6);
      expect(hhmm >= '09:30' && hhmm <= '18:00').toBe(true);
    }
  }
  expect(starts.map((s) => s.toISO()).sort()[0]).toBe('2026-05-09T10:00:00.000+09:00');
});

test('conditional create: 201 with Location the first time, 200 with the same resource after', async () => {
  const communication = {
    resourceType: 'Communication',
    status: 'completed',
    identifier: [{ system: 'urn:test', value: 'k-1' }],
  };
  const first = await post('Communication', communication, { 'If-None-Exist': 'identifier=urn:test|k-1' });
  expect(first.status).toBe(201);
  expect(first.headers.get('location')).toMatch(/^Communication\/[\w-]+\/_history\//);
  const second = await post('Communication', communication, { 'If-None-Exist': 'identifier=urn:test|k-1' });
  expect(second.status).toBe(200);
  expect(second.body.id).toBe(first.body.id);
});

test('a resource missing required elements is refused with 400 and an OperationOutcome', async () => {
  const res = await post('Slot', { resourceType: 'Slot', status: 'free' });
  expect(res.status).toBe(400);
  expect(res.body.resourceType).toBe('OperationOutcome');
  expect(JSON.stringify(res.body)).toContain('Slot.schedule');
});

test('a body that is not JSON is a 400 OperationOutcome, an unknown id a 404', async () => {
  const res = await fetch(`${server.fhirBaseUrl}/Patient`, {
    method: 'POST',
    headers: { 'Content-Type': FHIR_JSON },
    body: '{not json',
  });
  expect(res.status).toBe(400);
  expect(((await res.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
  expect((await get('Patient/no-such-id')).status).toBe(404);
});

test('a transaction Bundle resolves urn:uuid references between its entries', async () => {
  const res = await post('', {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: 'urn:uuid:6f1c1e7a-0000-4000-8000-000000000001',
        resource: {
          resourceType: 'ServiceRequest',
          status: 'active',
          intent: 'order',
          subject: { display: 'x' },
        },
        request: { method: 'POST', url: 'ServiceRequest' },
      },
      {
        resource: {
          resourceType: 'Task',
          status: 'requested',
          intent: 'order',
          focus: { reference: 'urn:uuid:6f1c1e7a-0000-4000-8000-000000000001' },
        },
        request: { method: 'POST', url: 'Task' },
      },
    ],
  });
  expect(res.status).toBe(200);
  const entries = (res.body as unknown as Bundle).entry!;
  expect(entries.map((e) => e.response?.status)).toEqual(['201', '201']);
  const taskId = entries[1]!.resource!.id!;
  const task = await get<{ focus: { reference: string } }>(`Task/${taskId}`);
  expect(task.body.focus.reference).toBe(`ServiceRequest/${entries[0]!.resource!.id}`);

  // The hospital's side: set the Task's status (GET, then PUT with If-Match).
  const accepted = await setTaskStatus(server.fhirBaseUrl, taskId, 'accepted');
  expect(accepted.status).toBe('accepted');
});

test('with a bearer token configured, a request without it is 401', async () => {
  const guarded = await createFhirServer({ port: 0, bearerToken: 'secret-token' });
  try {
    const without = await fetch(`${guarded.fhirBaseUrl}/Patient`);
    expect(without.status).toBe(401);
    const withToken = await fetch(`${guarded.fhirBaseUrl}/Patient`, {
      headers: { Authorization: 'Bearer secret-token' },
    });
    expect(withToken.status).toBe(200);
  } finally {
    await guarded.stop();
  }
});

test('auto-acceptance accepts a requested referral Task once it is old enough', async () => {
  let now = new Date('2026-05-09T00:00:00Z');
  const auto = await createFhirServer({ port: 0, autoAcceptAfterMs: 5_000, clock: () => now });
  try {
    const res = await fetch(`${auto.fhirBaseUrl}/Task`, {
      method: 'POST',
      headers: { 'Content-Type': FHIR_JSON },
      body: JSON.stringify({
        resourceType: 'Task',
        status: 'requested',
        intent: 'order',
        authoredOn: now.toISOString(),
      }),
    });
    const { id } = (await res.json()) as { id: string };
    now = new Date(now.getTime() + 6_000);
    await new Promise((r) => setTimeout(r, 1_500));
    const task = (await (await fetch(`${auto.fhirBaseUrl}/Task/${id}`)).json()) as { status: string };
    expect(task.status).toBe('accepted');
  } finally {
    await auto.stop();
  }
});
