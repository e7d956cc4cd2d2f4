import { assessContact } from '../../domain/after-hours';
import { toContactInput } from '../../domain/contact';
import type { ContactInput } from '../../domain/contact';
import type { CareJourneyInput, JourneyState } from '../../domain/journey';
import type { Language } from '../../domain/language';
import { CALLBACK_SOON_MINUTES, NOT_UNDERSTOOD, PLEA_FOR_HELP } from '../../domain/triage';
import { contact } from '../../workflows';
import { contactStateQuery } from '../../workflows/contact-definitions';
import { CLINIC_ZONE, clinic, journeyInput } from '../helpers/fixtures';
import { DAY, HOUR, JourneyHarness, MINUTE } from '../helpers/journey-harness';

// No reply is ever misread into silence (issue 8 §3), on the time-skipping server: a survey
// answer never hides a symptom, a plea for help or an unreadable reply is never answered with
// reassurance (journey and after-hours contact), every emergency instruction names the clinic's
// emergency number, and a complaint raised by the survey shows the patient's words.

// One time-skipping server per group: a group's journeys keep running (check-ins, pages) and
// would otherwise slow every later clock jump on a small machine.
let h: JourneyHarness;
function ownServer(): void {
  const harness = new JourneyHarness();
  beforeAll(async () => {
    h = harness;
    await harness.setUp();
  });
  afterAll(() => harness.tearDown());
}
const start = (...args: Parameters<JourneyHarness['start']>) => h.start(...args);

const patient = (language: Language) => ({
  ref: 'P-1001',
  phone: '+819012345678',
  language,
  timeZone: CLINIC_ZONE, // the patient lives where the clinic is: the tests speak of its local times
});

/** A filler-injection journey started on a Monday 10:00 in Tokyo, moved to its open closing survey. */
async function atSurvey(language: Language): Promise<CareJourneyInput> {
  await h.advanceToNext(1, '10:00');
  const j = await start({
    patient: patient(language),
    surgery: {
      procedureCode: 'filler-injection',
      performedAt: (await h.now()).toISOString(),
      surgeonId: 'dr-sato',
    },
  });
  await h.advance(13 * DAY + 2 * HOUR); // the survey goes out on day 13
  await h.until(j, (x) => x.stage === 'survey' && x.survey?.sentAt !== undefined, 'survey sent');
  return j;
}

const smsFor = (j: CareJourneyInput, replyId: string) =>
  h.untilSent(j, (e) => e.some((x) => x.idempotencyKey === `${j.journeyId}:reply-${replyId}`), 'the answer');
const answerTo = (j: CareJourneyInput, replyId: string) =>
  h.sent(j, 'sms').find((x) => x.idempotencyKey === `${j.journeyId}:reply-${replyId}`)!.body!;

describe('a survey answer never hides a symptom', () => {
  ownServer();

  test.each([
    ['en', "3 days now the bleeding won't stop and I can't breathe", 'emergency services (119)'],
    ['ja', '1 まだ出血が止まらない、息が苦しい', '119番'],
    ['zh-Hant', '2 傷口血流不止，喘不過氣', '撥打119'],
  ] as const)(
    '(%s) %j while the survey is open: an emergency, not a score and no complaint',
    async (language, text, dial) => {
      const j = await atSurvey(language);
      const replyId = await h.reply(j, text);
      const s = await h.until(
        j,
        (x) => x.escalations.length > 0 && x.transfers.length > 0,
        'escalation and transfer',
      );
      expect(s.escalations[0]).toMatchObject({ severity: 'emergency', status: 'paging' });
      expect(s.lastTriage?.severity).toBe('emergency');
      expect(s.transfers).toHaveLength(1);
      // The score is not taken: no complaint, no "the manager will call", the survey still open.
      expect(s.survey?.score).toBeUndefined();
      expect(s.complaints).toEqual([]);
      await smsFor(j, replyId);
      expect(answerTo(j, replyId)).toContain(dial);
      expect(h.sent(j, 'sms').some((x) => x.idempotencyKey.endsWith(':survey-thanks'))).toBe(false);
      const held = s.timeline.find((e) => e.event === 'survey-score-not-taken');
      if (text.startsWith('3 days'))
        expect(held).toBeUndefined(); // "3 days" is no score at all
      else expect(held?.detail).toMatch(/^score [12]:/);
    },
  );

  test('(ja) after the emergency the survey can still be answered, and then it counts', async () => {
    const j = await atSurvey('ja');
    await h.reply(j, '1 まだ出血が止まらない、息が苦しい');
    await h.until(j, (x) => x.escalations.length > 0, 'escalation');
    await h.reply(j, '4');
    const s = await h.until(j, (x) => x.survey?.score === 4, 'survey answered');
    expect(s.complaints).toEqual([]);
  });

  test('(en) a score with a benign comment is the survey answer, and the complaint shows the words', async () => {
    const j = await atSurvey('en');
    await h.reply(j, '2 the wait was long and nobody explained the bill');
    const s = await h.until(j, (x) => x.complaints.length > 0, 'complaint opened');
    expect(s.survey).toMatchObject({ score: 2, comment: 'the wait was long and nobody explained the bill' });
    expect(s.escalations).toEqual([]);
    expect(s.tasks.filter((t) => t.kind === 'nurse-callback')).toEqual([]);
    const caseId = s.complaints[0]!;
    const c = await h.untilComplaint({ caseId } as never, (x) => x.timeline.length > 0, 'complaint started');
    expect(c.survey).toEqual({ score: 2, comment: 'the wait was long and nobody explained the bill' });
    const sent = await h.untilSent(caseId, (e) => e.some((x) => x.kind === 'task'), 'owner task');
    expect(sent.find((x) => x.kind === 'task')!.body).toContain(
      'Closing survey score 2/5: "the wait was long and nobody explained the bill"',
    );
  });

  test('(zh-Hant) a low bare score opens a complaint whose task says there was no comment', async () => {
    const j = await atSurvey('zh-Hant');
    await h.reply(j, '１');
    const s = await h.until(j, (x) => x.complaints.length > 0, 'complaint opened');
    expect(s.survey).toMatchObject({ score: 1 });
    const caseId = s.complaints[0]!;
    const c = await h.untilComplaint({ caseId } as never, (x) => x.timeline.length > 0, 'complaint started');
    expect(c.survey).toEqual({ score: 1 });
    const tasks = await h.untilSent(caseId, (e) => e.some((x) => x.kind === 'task'), 'owner task');
    expect(tasks.find((x) => x.kind === 'task')!.body).toContain('Closing survey score 1/5 (no comment)');
  });
});

