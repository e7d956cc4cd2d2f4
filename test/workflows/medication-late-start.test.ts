import { defaultPayloadConverter } from '@temporalio/common';
import { DateTime } from 'luxon';
import type { AdherenceSummary } from '../../domain/journey';
import { recordQuery } from '../../workflows/child-definitions';
import type { MedicationCourseInput } from '../../workflows/medication-course';
import { medicationCourse } from '../../workflows/medication-course';
import type { MedicationRemindersInput } from '../../workflows/medication-reminders';
import { medicationReminders } from '../../workflows/medication-reminders';
import { TEST_DATA_CONVERTER } from '../helpers/environments';
import { clinic } from '../helpers/fixtures';
import { CLINIC_ZONE, HOUR, JourneyHarness, localTime } from '../helpers/journey-harness';

// A medication course whose first workflow task comes late — the worker had a backlog, or was
// down, when the journey started its children — still reminds the doses that fell due since the
// patient was registered, at once while a reply still counts, instead of dropping them for being
// in its past. Found by the reminders benchmark (issue 13): 300 journeys with one dose in the same
// minute, none reminded, because every course's first task came after that minute.

const stamps = new Map<string, number>();
const h = new JourneyHarness((dev) => ({
  ...dev,
  sms: {
    send: async (m) => {
      if (!stamps.has(m.idempotencyKey)) stamps.set(m.idempotencyKey, await h.env.currentTimeMs());
      return dev.sms.send(m);
    },
  },
}));
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tokyo = (at: Date) => DateTime.fromJSDate(at, { zone: CLINIC_ZONE });

// Both workflow types: the one of journeys started before one-medication-workflow still runs.
test.each(['medicationCourse', 'medicationReminders'] as const)(
  'medication (%s): a course started after a dose fell due reminds it at once; doses before registration or past their reply window are not',
  async (type) => {
    const registered = await h.advanceToNext(1, '06:00'); // the patient is registered
    await h.advance(4 * HOUR + 30 * 60_000); // Mon 10:30: the journey's children start only now
    const day = tokyo(registered).toISODate()!;
    const journeyId = `J-late-${Math.random().toString(36).slice(2)}`;
    const courseId = `${journeyId}:medication-rx-1`;
    const input: MedicationCourseInput = {
      courseId,
      journeyId, // no journey: its reports are dropped with a warning
      clinicName: clinic.name,
      prescription: {
        id: 'rx-1',
        name: 'Cefalexin',
        dose: '500 mg',
        times: ['05:00', '07:00', '10:05', '20:00'],
        days: 1,
      },
      startDate: day,
      quietHours: { start: '22:00', end: '06:00' },
      registeredAt: registered.toISOString(),
      patient: { phone: '+819012345678', language: 'ja', timeZone: CLINIC_ZONE, optedOut: false },
    };
    const { prescription, startDate, quietHours, clinicName, patient } = input;
    const reminders: MedicationRemindersInput = {
      journeyId,
      clinicName,
      courses: [{ courseId, prescription, startDate }],
      quietHours,
      registeredAt: registered.toISOString(),
      patient,
    };
    const workflowId = type === 'medicationCourse' ? courseId : `${journeyId}:medication`;
    if (type === 'medicationCourse')
      await h.env.client.workflow.start(medicationCourse, {
        taskQueue: h.taskQueue,
        workflowId,
        args: [input],
      });
    else
      await h.env.client.workflow.start(medicationReminders, {
        taskQueue: h.taskQueue,
        workflowId,
        args: [reminders],
      });
    const counts = async () => {
      const r = (await h.env.client.workflow.getHandle(workflowId).query(recordQuery)) as
        AdherenceSummary | AdherenceSummary[];
      return Array.isArray(r) ? r[0]! : r;
    };
    let record: AdherenceSummary | undefined;
    for (let i = 0; i < 400 && record?.scheduled !== 1; i++) {
      record = await counts();
      if (record.scheduled !== 1) await wait(25);
    }
    // 05:00 was before registration; 07:00's reply window (3 h) closed at 10:00; 20:00 is ahead.
    expect(record).toMatchObject({ courseId, scheduled: 1, status: 'active' });
    expect(
      [...stamps]
        .filter(([key]) => key.startsWith(courseId))
        .map(([key, at]) => `${key} at ${localTime(new Date(at))}`),
    ).toEqual([`${courseId}:${day} 10:05 at Mon 10:30`]);
  },
);

test('medication: the journey gives each course the time the patient was registered', async () => {
  await h.advanceToNext(1, '10:00');
  const registeredAt = new Date((await h.now()).getTime() - 60_000).toISOString();
  const j = await h.start(
    { prescriptions: [{ id: 'rx-1', name: 'Cefalexin', dose: '500 mg', times: ['20:00'], days: 1 }] },
    { registeredAt },
  );
  const history = await h.env.client.workflow.getHandle(`${j.journeyId}:medication`).fetchHistory();
  const [payload] = await TEST_DATA_CONVERTER.payloadCodecs![0]!.decode([
    history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!,
  ]);
  const remindersInput = defaultPayloadConverter.fromPayload<MedicationRemindersInput>(payload!);
  expect(remindersInput.registeredAt).toBe(registeredAt);
});
