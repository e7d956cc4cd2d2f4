import { newCredential, parseCredentials } from '../../config/credentials';
import { contactWithin, renderComplaintMessage } from '../../domain/complaint-messages';
import { decisionActor } from '../../domain/access';
import { surgeryTimingProblem, windowPassed } from '../../domain/late-registration';
import type { DoseOutcome, OpenDose } from '../../domain/medication';
import { completesMissedRun, doseForReply, DOSE_REPLY_WINDOW_MS } from '../../domain/medication';
import { getProtocol } from '../../domain/protocol-catalogue';
import { checkInsFromProtocol } from '../../domain/protocol-migration';
import { reconfirmationTime } from '../../domain/visit-reconfirmation';
import { clinic, clinics } from '../helpers/fixtures';

// Issue 8 §4, the pure parts: which dose a reply answers, when a late registration skips a
// check-in, when a return visit is re-confirmed, what the complaint acknowledgement promises,
// and who a decision is recorded as made by.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const QUIET = { start: '21:00', end: '08:00' };
const TOKYO = 'Asia/Tokyo';
const NEW_YORK = 'America/New_York';

describe('medication: the dose a reply answers', () => {
  const t0 = Date.parse('2026-12-07T13:38:00+09:00');
  const open: OpenDose[] = [
    { seq: 0, key: '2026-12-07 13:38', remindedAt: t0 },
    { seq: 1, key: '2026-12-07 13:39', remindedAt: t0 + MINUTE },
    { seq: 2, key: '2026-12-07 13:40', remindedAt: t0 + 2 * MINUTE },
  ];

  it('is the most recently reminded open dose', () => {
    expect(doseForReply(open, t0 + 3 * MINUTE)?.seq).toBe(2);
    expect(doseForReply(open.slice(0, 2), t0 + 3 * MINUTE)?.seq).toBe(1);
  });

  it('is never a dose reminded after the reply came', () => {
    expect(doseForReply(open, t0 + 30_000)?.seq).toBe(0);
    expect(doseForReply(open, t0 - 1)).toBeUndefined();
  });

  it('is none once every reply window has ended', () => {
    expect(doseForReply(open, t0 + 2 * MINUTE + DOSE_REPLY_WINDOW_MS)).toBeUndefined();
    expect(doseForReply(open, t0 + MINUTE + DOSE_REPLY_WINDOW_MS)?.seq).toBe(2);
    expect(DOSE_REPLY_WINDOW_MS).toBe(3 * HOUR);
  });
});

describe('medication: two consecutive misses raise one alert per run', () => {
  const run = (outcomes: (DoseOutcome | undefined)[], seq: number) => completesMissedRun(outcomes, seq, 2);

  it('alerts at the second miss in a row, not at the first or the third', () => {
    expect(run(['missed'], 0)).toBe(false);
    expect(run(['missed', 'missed'], 1)).toBe(true);
    expect(run(['missed', 'missed', 'missed'], 2)).toBe(false);
  });

  it('a taken dose breaks the run', () => {
    expect(run(['missed', 'taken', 'missed'], 2)).toBe(false);
  });

  it('counts in dose order when doses close out of order', () => {
    // Dose 1 closed first (unanswered), then dose 0: the run is complete when dose 0 closes.
    expect(run([undefined, 'missed'], 1)).toBe(false);
    expect(run(['missed', 'missed'], 0)).toBe(true);
    // Two single misses joined by the dose between them: one run of three, one alert.
    expect(run(['missed', 'missed', 'missed'], 1)).toBe(true);
  });

  it('a taken dose is no miss', () => {
    expect(run(['missed', 'taken'], 1)).toBe(false);
  });
});

