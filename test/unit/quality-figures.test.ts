import type { ComplaintFacts, JourneyFacts } from '../../domain/quality-figures';
import { qualityFigures } from '../../domain/quality-figures';
import { monthOf, monthPeriod, previousMonthOf } from '../../domain/quality-period';
import { DEFAULT_QUALITY_TARGETS, qualityTargetsSchema } from '../../domain/quality-targets';

// The quality figures from case facts: month boundaries in the clinic's zone, each figure
// against its target, finished and running cases alike.

const TOKYO = 'Asia/Tokyo';
const november = monthPeriod('2026-11', TOKYO);
const ACK = { urgent: 10, emergency: 5 };

const journey = (over: Partial<JourneyFacts> = {}): JourneyFacts => ({
  surgeryAt: '2026-11-10T01:00:00Z',
  survey: null,
  adherence: [],
  checkIns: [],
  escalations: [],
  returnVisits: [],
  ...over,
});
const clock = (id: string, over: Partial<ComplaintFacts['clocks'][number]> = {}) => ({
  id,
  name: id,
  met: true,
  breached: false,
  stopped: true,
  elapsedMinutes: 30,
  ...over,
});
const complaint = (over: Partial<ComplaintFacts> = {}): ComplaintFacts => ({
  receivedAt: '2026-11-05T03:00:00Z',
  closed: true,
  clocks: [clock('first-contact'), clock('root-cause'), clock('resolution-plan')],
  satisfaction: null,
  ...over,
});

describe('a month in the clinic’s zone', () => {
  test('starts at local midnight of the 1st: 2026-11 in Tokyo is 10-31 15:00Z to 11-30 15:00Z', () => {
    expect(november).toEqual({
      month: '2026-11',
      from: '2026-10-31T15:00:00.000Z',
      to: '2026-11-30T15:00:00.000Z',
      timeZone: TOKYO,
    });
  });

  test('follows daylight saving time (New York, March 2027 starts in EST, ends in EDT)', () => {
    const march = monthPeriod('2027-03', 'America/New_York');
    expect(march.from).toBe('2027-03-01T05:00:00.000Z');
    expect(march.to).toBe('2027-04-01T04:00:00.000Z');
  });

  test('an instant belongs to the month of the clinic, not of UTC', () => {
    // 2026-11-30 16:00Z is already December 1st in Tokyo.
    expect(monthOf(new Date('2026-11-30T16:00:00Z'), TOKYO)).toBe('2026-12');
    expect(monthOf(new Date('2026-11-30T16:00:00Z'), 'UTC')).toBe('2026-11');
    expect(previousMonthOf(new Date('2026-12-31T15:30:00Z'), TOKYO)).toBe('2026-12');
    expect(previousMonthOf(new Date('2027-01-01T00:00:00Z'), TOKYO)).toBe('2026-12');
  });

  test('a bad month or zone is an error naming it', () => {
    expect(() => monthPeriod('2026-13', TOKYO)).toThrow('month "2026-13": must be YYYY-MM');
    expect(() => monthPeriod('Nov 2026', TOKYO)).toThrow('month "Nov 2026"');
    expect(() => monthPeriod('2026-11', 'Mars/Olympus')).toThrow('time zone "Mars/Olympus"');
  });

  test('a complaint received just before local midnight of the 1st counts in the month before', () => {
    const facts = {
      journeys: [],
      complaints: [
        complaint({ receivedAt: '2026-10-31T14:59:59Z' }), // October 31st, 23:59:59 in Tokyo
        complaint({ receivedAt: '2026-10-31T15:00:00Z' }), // November 1st, 00:00 in Tokyo
        complaint({ receivedAt: '2026-11-30T15:00:00Z' }), // December 1st in Tokyo
      ],
    };
    expect(qualityFigures(facts, november, DEFAULT_QUALITY_TARGETS, ACK).complaints.received).toBe(1);
  });
});

