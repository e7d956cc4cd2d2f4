import { isQuietTime, localTime } from '../../domain/calendar';
import type { Protocol } from '../../domain/protocol';
import { parseProtocol } from '../../domain/protocol';
import { PROTOCOLS, getProtocol } from '../../domain/protocol-catalogue';
import type { PlannedAction } from '../../domain/schedule-plan';
import { planSchedule } from '../../domain/schedule-plan';

const HOUR = 60 * 60 * 1000;
const QUIET = { start: '21:00', end: '08:00' };
const CLINIC_ZONE = 'Asia/Tokyo';
const NEW_YORK = 'America/New_York';
const RHINOPLASTY_V1 = getProtocol('rhinoplasty@1')!;

/** The plan as [id, channel, dueAt, deferred, postOpDay] rows, easy to read in a failure. */
function rows(plan: PlannedAction[]) {
  return plan.map((a) => [a.id, a.channel, a.dueAt, a.deferredForQuietHours, a.postOpDay]);
}

/** rhinoplasty@1 with its first two check-ins moved, for quiet-hour cases. */
function withOffsets(first: number, second: number): Protocol {
  const raw = structuredClone(RHINOPLASTY_V1);
  raw.checkIns[0]!.offsetHours = first;
  raw.checkIns[1]!.offsetHours = second;
  return parseProtocol(raw);
}

