import { localTime, HOUR, JourneyHarness } from '../helpers/journey-harness';

// A child workflow that stops for any reason is reported to the journey, which opens a task for a
// human and never shows the dead child as live: by the child's own report, which reaches the
// journey's later runs after continue-as-new (the run that started it also watches its handle).

const h = new JourneyHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

test('an escalation cancelled by an operator: not shown as live, and the director gets one task', async () => {
  expect(localTime(await h.advanceToNext(2, '14:00'))).toBe('Tue 14:00');
  const j = await h.start();
  await h.reply(j, 'pain 9, it is getting worse');
  let s = await h.until(j, (x) => x.openEscalations.length === 1, 'escalation');
  const incidentId = s.escalations[0]!.incidentId;
  // Once the first level is paged (call and SMS), the escalation waits for an acknowledgement.
  await h.untilSent(
    j,
    (e) => e.filter((m) => m.idempotencyKey.startsWith(`${incidentId}:t0`)).length === 2,
    'pages',
  );
  await h.env.client.workflow.getHandle(incidentId).cancel();
  s = await h.until(j, (x) => x.escalations[0]!.status === 'cancelled', 'stopped escalation');
  expect(s.escalations[0]!.failure).toBe('cancelled');
  expect(s.openEscalations).toEqual([]);
  expect(s.risk).toBe('normal');
  // Reported twice (by the child and by its handle), taken once.
  await new Promise((r) => setTimeout(r, 500));
  s = await h.state(j);
  const tasks = s.tasks.filter((t) => t.kind === 'director');
  expect(tasks).toHaveLength(1);
  expect(tasks[0]!.summary).toContain(`Incident ${incidentId}: the escalation stopped (cancelled)`);
});

test('medication reminders cancelled after the journey continued as new: the new run learns it from the child', async () => {
  expect(localTime(await h.advanceToNext(1, '10:00'))).toBe('Mon 10:00');
  const j = await h.start(
    {
      prescriptions: [
        { id: 'rx-1', name: 'Amoxicillin', dose: '250 mg', times: ['08:00', '20:00'], days: 14 },
      ],
    },
    { historyLimit: 60 },
  );
  let s = await h.state(j);
  for (let i = 0; i < 40 && s.run === 1; i++) {
    await h.advance(6 * HOUR);
    s = await h.state(j);
  }
  expect(s.run).toBeGreaterThan(1); // this run did not start the course: it holds no handle to it
  await h.env.client.workflow.getHandle(`${j.journeyId}:medication`).cancel();
  s = await h.until(j, (x) => x.adherence[0]!.status === 'cancelled', 'course reported stopped');
  expect(
    s.tasks.some(
      (t) => t.kind === 'missed-doses' && t.summary.includes('Amoxicillin') && t.summary.includes('stopped'),
    ),
  ).toBe(true);
}, 240_000);