describe('late registration: check-ins whose window has passed are skipped-late', () => {
  const protocol = getProtocol('rhinoplasty@2')!; // first-night 18 h (6 h window), nurse call 48 h (4 h), day-7 …
  const surgeryAt = new Date('2026-12-07T10:00:00+09:00');
  const statuses = (startedAt?: Date) =>
    checkInsFromProtocol(protocol, surgeryAt, startedAt).map((c) => [c.id, c.status]);

  it('without a start time (or at the surgery) nothing is skipped', () => {
    expect(statuses().every(([, s]) => s === 'scheduled')).toBe(true);
    expect(statuses(surgeryAt).every(([, s]) => s === 'scheduled')).toBe(true);
  });

  it('three days after the surgery: the first night and the day-2 call are skipped, day 7 onwards stay', () => {
    expect(statuses(new Date(surgeryAt.getTime() + 3 * DAY))).toEqual([
      ['first-night', 'skipped-late'],
      ['nurse-call-day-2', 'skipped-late'],
      ['day-7', 'scheduled'],
      ['day-14', 'scheduled'],
      ['day-21', 'scheduled'],
      ['day-30', 'scheduled'],
    ]);
  });

  it('a check-in still inside its reply window is sent late; at the window end it is skipped', () => {
    const firstNight = (hours: number) => statuses(new Date(surgeryAt.getTime() + hours * HOUR))[0];
    expect(firstNight(18 + 5)).toEqual(['first-night', 'scheduled']); // due 18 h, window 6 h
    expect(firstNight(18 + 6)).toEqual(['first-night', 'skipped-late']);
  });

  it('a due check-in is skipped when a later one is already due: only the most recent is sent', () => {
    const all = checkInsFromProtocol(protocol, surgeryAt);
    const startedAt = new Date(surgeryAt.getTime() + (7 * 24 + 1) * HOUR); // day-7 due an hour ago
    const dayTwo = all.find((c) => c.id === 'nurse-call-day-2')!;
    const day7 = all.find((c) => c.id === 'day-7')!;
    expect(windowPassed(day7, all, startedAt)).toBe(false);
    expect(windowPassed({ ...dayTwo, replyWindowHours: 72 * 24 }, all, startedAt)).toBe(true);
  });
});

describe('late registration: surgery.performedAt', () => {
  const now = new Date('2026-12-07T10:00:00Z');
  const at = (ms: number) => new Date(now.getTime() + ms).toISOString();

  it('up to 24 hours ahead and within the follow-up is fine', () => {
    expect(surgeryTimingProblem(at(24 * HOUR), 42, now)).toBeUndefined();
    expect(surgeryTimingProblem(at(0), 42, now)).toBeUndefined();
    expect(surgeryTimingProblem(at(-42 * DAY + MINUTE), 42, now)).toBeUndefined();
  });

  it('more than 24 hours ahead is a 400 naming the field', () => {
    expect(surgeryTimingProblem(at(24 * HOUR + MINUTE), 42, now)).toMatchObject({
      status: 400,
      field: 'surgery.performedAt',
    });
  });

  it("older than the protocol's follow-up is a 422 naming the field", () => {
    expect(surgeryTimingProblem(at(-42 * DAY), 42, now)).toMatchObject({
      status: 422,
      field: 'surgery.performedAt',
      message: expect.stringContaining('42-day follow-up'),
    });
  });
});