describe('a plea for help or an unreadable reply is never answered with reassurance', () => {
  ownServer();

  test.each([
    ['en', 'help??', PLEA_FOR_HELP, /nurse will call you shortly.*emergency services \(119\)/s],
    ['ja', '救命??', PLEA_FOR_HELP, /看護師からお電話.*119番/s],
    ['zh-Hant', '救命??', PLEA_FOR_HELP, /護理師將盡快致電.*119/s],
    ['en', 'I feel weird', NOT_UNDERSTOOD, /nurse will call you shortly/],
    ['ja', 'なんか変です', NOT_UNDERSTOOD, /看護師からお電話/],
    ['zh-Hant', '怪怪的', NOT_UNDERSTOOD, /護理師將盡快致電/],
  ] as const)(
    '(%s) %j on a Sunday night: a nurse callback within minutes and a neutral answer at once',
    async (language, text, reason, answer) => {
      await h.advanceToNext(7, '23:00'); // clinic closed, patient quiet hours
      const j = await start({ patient: patient(language) });
      const at = await h.now();
      const replyId = await h.reply(j, text);
      const s = await h.until(j, (x) => x.lastTriage !== null, 'triaged');
      expect(s.lastTriage).toMatchObject({ severity: 'concern', reasons: [reason] });
      const task = s.tasks.find((t) => t.kind === 'nurse-callback');
      expect(task).toMatchObject({ role: 'nurse', status: 'open' });
      expect(task!.summary).toContain(text);
      const due = new Date(task!.dueAt).getTime() - at.getTime();
      expect(due).toBeGreaterThan(0);
      expect(due).toBeLessThanOrEqual(CALLBACK_SOON_MINUTES * MINUTE + 5_000);
      expect(s.risk).toBe('concern');
      await smsFor(j, replyId); // urgent: not held until the end of quiet hours
      const body = answerTo(j, replyId);
      expect(body).toMatch(answer);
      expect(body).not.toMatch(/on track|順調|順利/);
      await h.untilSent(
        j,
        (e) => e.some((x) => x.kind === 'task' && x.data?.kind === 'nurse-callback'),
        'task',
      );
    },
  );

  test.each([
    ['en', "I'm fine, no bleeding", /on track/],
    ['ja', '大丈夫です、ありがとうございます', /順調/],
    ['zh-Hant', '還好，沒事', /順利/],
  ] as const)('(%s) %j is understood: reassurance, no callback', async (language, text, reassurance) => {
    await h.advanceToNext(2, '11:00');
    const j = await start({ patient: patient(language) });
    const replyId = await h.reply(j, text);
    await h.until(j, (x) => x.lastTriage !== null, 'triaged');
    await h.advance(1 * MINUTE);
    await smsFor(j, replyId);
    expect(answerTo(j, replyId)).toMatch(reassurance);
    expect((await h.state(j)).tasks.filter((t) => t.kind === 'nurse-callback')).toEqual([]);
  });
});