describe('planSchedule in Asia/Tokyo, surgery 2026-11-20 15:00', () => {
  const surgeryAt = new Date('2026-11-20T15:00:00+09:00');
  const input = { surgeryAt, timeZone: CLINIC_ZONE, quietHours: QUIET };

  it('plans rhinoplasty@1 at exact instants', () => {
    const plan = planSchedule(RHINOPLASTY_V1, input);
    expect(rows(plan)).toEqual([
      ['first-night', 'sms', '2026-11-21T00:00:00.000Z', false, 1], // 09:00 JST
      ['nurse-call-day-2', 'nurse-call', '2026-11-22T06:00:00.000Z', false, 2],
      ['day-7', 'sms', '2026-11-27T06:00:00.000Z', false, 7],
      ['day-14', 'sms', '2026-12-04T06:00:00.000Z', false, 14],
      ['day-30', 'sms', '2026-12-20T06:00:00.000Z', false, 30],
      ['survey', 'sms', '2026-12-30T06:00:00.000Z', false, 40],
      ['follow-up-end', 'none', '2027-01-01T06:00:00.000Z', false, 42],
    ]);
    expect(plan.map((a) => a.kind)).toEqual([
      'check-in',
      'check-in',
      'check-in',
      'check-in',
      'check-in',
      'survey',
      'follow-up-end',
    ]);
    for (const a of plan) expect(a.plannedAt).toBe(a.dueAt);
  });

  it('plans the extra day-21 check-in of rhinoplasty@2', () => {
    const plan = planSchedule(getProtocol('rhinoplasty@2')!, input);
    expect(plan.find((a) => a.id === 'day-21')).toEqual({
      kind: 'check-in',
      id: 'day-21',
      channel: 'sms',
      dueAt: '2026-12-11T06:00:00.000Z',
      plannedAt: '2026-12-11T06:00:00.000Z',
      deferredForQuietHours: false,
      postOpDay: 21,
    });
  });

  it('defers an SMS check-in at 23:00 local to 08:00 the next day, but not a nurse call', () => {
    const plan = planSchedule(withOffsets(8, 32), input);
    expect(plan.slice(0, 2)).toEqual([
      {
        kind: 'check-in',
        id: 'first-night',
        channel: 'sms',
        plannedAt: '2026-11-20T14:00:00.000Z', // 23:00 JST
        dueAt: '2026-11-20T23:00:00.000Z', // 08:00 JST on the 21st
        deferredForQuietHours: true,
        postOpDay: 1,
      },
      {
        kind: 'check-in',
        id: 'nurse-call-day-2',
        channel: 'nurse-call',
        plannedAt: '2026-11-21T14:00:00.000Z', // 23:00 JST on the 21st: staff schedule it
        dueAt: '2026-11-21T14:00:00.000Z',
        deferredForQuietHours: false,
        postOpDay: 1,
      },
    ]);
  });

  it('treats the start of quiet hours as quiet and the end as not', () => {
    const plan = planSchedule(withOffsets(6, 17), input);
    const first = plan.find((a) => a.id === 'first-night')!; // planned 21:00 JST
    expect(first).toMatchObject({ plannedAt: '2026-11-20T12:00:00.000Z', dueAt: '2026-11-20T23:00:00.000Z' });
    expect(first.deferredForQuietHours).toBe(true);
    const second = planSchedule(withOffsets(17, 48), input).find((a) => a.id === 'first-night')!; // 08:00
    expect(second).toMatchObject({ dueAt: '2026-11-20T23:00:00.000Z', deferredForQuietHours: false });
  });

  it('sorts a deferred check-in after an earlier-planned one that overtook it', () => {
    // SMS planned 22:00 JST is deferred to 08:00; a nurse call planned 07:00 JST comes first.
    const plan = planSchedule(withOffsets(7, 16), input);
    expect(plan.slice(0, 2).map((a) => [a.id, a.dueAt])).toEqual([
      ['nurse-call-day-2', '2026-11-20T22:00:00.000Z'],
      ['first-night', '2026-11-20T23:00:00.000Z'],
    ]);
  });

  it('defers a survey that falls in quiet hours; the end of follow-up is never deferred', () => {
    const late = { ...input, surgeryAt: new Date('2026-11-20T22:00:00+09:00') };
    const plan = planSchedule(RHINOPLASTY_V1, late);
    expect(plan.find((a) => a.kind === 'survey')).toEqual({
      kind: 'survey',
      id: 'survey',
      channel: 'sms',
      plannedAt: '2026-12-30T13:00:00.000Z', // 22:00 JST
      dueAt: '2026-12-30T23:00:00.000Z', // 08:00 JST on the 31st
      deferredForQuietHours: true,
      postOpDay: 41,
    });
    expect(plan.at(-1)).toEqual({
      kind: 'follow-up-end',
      id: 'follow-up-end',
      channel: 'none',
      plannedAt: '2027-01-01T13:00:00.000Z',
      dueAt: '2027-01-01T13:00:00.000Z',
      deferredForQuietHours: false,
      postOpDay: 42,
    });
  });

  it('is deterministic and leaves its inputs alone', () => {
    const before = surgeryAt.getTime();
    expect(planSchedule(RHINOPLASTY_V1, input)).toEqual(planSchedule(RHINOPLASTY_V1, input));
    expect(surgeryAt.getTime()).toBe(before);
  });
});

