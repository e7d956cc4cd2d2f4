import { ApiHarness, eventually } from '../helpers/api-harness';
import { clinic, startRequest } from '../helpers/fixtures';

// Erasure at a person's request (POST /erasures, management only): every case of that phone at
// the clinic — a journey with its escalation and transfer children, a complaint, an after-hours
// contact — is stopped and deleted from Temporal, and the outbox forgets its messages; another
// person's journey is untouched. Real dev server, real worker, real HTTP.

const h = new ApiHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const enc = encodeURIComponent;
const erased = '+819011110000';
const kept = '+819022220000';
const management = () => h.as('management');
async function untilDeleted(id: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (!(await h.workflowExists(id))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${id} still exists 30 s after its erasure`);
}

test('a person is erased: their journey (with its children), complaint and contact are gone; nobody else’s', async () => {
  const mine = startRequest({
    patient: { ref: 'P-erase', phone: erased, language: 'en', timeZone: 'Asia/Tokyo' },
  });
  const theirs = startRequest({
    patient: { ref: 'P-keep', phone: kept, language: 'en', timeZone: 'Asia/Tokyo' },
  });
  for (const request of [mine, theirs]) expect((await h.call('POST', '/journeys', request)).status).toBe(201);
  const journeyId = `journey:${clinic.id}:${mine.surgeryId}`;
  const otherId = `journey:${clinic.id}:${theirs.surgeryId}`;
  // An emergency: the journey starts an escalation and a transfer (child workflows).
  await h.call('POST', `/journeys/${enc(journeyId)}/replies`, {
    providerMessageId: 'SM-erase-1',
    text: 'bleeding heavily and I cannot breathe',
  });
  const state = await eventually(async () => {
    const { body } = await h.call('GET', `/journeys/${enc(journeyId)}`);
    return body.escalations?.length && body.transfers?.length ? body : undefined;
  }, 'escalation and transfer');
  const children = [state.escalations[0].incidentId, state.transfers[0].transferId] as string[];
  const complaint = await h.call('POST', '/complaints', {
    clinicId: clinic.id,
    complaintId: `C-erase-${process.pid}`,
    channel: 'phone',
    category: 'side-effect',
    severity: 'medium',
    customer: { ref: 'P-erase', phone: erased, language: 'en' },
    description: 'Redness after the peel',
  });
  expect(complaint.status).toBe(201);
  const contact = await h.call('POST', '/after-hours-contacts', {
    contactId: `CA-erase-${process.pid}`,
    channel: 'phone',
    phone: erased,
    text: 'a question about my appointment',
  });
  expect([201, 202]).toContain(contact.status);
  await eventually(
    async () => (h.outbox.list().some((e) => e.to === erased) ? true : undefined),
    'messages to the person',
  );

  // Visibility is eventually consistent: erase once every case of the number is listed.
  const cases = [journeyId, complaint.body.complaintId as string];
  if (contact.status === 201) cases.push(contact.body.caseId as string);
  const result = await eventually(async () => {
    const res = await h.call('POST', '/erasures', { phone: erased }, management());
    expect(res.status).toBe(200);
    return cases.every((c) => res.body.erased.includes(c)) ? res.body : undefined;
  }, 'every case erased');
  expect(result.erased).toEqual(expect.arrayContaining([...cases, ...children]));
  expect(result.outboxEntries).toBeGreaterThan(0);

  // Temporal deletes a history asynchronously, within seconds (a closed one after ~10 s).
  for (const id of [...cases, ...children]) await untilDeleted(id);
  expect((await h.call('GET', `/journeys/${enc(journeyId)}`)).status).toBe(404);
  expect(h.outbox.list().filter((e) => e.to === erased || cases.includes(e.caseId))).toEqual([]);
  // Someone else's journey and messages are untouched.
  expect(await h.workflowExists(otherId)).toBe(true);
  expect(h.outbox.list().some((e) => e.to === kept)).toBe(true);
  expect(result.erased.some((id: string) => id.startsWith(otherId))).toBe(false);
});

test('only management may erase, the number must be valid, and it never goes in the URL', async () => {
  const nurse = await h.call('POST', '/erasures', { phone: erased }, h.as('nurse'));
  expect(nurse.status).toBe(403);
  const bad = await h.call('POST', '/erasures', { phone: '090-1111-0000' }, management());
  expect(bad.status).toBe(400);
  expect(bad.body.error.field).toBe('body.phone');
  const extra = await h.call('POST', '/erasures', { phone: erased, ref: 'P-1' }, management());
  expect(extra.status).toBe(400);
});

test('a number with no cases erases nothing', async () => {
  const res = await h.call('POST', '/erasures', { phone: '+819033330000' }, management());
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ erased: [], outboxEntries: 0 });
});