describe('the after-hours contact path gives the same safety', () => {
  ownServer();

  let n = 0;
  async function startContact(text: string, language: Language, at = clinic): Promise<ContactInput> {
    const input = toContactInput(
      at,
      {
        contactId: `RS${++n}${Math.random().toString(36).slice(2, 8)}`,
        channel: 'sms',
        source: 'after-hours',
        phone: '+819087654321',
        language,
        text,
      },
      assessContact({ text, language }),
    );
    await h.env.client.workflow.start(contact, {
      taskQueue: h.taskQueue,
      workflowId: input.caseId,
      args: [input],
    });
    return input;
  }

  test.each([
    ['en', 'help??', /nurse will call you shortly.*emergency services \(119\)/s],
    ['ja', '救命??', /看護師からお電話.*119番/s],
    ['zh-Hant', '救命??', /護理師將盡快致電.*119/s],
  ] as const)(
    '(%s) %j on a Sunday night: a nurse calls back within minutes, not the front desk on Monday',
    async (language, text, answer) => {
      await h.advanceToNext(7, '23:00');
      const at = await h.now();
      const c = await startContact(text, language);
      await h.env.client.workflow.getHandle(c.caseId).result();
      const s = await h.env.client.workflow.getHandle(c.caseId).query(contactStateQuery);
      expect(s).toMatchObject({ urgency: 'non-urgent', answer: 'reply-unclear' });
      expect(s.reasons).toEqual([PLEA_FOR_HELP]);
      const [task] = h.sent(c.caseId, 'task');
      expect(task).toMatchObject({
        to: 'nurse',
        data: { kind: 'contact-callback', callbackPhone: '+819087654321' },
      });
      expect(new Date(task!.data!.dueAt as string).getTime() - at.getTime()).toBeLessThanOrEqual(
        CALLBACK_SOON_MINUTES * MINUTE + 5_000,
      );
      expect(task!.body).toContain(text);
      const [sms] = h.sent(c.caseId, 'sms');
      expect(sms!.body).toMatch(answer);
    },
  );

  test('an emergency contact is told the number from the clinic config', async () => {
    await h.advanceToNext(7, '23:00');
    const c = await startContact("I can't breathe", 'en', { ...clinic, emergencyNumber: '999' });
    await h.untilSent(c.caseId, (e) => e.some((x) => x.kind === 'sms'), 'the answer');
    expect(h.sent(c.caseId, 'sms')[0]!.body).toContain('call emergency services (999) now');
    await h.env.client.workflow.getHandle(c.caseId).terminate('test over');
  });
});

describe('every emergency instruction names the number from the clinic config', () => {
  ownServer();

  test.each(['en', 'ja', 'zh-Hant'] as const)(
    '(%s) after-care, emergency instruction and the escalation fallback all name 999',
    async (language) => {
      await h.advanceToNext(3, '14:00');
      const pinned = journeyInput().clinic;
      const j = await start(
        { patient: patient(language) },
        { clinic: { ...pinned, emergencyNumber: '999' } },
      );
      const afterCare = await h.untilSent(
        j,
        (e) => e.some((x) => x.idempotencyKey.endsWith(':after-care')),
        'after-care',
      );
      expect(afterCare.find((x) => x.idempotencyKey.endsWith(':after-care'))!.body).toContain('999');
      const replyId = await h.reply(
        j,
        language === 'en' ? "I can't breathe" : language === 'ja' ? '息が苦しい' : '喘不過氣',
      );
      await smsFor(j, replyId);
      const instruction = answerTo(j, replyId);
      expect(instruction).toContain('999');
      expect(instruction).not.toContain('119');
      if (language === 'en') expect(instruction).toContain('call emergency services (999) now');
      // Nobody acknowledges: the escalation's last resort tells the patient the same number.
      const s: JourneyState = await h.until(j, (x) => x.escalations.length > 0, 'escalation');
      for (let i = 0; i < 8; i++) await h.advance(5 * MINUTE);
      expect(s.escalations[0]!.severity).toBe('emergency');
      const fallback = await h.untilSent(
        j,
        (e) => e.some((x) => x.kind === 'sms' && x.idempotencyKey.endsWith(':patient-emergency')),
        'the fallback instruction',
      );
      const last = fallback.find((x) => x.idempotencyKey.endsWith(':patient-emergency'))!.body!;
      expect(last).toContain('999');
      expect(last).not.toContain('119');
    },
  );

  test.each(['en', 'ja', 'zh-Hant'] as const)('(%s) the check-in names it too', async (language) => {
    await h.advanceToNext(3, '14:00');
    const pinned = journeyInput().clinic;
    const j = await start(
      {
        patient: patient(language),
        surgery: {
          procedureCode: 'filler-injection',
          performedAt: (await h.now()).toISOString(),
          surgeonId: 'dr-sato',
        },
      },
      { clinic: { ...pinned, emergencyNumber: '999' } },
    );
    await h.advance(4 * HOUR + MINUTE); // the first-night check-in, at 18:00
    const sent = await h.untilSent(
      j,
      (e) => e.some((x) => x.idempotencyKey.endsWith(':check-in-first-night')),
      'check-in',
    );
    const body = sent.find((x) => x.idempotencyKey.endsWith(':check-in-first-night'))!.body!;
    expect(body).toContain('999');
    expect(body).not.toContain('119');
  });
});
