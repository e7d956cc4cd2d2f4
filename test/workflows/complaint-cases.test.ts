import { ContactKey } from '../../temporal/search-attributes';
import { DateTime } from 'luxon';
import { BreachedClocks, ComplaintStage } from '../../temporal/search-attributes';
import { DAY, JourneyHarness, MINUTE, CLINIC_ZONE } from '../helpers/journey-harness';

// The three cases of [003], end to end on a time-skipping server.

const h = new JourneyHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

test('case 1, post-laser redness: front desk, beautician and doctor assess; a free hydrating treatment is booked; closed', async () => {
  await h.advanceToNext(2, '10:00'); // Tuesday morning
  const c = await h.startComplaint({
    category: 'side-effect',
    severity: 'medium',
    description: 'Redness and swelling after laser treatment worse than expected; asks for a refund.',
  });
  let s = await h.complaintState(c);
  expect(s.owner).toBe('doctor');
  expect(s.participants.map((p) => p.role).sort()).toEqual(['beautician', 'doctor', 'front-desk']);
  await h.untilSent(c.caseId, (e) => e.some((x) => x.kind === 'sms'), 'acknowledgement');
  expect(h.sent(c.caseId, 'sms')[0]!.body).toContain('2時間以内');

  await h.advance(40 * MINUTE);
  await h.decideComplaint(c, 'record-first-contact', {
    staffId: 'front-desk-1',
    note: 'listened, recorded symptoms, apologised',
  });
  await h.decideComplaint(c, 'submit-assessment', {
    role: 'beautician',
    staffId: 'beautician-1',
    findings: 'consultation and procedure records reviewed: settings within protocol',
  });
  await h.decideComplaint(c, 'submit-assessment', {
    role: 'doctor',
    staffId: 'dr-sato',
    findings: 'post-laser erythema, stronger than usual',
    rootCause: 'sensitive skin, normal reaction',
  });
  await h.decideComplaint(c, 'submit-assessment', {
    role: 'front-desk',
    staffId: 'front-desk-1',
    findings: 'complaint recorded with treatment, time and doctor',
  });
  s = await h.complaintState(c);
  expect(s.stage).toBe('planning');
  expect(s.clockViews!.find((v) => v.id === 'first-contact')).toMatchObject({ state: 'stopped', met: true });
  expect(s.clockViews!.find((v) => v.id === 'root-cause')).toMatchObject({ state: 'stopped', met: true });

  await h.decideComplaint(c, 'propose-plan', {
    staffId: 'dr-sato',
    summary: 'Apologise and offer a free hydrating treatment to speed recovery',
    actions: [
      { kind: 'apology', detail: 'apology from the doctor' },
      {
        kind: 'free-treatment',
        detail: 'one free hydrating (moisture infusion) treatment',
        department: 'Dermatology',
      },
    ],
  });
  await h.decideComplaint(c, 'approve-plan', { staffId: 'manager' });
  s = await h.untilComplaint(c, (x) => x.stage === 'awaiting-customer', 'plan sent');
  await h.untilSent(c.caseId, (e) => e.filter((x) => x.kind === 'sms').length === 2, 'plan SMS');
  await h.customerReply(c, 'はい');
  s = await h.untilComplaint(c, (x) => x.stage === 'follow-up', 'executed');
  const booking = h.sent(c.caseId, 'booking');
  expect(booking).toHaveLength(1);
  const slot = DateTime.fromISO((booking[0]!.data!.slot as { at: string }).at, { zone: CLINIC_ZONE });
  expect(slot.weekday).toBe(3); // the next day, Wednesday, in business hours
  expect(slot.toFormat('HH:mm') >= '09:30').toBe(true);

  await h.advance(7 * DAY + MINUTE);
  await h.untilSent(c.caseId, (e) => e.filter((x) => x.kind === 'sms').length === 3, 'follow-up SMS');
  await h.customerReply(c, 'はい');
  s = await h.untilComplaint(c, (x) => x.stage === 'closed', 'closed');
  await h.untilSent(c.caseId, (e) => e.some((x) => x.kind === 'training-case'), 'training case');
  expect(s.breachedClocks).toEqual([]);
  const attributes = (await h.env.client.workflow.getHandle(c.caseId).describe()).typedSearchAttributes;
  expect(attributes.get(ComplaintStage)).toBe('closed');
  expect(attributes.get(BreachedClocks)).toEqual([]);
});