describe('each figure against its target', () => {
  test('closure: every complaint received closed meets 100 %; one still open misses it', () => {
    const all = qualityFigures(
      { journeys: [], complaints: [complaint(), complaint()] },
      november,
      DEFAULT_QUALITY_TARGETS,
      ACK,
    );
    expect(all.closure).toMatchObject({ value: 100, target: 100, met: true, counted: 2 });
    const one = qualityFigures(
      { journeys: [], complaints: [complaint(), complaint({ closed: false })] },
      november,
      DEFAULT_QUALITY_TARGETS,
      ACK,
    );
    expect(one.closure).toMatchObject({ value: 50, met: false });
    expect(one.complaints).toEqual({ received: 2, closed: 1 });
  });

  test('SLA compliance per clock the complaints have, running clocks not yet counted', () => {
    const figures = qualityFigures(
      {
        journeys: [],
        complaints: [
          complaint(),
          complaint({
            clocks: [
              clock('first-contact', { met: false, breached: true, elapsedMinutes: 200 }),
              clock('root-cause', { met: false, stopped: false }),
              clock('resolution-plan', { met: false, stopped: false }),
              clock('refund-sent', { name: 'Refund sent' }),
            ],
          }),
        ],
      },
      november,
      DEFAULT_QUALITY_TARGETS,
      ACK,
    );
    expect(figures.clocks.map((c) => c.id)).toEqual([
      'first-contact',
      'root-cause',
      'resolution-plan',
      'refund-sent',
    ]);
    const [first, root, , refund] = figures.clocks;
    expect(first).toMatchObject({ met: 1, breached: 1, running: 0, compliance: { value: 50, met: false } });
    expect(root).toMatchObject({
      met: 1,
      breached: 0,
      running: 1,
      compliance: { value: 100, met: true, counted: 1 },
    });
    expect(refund).toMatchObject({ name: 'Refund sent', compliance: { value: 100, met: true } });
    // Time to first contact: the median of the contacts made (30 and 200 min), at most 120 wanted.
    expect(figures.firstContact).toMatchObject({
      value: 115,
      unit: 'min',
      met: true,
      withinTarget: 1,
      counted: 2,
    });
  });

  test('satisfaction from closing surveys (4–5 satisfied) and complaint follow-ups, ≥ 95 % wanted', () => {
    const journeys = Array.from({ length: 19 }, () =>
      journey({ survey: { sentAt: '2026-11-20T00:00:00Z', score: 5 } }),
    );
    const facts = {
      journeys: [...journeys, journey({ survey: { sentAt: '2026-11-21T00:00:00Z', score: 3 } })],
      complaints: [complaint({ satisfaction: { satisfied: true, at: '2026-11-22T00:00:00Z' } })],
    };
    const figures = qualityFigures(facts, november, DEFAULT_QUALITY_TARGETS, ACK);
    expect(figures.satisfaction).toMatchObject({
      value: 95.2,
      met: true,
      fromSurveys: 20,
      fromComplaints: 1,
    });
    const unhappy = qualityFigures(
      {
        ...facts,
        complaints: [complaint({ satisfaction: { satisfied: false, at: '2026-11-22T00:00:00Z' } })],
      },
      november,
      DEFAULT_QUALITY_TARGETS,
      ACK,
    );
    expect(unhappy.satisfaction).toMatchObject({ value: 90.5, met: false });
    // A survey sent but not answered is not counted.
    const unanswered = qualityFigures(
      { journeys: [journey({ survey: { sentAt: '2026-11-20T00:00:00Z' } })], complaints: [] },
      november,
      DEFAULT_QUALITY_TARGETS,
      ACK,
    );
    expect(unanswered.satisfaction).toMatchObject({ value: null, met: null, counted: 0 });
  });

  test('check-in response rate counts check-ins whose window is over', () => {
    const figures = qualityFigures(
      {
        journeys: [
          journey({
            checkIns: [
              { dueAt: '2026-11-10T10:00:00Z', status: 'answered' },
              { dueAt: '2026-11-11T10:00:00Z', status: 'answered' },
              { dueAt: '2026-11-12T10:00:00Z', status: 'no-reply' },
              { dueAt: '2026-11-13T10:00:00Z', status: 'sent' },
              { dueAt: '2026-12-13T10:00:00Z', status: 'answered' },
            ],
          }),
        ],
        complaints: [],
      },
      november,
      DEFAULT_QUALITY_TARGETS,
      ACK,
    );
    expect(figures.checkInResponse).toMatchObject({ value: 66.7, target: 90, met: false, counted: 3 });
  });

  test('red flag → acknowledgement: within the first level’s timeout per severity; unanswered ones count against it', () => {
    const figures = qualityFigures(
      {
        journeys: [
          journey({
            escalations: [
              { startedAt: '2026-11-10T10:00:00Z', severity: 'urgent', ackLatencySeconds: 9 * 60 },
              { startedAt: '2026-11-10T11:00:00Z', severity: 'emergency', ackLatencySeconds: 6 * 60 },
              { startedAt: '2026-11-10T12:00:00Z', severity: 'urgent', ackLatencySeconds: 2 * 60 },
              { startedAt: '2026-11-10T13:00:00Z', severity: 'urgent' },
            ],
          }),
        ],
        complaints: [],
      },
      november,
      DEFAULT_QUALITY_TARGETS,
      ACK,
    );
    expect(figures.acknowledgement).toMatchObject({ value: 50, met: false, raised: 4, counted: 4 });
    expect(figures.acknowledgement.buckets.slice(0, 2)).toEqual([
      { label: '0–5 min', urgent: 1, emergency: 0 },
      { label: '5–10 min', urgent: 1, emergency: 1 },
    ]);
  });

  test('no-shows at most 10 %, adherence at least 90 % of doses due', () => {
    const visits = Array.from({ length: 9 }, (_, i) => ({
      at: `2026-11-1${i}T01:00:00Z`,
      status: 'attended' as const,
    }));
    const figures = qualityFigures(
      {
        journeys: [
          journey({
            returnVisits: [
              ...visits,
              { at: '2026-11-20T01:00:00Z', status: 'no-show' },
              { at: '2026-11-21T01:00:00Z', status: 'confirmed' },
            ],
            adherence: [
              { courseId: 'c1', medication: 'm', scheduled: 10, taken: 8, missed: 2, status: 'finished' },
            ],
          }),
          journey({
            surgeryAt: '2026-10-01T00:00:00Z',
            adherence: [
              { courseId: 'c2', medication: 'm', scheduled: 10, taken: 0, missed: 10, status: 'finished' },
            ],
          }),
        ],
        complaints: [],
      },
      november,
      DEFAULT_QUALITY_TARGETS,
      ACK,
    );
    expect(figures.noShows).toMatchObject({ value: 10, direction: 'at-most', met: true, counted: 10 });
    expect(figures.adherence).toMatchObject({ value: 80, met: false, taken: 8, due: 10 });
  });

  test('nothing to count is neither met nor missed', () => {
    const figures = qualityFigures({ journeys: [], complaints: [] }, november, DEFAULT_QUALITY_TARGETS, ACK);
    for (const f of [
      figures.closure,
      figures.satisfaction,
      figures.checkInResponse,
      figures.acknowledgement,
      figures.noShows,
      figures.adherence,
    ])
      expect(f).toMatchObject({ value: null, met: null, counted: 0 });
  });

  test('a clinic’s own targets replace the defaults; a bad one names the field', () => {
    const targets = qualityTargetsSchema.parse({ satisfactionPercent: 80 });
    expect(targets).toEqual({ ...DEFAULT_QUALITY_TARGETS, satisfactionPercent: 80 });
    const figures = qualityFigures(
      {
        journeys: [
          journey({ survey: { sentAt: '2026-11-20T00:00:00Z', score: 4 } }),
          journey({ survey: { sentAt: '2026-11-20T00:00:00Z', score: 2 } }),
        ],
        complaints: [],
      },
      november,
      targets,
      ACK,
    );
    expect(figures.satisfaction).toMatchObject({ value: 50, target: 80, met: false });
    const bad = qualityTargetsSchema.safeParse({ closurePercent: 120 });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['closurePercent']);
  });
});