describe('planSchedule across the end of DST in America/New_York (2026-11-01)', () => {
  // 00:30 EDT (UTC-4); clocks go back from 02:00 EDT to 01:00 EST (UTC-5) later that night.
  const surgeryAt = new Date('2026-11-01T00:30:00-04:00');
  const input = { surgeryAt, timeZone: NEW_YORK, quietHours: QUIET };

  it('offsets are exact hours, and quiet hours end at 08:00 EST', () => {
    const plan = planSchedule(RHINOPLASTY_V1, input);
    expect(rows(plan)).toEqual([
      ['first-night', 'sms', '2026-11-01T22:30:00.000Z', false, 0], // 17:30 EST, not 18:30
      ['nurse-call-day-2', 'nurse-call', '2026-11-03T04:30:00.000Z', false, 1], // 23:30 EST on the 2nd
      ['day-7', 'sms', '2026-11-08T13:00:00.000Z', true, 7], // planned 23:30 EST on the 7th
      ['day-14', 'sms', '2026-11-15T13:00:00.000Z', true, 14],
      ['day-30', 'sms', '2026-12-01T13:00:00.000Z', true, 30],
      ['survey', 'sms', '2026-12-11T13:00:00.000Z', true, 40],
      ['follow-up-end', 'none', '2026-12-13T04:30:00.000Z', false, 41], // 23:30 EST on the 12th
    ]);
    for (const c of RHINOPLASTY_V1.checkIns) {
      const action = plan.find((a) => a.id === c.id)!;
      expect(Date.parse(action.plannedAt) - surgeryAt.getTime()).toBe(c.offsetHours * HOUR);
    }
    for (const a of plan.filter((x) => x.deferredForQuietHours))
      expect(localTime(NEW_YORK, new Date(a.dueAt))).toBe('08:00');
  });

  it('counts the repeated hour of the fall-back night', () => {
    // +4 h is 03:30 EST (a wall-clock sum would say 04:30): quiet, deferred to 08:00 EST = 13:00Z.
    const plan = planSchedule(withOffsets(4, 24), input);
    expect(plan[0]).toMatchObject({
      id: 'first-night',
      plannedAt: '2026-11-01T08:30:00.000Z',
      dueAt: '2026-11-01T13:00:00.000Z',
      deferredForQuietHours: true,
      postOpDay: 0,
    });
    expect(plan[1]).toMatchObject({
      id: 'nurse-call-day-2',
      dueAt: '2026-11-02T04:30:00.000Z',
      postOpDay: 0,
    });
  });
});

describe('planSchedule for every catalogue protocol', () => {
  const cases: [string, string][] = [
    [CLINIC_ZONE, '2026-11-20T00:00:00+09:00'],
    [NEW_YORK, '2026-10-31T12:00:00-04:00'],
  ];

  it.each(PROTOCOLS.map((p) => [p.id, p] as const))(
    '%s: nothing by SMS in quiet hours, all in order',
    (_id, p) => {
      for (const [timeZone, start] of cases) {
        for (let half = 0; half < 48; half++) {
          const surgeryAt = new Date(Date.parse(start) + half * 30 * 60 * 1000);
          const plan = planSchedule(p, { surgeryAt, timeZone, quietHours: QUIET });
          expect(plan).toHaveLength(p.checkIns.length + 2);
          expect(plan.map((a) => a.dueAt)).toEqual(plan.map((a) => a.dueAt).sort());
          expect(plan.at(-1)).toMatchObject({ kind: 'follow-up-end', deferredForQuietHours: false });
          expect(plan.at(-1)!.dueAt).toBe(
            new Date(surgeryAt.getTime() + p.followUpDays * 24 * HOUR).toISOString(),
          );
          for (const a of plan) {
            const [due, planned] = [Date.parse(a.dueAt), Date.parse(a.plannedAt)];
            expect(due).toBeGreaterThanOrEqual(planned);
            // Quiet hours last 11 h, 12 h on the fall-back night (21:00 EDT to 08:00 EST).
            expect(due - planned).toBeLessThanOrEqual(12 * HOUR);
            expect(a.deferredForQuietHours).toBe(due !== planned);
            if (a.channel === 'sms') expect(isQuietTime(QUIET, timeZone, new Date(a.dueAt))).toBe(false);
            else expect(a.deferredForQuietHours).toBe(false);
          }
        }
      }
    },
  );
});

describe('planSchedule input checks', () => {
  it('rejects an invalid surgery time and an unknown time zone', () => {
    expect(() =>
      planSchedule(RHINOPLASTY_V1, { surgeryAt: new Date('nope'), timeZone: CLINIC_ZONE, quietHours: QUIET }),
    ).toThrow(RangeError);
    expect(() =>
      planSchedule(RHINOPLASTY_V1, { surgeryAt: new Date(), timeZone: 'Mars/Olympus', quietHours: QUIET }),
    ).toThrow(/time zone/);
  });
});