test('case 2, product allergy: refund, consultation fee waived and the supplier told of the batch; accepted at the desk; closed', async () => {
  await h.advanceToNext(2, '10:00'); // Tuesday morning
  const product = { name: 'Hydra Barrier Serum', batch: 'HBS-2026-0412', supplierId: 'sup-dermalab' };
  const c = await h.startComplaint({
    category: 'product',
    severity: 'medium',
    product,
    description: 'Allergic reaction after using the serum the clinic recommended; wants compensation.',
  });
  let s = await h.complaintState(c);
  expect(s.owner).toBe('front-desk');
  expect(s.participants.map((p) => p.role).sort()).toEqual(['beautician', 'doctor', 'front-desk']);

  await h.advance(30 * MINUTE);
  await h.decideComplaint(c, 'record-first-contact', {
    staffId: 'front-desk-2',
    note: 'product, batch and date of use confirmed; photos of the reaction requested',
  });
  await h.decideComplaint(c, 'submit-assessment', {
    role: 'front-desk',
    staffId: 'front-desk-2',
    findings: `bought ${product.name}, batch ${product.batch}; photos received`,
  });
  await h.decideComplaint(c, 'submit-assessment', {
    role: 'beautician',
    staffId: 'beautician-3',
    findings: 'used twice a day as instructed; no known allergies',
    rootCause: 'probable allergy to an ingredient',
  });
  await h.decideComplaint(c, 'submit-assessment', {
    role: 'doctor',
    staffId: 'dr-ito',
    findings: 'contact dermatitis; stop the product, antihistamine cream prescribed, allergen test advised',
    rootCause: 'contact dermatitis from the serum',
  });
  s = await h.complaintState(c);
  expect(s.stage).toBe('planning');

  await h.decideComplaint(c, 'propose-plan', {
    staffId: 'front-desk-2',
    summary: 'Take the product back, waive the consultation fee, ask the supplier about other reports',
    actions: [
      { kind: 'refund', detail: `return of ${product.name}`, amount: 8800 },
      { kind: 'fee-waiver', detail: 'consultation fee of the dermatitis visit', amount: 5500 },
      { kind: 'supplier-notice', detail: 'contact dermatitis reported: any similar reports for this batch?' },
    ],
  });
  await h.decideComplaint(c, 'approve-plan', { staffId: 'manager' });
  await h.untilSent(c.caseId, (e) => e.filter((x) => x.kind === 'sms').length === 2, 'plan SMS');
  // The customer accepts at the desk: staff record it.
  await h.decideComplaint(c, 'record-customer-response', { staffId: 'front-desk-2', accepted: true });
  s = await h.untilComplaint(c, (x) => x.stage === 'follow-up', 'executed');
  expect(s.customerResponse).toMatchObject({ accepted: true, via: 'staff' });
  expect(s.plan!.executed!.map((e) => e.kind)).toEqual(['refund', 'fee-waiver', 'supplier-notice']);

  const billing = h.sent(c.caseId, 'billing');
  expect(billing.map((b) => b.data)).toEqual([
    { customerRef: 'P-2001', kind: 'refund', amount: 8800 },
    { customerRef: 'P-2001', kind: 'fee-waiver', amount: 5500 },
  ]);
  expect(billing[1]!.body).toContain('consultation fee');
  const notices = h.sent(c.caseId, 'supplier-notice');
  expect(notices).toHaveLength(1);
  expect(notices[0]).toMatchObject({
    to: product.supplierId,
    data: { product: product.name, batch: product.batch },
  });

  await h.advance(7 * DAY + MINUTE);
  await h.untilSent(c.caseId, (e) => e.filter((x) => x.kind === 'sms').length === 3, 'follow-up SMS');
  await h.customerReply(c, 'YES');
  s = await h.untilComplaint(c, (x) => x.stage === 'closed', 'closed');
  expect(s.satisfaction).toMatchObject({ satisfied: true, via: 'sms' });
  const [training] = await h
    .untilSent(c.caseId, (e) => e.some((x) => x.kind === 'training-case'), 'training case')
    .then((e) => e.filter((x) => x.kind === 'training-case'));
  expect(training!.data).toEqual({ category: 'product' });
  expect(training!.body).toContain('contact dermatitis from the serum');
  expect(training!.body).toContain('supplier-notice');
  await h.untilSent(c.caseId, (e) => e.filter((x) => x.kind === 'sms').length === 4, 'closing note');
});