describe('return visit: re-confirmation time', () => {
  const local = (at: Date, zone = TOKYO) =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(at);
  const thu = (time: string) => new Date(`2026-12-17T${time}:00+09:00`); // a Thursday
  const longBefore = new Date('2026-12-01T00:00:00Z');

  it('at 10:00 on the day before (reconfirmDaysBefore 1), whatever the visit time', () => {
    for (const time of ['09:00', '11:00', '16:30', '07:30']) {
      const r = reconfirmationTime(thu(time), 1, TOKYO, QUIET, longBefore);
      expect([local(r.at), r.late]).toEqual(['Wed 10:00', false]);
    }
  });

  it('two days before with reconfirmDaysBefore 2', () => {
    expect(local(reconfirmationTime(thu('11:00'), 2, TOKYO, QUIET, longBefore).at)).toBe('Tue 10:00');
  });

  it("in the patient's zone, not the clinic's", () => {
    const visit = new Date('2026-12-17T11:00:00-05:00'); // Thursday in New York
    expect(local(reconfirmationTime(visit, 1, NEW_YORK, QUIET, longBefore).at, NEW_YORK)).toBe('Wed 10:00');
  });

  it('never in quiet hours: quiet hours that cover 10:00 move it to their end', () => {
    const late = { start: '21:00', end: '10:30' };
    expect(local(reconfirmationTime(thu('11:00'), 1, TOKYO, late, longBefore).at)).toBe('Wed 10:30');
  });

  it('a visit booked less than that ahead is re-confirmed at once, after quiet hours at night', () => {
    const wedNoon = new Date('2026-12-16T12:00:00+09:00');
    expect(reconfirmationTime(thu('11:00'), 1, TOKYO, QUIET, wedNoon)).toEqual({ at: wedNoon, late: true });
    const wedNight = new Date('2026-12-16T23:00:00+09:00');
    const r = reconfirmationTime(thu('11:00'), 1, TOKYO, QUIET, wedNight);
    expect([local(r.at), r.late]).toEqual(['Thu 08:00', true]);
  });
});

describe('complaint acknowledgement: the real first-contact target', () => {
  it.each([
    [30, '30 minutes', '30分', '30分鐘'],
    [60, '1 hour', '1時間', '1小時'],
    [90, '1 hour 30 minutes', '1時間30分', '1小時30分鐘'],
    [120, '2 hours', '2時間', '2小時'],
    [1, '1 minute', '1分', '1分鐘'],
  ])('%i minutes', (minutes, en, ja, zh) => {
    expect([
      contactWithin(minutes, 'en'),
      contactWithin(minutes, 'ja'),
      contactWithin(minutes, 'zh-Hant'),
    ]).toEqual([en, ja, zh]);
  });

  it.each([
    ['en', 'within 30 minutes.'],
    ['ja', '30分以内に担当者よりご連絡いたします。'],
    ['zh-Hant', '專人將於30分鐘內與您聯繫。'],
  ] as const)('a 30-minute target in %s promises 30 minutes, not an hour', (language, promise) => {
    const text = renderComplaintMessage({
      template: 'complaint-received',
      language,
      params: { clinicName: 'Aoyama', reference: 'C-1', contactWithinMinutes: 30 },
    });
    expect(text).toContain(promise);
    expect(text).not.toMatch(/hour|時間以内|小時/);
  });
});

describe('who decided', () => {
  it("a person's credential records its own staffId, whatever the body leaves out", () => {
    expect(decisionActor('nurse-tanaka', undefined)).toEqual({ staffId: 'nurse-tanaka' });
    expect(decisionActor('nurse-tanaka', 'nurse-tanaka')).toEqual({ staffId: 'nurse-tanaka' });
  });

  it("a person's credential may not name someone else", () => {
    expect(decisionActor('nurse-tanaka', 'dr-sato')).toEqual({ refused: 'another-person' });
  });

  it("a system's credential is trusted to name the person, and must", () => {
    expect(decisionActor(undefined, 'dr-sato')).toEqual({ staffId: 'dr-sato' });
    expect(decisionActor(undefined, undefined)).toEqual({ refused: 'nobody-named' });
  });
});

describe('credentials issued to a member of staff', () => {
  it('carry the staffId into the credentials file, and a system credential none', () => {
    const person = newCredential(
      'nurse-tanaka-api',
      clinic.id,
      'nurse',
      undefined,
      'nurse-tanaka',
    ).credential;
    const system = newCredential('emr', clinic.id, 'clinic-system').credential;
    expect(parseCredentials({ credentials: [person, system] }, clinics).map((c) => c.staffId)).toEqual([
      'nurse-tanaka',
      undefined,
    ]);
  });

  it('a malformed staffId stops start-up naming the field', () => {
    const person = newCredential('n', clinic.id, 'nurse').credential;
    expect(() => parseCredentials({ credentials: [{ ...person, staffId: 'has spaces' }] }, clinics)).toThrow(
      /credentials\.0\.staffId|credentials\[0\]\.staffId/,
    );
  });
});