test('case 3, disappointing results: the doctor adjusts the plan and books a free trial session; accepted by SMS "YES"; closed', async () => {
  await h.advanceToNext(2, '10:00');
  const c = await h.startComplaint({
    category: 'treatment-outcome',
    severity: 'low',
    description: 'Several pigmentation-removal sessions with little visible effect; doubts the treatment.',
  });
  let s = await h.complaintState(c);
  expect(s.owner).toBe('doctor');
  expect(s.participants.map((p) => p.role).sort()).toEqual(['doctor', 'front-desk']);

  await h.decideComplaint(c, 'record-first-contact', {
    staffId: 'front-desk-1',
    note: 'listened; explained results take time; suggested talking to the doctor',
  });
  await h.decideComplaint(c, 'submit-assessment', {
    role: 'doctor',
    staffId: 'dr-sato',
    findings: 'pigmentation re-assessed; response slower than average for this skin type',
    rootCause: 'laser type not the best fit for this pigmentation',
  });
  s = await h.complaintState(c);
  expect(s.stage).toBe('investigating'); // still waiting for the front desk
  await h.decideComplaint(c, 'submit-assessment', {
    role: 'front-desk',
    staffId: 'front-desk-1',
    findings: 'customer concerns recorded',
  });
  s = await h.complaintState(c);
  expect(s.stage).toBe('planning');

  await h.decideComplaint(c, 'propose-plan', {
    staffId: 'dr-sato',
    summary: 'Switch laser and offer a free trial session of the new plan',
    actions: [
      { kind: 'plan-adjustment', detail: 'switch to picosecond laser, three more sessions' },
      {
        kind: 'free-treatment',
        detail: 'one free trial session of the new laser',
        department: 'Dermatology',
      },
    ],
  });
  await h.decideComplaint(c, 'approve-plan', { staffId: 'manager' });
  await h.untilSent(c.caseId, (e) => e.filter((x) => x.kind === 'sms').length === 2, 'plan SMS');
  await h.customerReply(c, 'YES');
  s = await h.untilComplaint(c, (x) => x.stage === 'follow-up', 'executed');
  expect(s.customerResponse).toMatchObject({ accepted: true, via: 'sms' });

  const notes = h.sent(c.caseId, 'ehr-note');
  expect(notes).toHaveLength(1);
  expect(notes[0]!.body).toContain('switch to picosecond laser, three more sessions');
  expect(notes[0]!.data).toEqual({ patientRef: 'P-2001', channel: 'note' });
  const bookings = h.sent(c.caseId, 'booking');
  expect(bookings).toHaveLength(1);
  expect(bookings[0]!.data).toMatchObject({
    patientRef: 'P-2001',
    slot: { department: 'Dermatology' },
  });
  const slot = DateTime.fromISO((bookings[0]!.data!.slot as { at: string }).at, { zone: CLINIC_ZONE });
  expect(slot > DateTime.fromJSDate(await h.now()).plus({ hours: 23 })).toBe(true); // from the next day on

  await h.advance(7 * DAY + MINUTE);
  await h.untilSent(c.caseId, (e) => e.filter((x) => x.kind === 'sms').length === 3, 'follow-up SMS');
  await h.customerReply(c, 'YES');
  s = await h.untilComplaint(c, (x) => x.stage === 'closed', 'closed');
  expect(s.reopenCount).toBe(0);
  await h.untilSent(c.caseId, (e) => e.some((x) => x.kind === 'training-case'), 'training case');
});

test('a low closing-survey score opens a complaint linked to the journey both ways', async () => {
  await h.advanceToNext(1, '10:00');
  const contactKey = 'c0ffee0123456789abcdef0123456789';
  const j = await h.start(
    {
      surgery: {
        procedureCode: 'filler-injection',
        performedAt: (await h.now()).toISOString(),
        surgeonId: 'dr-sato',
      },
    },
    {},
    contactKey,
  );
  await h.advance(13 * DAY + 2 * 60 * MINUTE); // the survey goes out on day 13
  await h.until(j, (x) => x.stage === 'survey', 'survey sent');
  await h.reply(j, '2 not what I hoped');
  const caseId = `complaint:${j.clinic.id}:survey-${j.surgery.id}`;
  const journey = await h.until(j, (x) => x.complaints.length > 0, 'complaint opened');
  expect(journey.survey).toMatchObject({ score: 2, comment: 'not what I hoped' });
  expect(journey.complaints).toEqual([caseId]);

  const linked = { caseId } as Parameters<typeof h.complaintState>[0];
  const s = await h.untilComplaint(linked, (x) => x.timeline.length > 0, 'the linked complaint to start');
  expect(s).toMatchObject({
    caseId,
    journeyId: j.journeyId,
    channel: 'survey',
    category: 'treatment-outcome',
    severity: 'medium',
    owner: 'doctor',
    stage: 'awaiting-first-contact',
  });
  // The complaint's link back to the journey does not add it twice.
  expect((await h.state(j)).complaints).toEqual([caseId]);
  // The patient's contact key goes with it: her SMS answers find the complaint after the journey.
  const described = await h.env.client.workflow.getHandle(caseId).describe();
  expect(described.typedSearchAttributes.get(ContactKey)).toBe(contactKey);
});
