import type { BusinessCalendar, QuietHours } from '../../domain/calendar';
import {
  addBusinessMinutes,
  addDays,
  atLocalTime,
  businessMinutesBetween,
  calendarOf,
  endOfQuietTime,
  isBusinessTime,
  isQuietTime,
  localDate,
  localTime,
  nextBusinessTime,
  postOpDay,
} from '../../domain/calendar';
import { configuredClinic as clinic } from '../helpers/fixtures';
import { MACHINE_TIME_ZONES, withProcessTimeZone } from '../helpers/process-time-zone';

// Dates used below: 2026-03-02 is a Monday, 2026-03-06 a Friday; 2026-12-30 a Wednesday,
// 2026-12-31 a Thursday, 2027-01-01 a Friday, 2027-01-04 a Monday. Tokyo is UTC+9 all year.
// New York springs forward on 2026-03-08 (02:00 EST -> 03:00 EDT) and falls back on 2026-11-01
// (02:00 EDT -> 01:00 EST).

const CLINIC_ZONE = 'Asia/Tokyo';
const NEW_YORK = 'America/New_York';

const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();
const nineToSix = [{ open: '09:00', close: '18:00' }];
const withLunch = [
  { open: '09:00', close: '12:00' },
  { open: '13:00', close: '18:00' },
];

function calendar(
  hours: Partial<BusinessCalendar['businessHours']>,
  holidays: string[] = [],
  timeZone = CLINIC_ZONE,
): BusinessCalendar {
  const none = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
  return { timeZone, businessHours: { ...none, ...hours }, holidays };
}

const weekdays = (hours: typeof nineToSix, holidays: string[] = []) =>
  calendar({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours }, holidays);

/** Mon-Fri 09:00-18:00 in Tokyo, closed on 2026-12-31 and 2027-01-01. */
const office = weekdays(nineToSix, ['2026-12-31', '2027-01-01']);
const lunchBreak = weekdays(withLunch);

describe('calendarOf', () => {
  it('takes the calendar fields of a clinic', () => {
    expect(calendarOf(clinic)).toEqual({
      timeZone: CLINIC_ZONE,
      businessHours: clinic.businessHours,
      holidays: clinic.holidays,
    });
  });

  it('rejects an unknown time zone', () => {
    expect(() => calendarOf({ ...clinic, timeZone: 'Mars/Olympus' })).toThrow(/unknown IANA time zone/);
  });
});

describe('local dates and times', () => {
  it('formats an instant in the zone, where the UTC date may differ', () => {
    const instant = at('2026-03-04T15:30:00Z');
    expect(localDate(CLINIC_ZONE, instant)).toBe('2026-03-05');
    expect(localTime(CLINIC_ZONE, instant)).toBe('00:30');
    expect(localDate(NEW_YORK, instant)).toBe('2026-03-04');
    expect(localTime(NEW_YORK, instant)).toBe('10:30');
  });

  it('atLocalTime turns a local date and time into an instant', () => {
    expect(iso(atLocalTime(CLINIC_ZONE, '2026-03-05', '00:30'))).toBe('2026-03-04T15:30:00.000Z');
    expect(iso(atLocalTime(NEW_YORK, '2026-07-01', '09:00'))).toBe('2026-07-01T13:00:00.000Z');
  });

  it('atLocalTime moves a time skipped by spring forward to the first valid instant (03:00 EDT)', () => {
    expect(iso(atLocalTime(NEW_YORK, '2026-03-08', '01:59'))).toBe('2026-03-08T06:59:00.000Z');
    expect(iso(atLocalTime(NEW_YORK, '2026-03-08', '02:00'))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(atLocalTime(NEW_YORK, '2026-03-08', '02:30'))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(atLocalTime(NEW_YORK, '2026-03-08', '03:00'))).toBe('2026-03-08T07:00:00.000Z');
    expect(localTime(NEW_YORK, atLocalTime(NEW_YORK, '2026-03-08', '02:30'))).toBe('03:00');
  });

  it('atLocalTime takes the first of two occurrences when clocks fall back', () => {
    expect(iso(atLocalTime(NEW_YORK, '2026-11-01', '01:30'))).toBe('2026-11-01T05:30:00.000Z'); // EDT
    expect(iso(atLocalTime(NEW_YORK, '2026-11-01', '02:00'))).toBe('2026-11-01T07:00:00.000Z'); // EST
  });

  it('atLocalTime rejects malformed input', () => {
    expect(() => atLocalTime(CLINIC_ZONE, '2026-02-30', '10:00')).toThrow(/invalid local date/);
    expect(() => atLocalTime(CLINIC_ZONE, '2026-03-05', '24:00')).toThrow(/invalid local date/);
    expect(() => atLocalTime(CLINIC_ZONE, '2026-03-05', '9:00')).toThrow(/invalid local date/);
    expect(() => atLocalTime('Nowhere/City', '2026-03-05', '09:00')).toThrow(/unknown IANA time zone/);
  });

  it('atLocalTime names the bad input in its message', () => {
    expect(() => atLocalTime(CLINIC_ZONE, '2026-02-30', '10:00')).toThrow(
      'invalid local date "2026-02-30" or time "10:00" (expected "YYYY-MM-DD" and "HH:MM")',
    );
    expect(() => atLocalTime('Nowhere/City', '2026-03-05', '09:00')).toThrow(
      'unknown IANA time zone "Nowhere/City"',
    );
  });

  it('atLocalTime accepts exactly "YYYY-MM-DD" and "HH:MM", not other ISO forms that parse', () => {
    // Each of these is valid ISO 8601 to a lenient parser; as clinic config they are typos.
    expect(() => atLocalTime(CLINIC_ZONE, '2026-03-05', '10:00:30')).toThrow(/invalid local date/); // seconds
    expect(() => atLocalTime(CLINIC_ZONE, '2026-03-05', '1010:00')).toThrow(/invalid local date/); // reads 10:10
    expect(() => atLocalTime(CLINIC_ZONE, '+002026-03-05', '10:00')).toThrow(/invalid local date/); // expanded year
    expect(() => atLocalTime(CLINIC_ZONE, '2026-03-05', '1:00')).toThrow(/invalid local date/);
  });

  it('atLocalTime reads leap days, month ends and two-digit years as the calendar has them', () => {
    expect(iso(atLocalTime('UTC', '2028-02-29', '12:00'))).toBe('2028-02-29T12:00:00.000Z');
    expect(() => atLocalTime('UTC', '2027-02-29', '12:00')).toThrow(/invalid local date/);
    expect(() => atLocalTime('UTC', '2026-04-31', '12:00')).toThrow(/invalid local date/);
    expect(() => atLocalTime('UTC', '2026-13-01', '12:00')).toThrow(/invalid local date/);
    expect(() => atLocalTime('UTC', '2026-00-10', '12:00')).toThrow(/invalid local date/);
    expect(atLocalTime('UTC', '0050-01-01', '00:00').getUTCFullYear()).toBe(50); // not 1950
  });

  it('addDays counts calendar days across months, years and leap days', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-03-08', 0)).toBe('2026-03-08');
  });

  it('atLocalTime moves a skipped time to the jump in a zone east of UTC too (Berlin, 02:00 CET -> 03:00 CEST)', () => {
    const BERLIN = 'Europe/Berlin';
    expect(iso(atLocalTime(BERLIN, '2026-03-29', '01:59'))).toBe('2026-03-29T00:59:00.000Z'); // CET
    expect(iso(atLocalTime(BERLIN, '2026-03-29', '02:00'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(atLocalTime(BERLIN, '2026-03-29', '02:30'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(atLocalTime(BERLIN, '2026-03-29', '03:00'))).toBe('2026-03-29T01:00:00.000Z'); // CEST
    expect(localTime(BERLIN, atLocalTime(BERLIN, '2026-03-29', '02:30'))).toBe('03:00');
    // Fall back (03:00 CEST -> 02:00 CET on 2026-10-25): the first 02:30 is the CEST one.
    expect(iso(atLocalTime(BERLIN, '2026-10-25', '02:30'))).toBe('2026-10-25T00:30:00.000Z');
  });

  it('rejects an invalid Date rather than reading it as some day', () => {
    const invalid = new Date('not a date');
    expect(() => localDate(CLINIC_ZONE, invalid)).toThrow('invalid Date');
    expect(() => localTime(CLINIC_ZONE, invalid)).toThrow('invalid Date');
    expect(() => isBusinessTime(office, invalid)).toThrow('invalid Date');
    expect(() => nextBusinessTime(office, invalid)).toThrow('invalid Date');
    expect(() => postOpDay(invalid, at('2026-03-04T10:00:00+09:00'), CLINIC_ZONE)).toThrow('invalid Date');
  });
});

describe('quiet hours', () => {
  const overnight = clinic.quietHours; // 21:00-08:00 in config/clinics.json
  const quiet = (hours: QuietHours, instant: string, zone = CLINIC_ZONE) =>
    isQuietTime(hours, zone, at(instant));
  const end = (hours: QuietHours, instant: string, zone = CLINIC_ZONE) =>
    iso(endOfQuietTime(hours, zone, at(instant)));

  it('crossing midnight (21:00-08:00): start inclusive, end exclusive', () => {
    expect(overnight).toEqual({ start: '21:00', end: '08:00' });
    expect(quiet(overnight, '2026-03-04T23:30:00+09:00')).toBe(true);
    expect(quiet(overnight, '2026-03-05T07:59:00+09:00')).toBe(true);
    expect(quiet(overnight, '2026-03-05T00:00:00+09:00')).toBe(true);
    expect(quiet(overnight, '2026-03-04T21:00:00+09:00')).toBe(true);
    expect(quiet(overnight, '2026-03-05T08:00:00+09:00')).toBe(false);
    expect(quiet(overnight, '2026-03-04T20:59:00+09:00')).toBe(false);
    expect(quiet(overnight, '2026-03-04T12:00:00+09:00')).toBe(false);
  });

  it('crossing midnight: quiet hours end at 08:00 on the right day', () => {
    expect(end(overnight, '2026-03-04T23:30:00+09:00')).toBe('2026-03-04T23:00:00.000Z'); // 08:00 next day
    expect(end(overnight, '2026-03-05T07:59:00+09:00')).toBe('2026-03-04T23:00:00.000Z'); // 08:00 same day
    expect(end(overnight, '2026-03-05T12:00:00+09:00')).toBe('2026-03-05T03:00:00.000Z'); // not quiet: itself
  });

  it('not crossing midnight (13:00-14:00)', () => {
    const afternoon = { start: '13:00', end: '14:00' };
    expect(quiet(afternoon, '2026-03-05T12:59:00+09:00')).toBe(false);
    expect(quiet(afternoon, '2026-03-05T13:00:00+09:00')).toBe(true);
    expect(quiet(afternoon, '2026-03-05T13:59:00+09:00')).toBe(true);
    expect(quiet(afternoon, '2026-03-05T14:00:00+09:00')).toBe(false);
    expect(quiet(afternoon, '2026-03-05T23:30:00+09:00')).toBe(false);
    expect(end(afternoon, '2026-03-05T13:20:00+09:00')).toBe('2026-03-05T05:00:00.000Z');
  });

  it('DST spring forward: 01:30-03:00 lasts 30 real minutes on the jump day', () => {
    const night = { start: '01:30', end: '03:00' };
    expect(quiet(night, '2026-03-08T06:29:00Z', NEW_YORK)).toBe(false); // 01:29 EST
    expect(quiet(night, '2026-03-08T06:30:00Z', NEW_YORK)).toBe(true); // 01:30 EST
    expect(quiet(night, '2026-03-08T06:59:00Z', NEW_YORK)).toBe(true); // 01:59 EST
    expect(quiet(night, '2026-03-08T07:00:00Z', NEW_YORK)).toBe(false); // 03:00 EDT
    expect(end(night, '2026-03-08T06:45:00Z', NEW_YORK)).toBe('2026-03-08T07:00:00.000Z');
  });

  it('DST spring forward: quiet hours ending at the skipped 02:30 end at the jump (03:00 EDT)', () => {
    const night = { start: '22:00', end: '02:30' };
    expect(quiet(night, '2026-03-08T03:30:00Z', NEW_YORK)).toBe(true); // Sat 22:30 EST
    expect(quiet(night, '2026-03-08T06:59:00Z', NEW_YORK)).toBe(true); // Sun 01:59 EST
    expect(quiet(night, '2026-03-08T07:00:00Z', NEW_YORK)).toBe(false); // Sun 03:00 EDT
    expect(end(night, '2026-03-08T03:30:00Z', NEW_YORK)).toBe('2026-03-08T07:00:00.000Z');
    // The next night is an ordinary one again: 02:30 EDT.
    expect(end(night, '2026-03-09T05:00:00Z', NEW_YORK)).toBe('2026-03-09T06:30:00.000Z');
  });

  it('DST fall back: 21:00-08:00 lasts 12 real hours that night', () => {
    const start = at('2026-11-01T01:00:00Z'); // Sat 21:00 EDT
    expect(isQuietTime(overnight, NEW_YORK, start)).toBe(true);
    const ends = endOfQuietTime(overnight, NEW_YORK, start);
    expect(iso(ends)).toBe('2026-11-01T13:00:00.000Z'); // Sun 08:00 EST
    expect((ends.getTime() - start.getTime()) / 3_600_000).toBe(12);
  });
});

describe('business hours', () => {
  const open = (cal: BusinessCalendar, instant: string) => isBusinessTime(cal, at(instant));
  const next = (cal: BusinessCalendar, instant: string) => iso(nextBusinessTime(cal, at(instant)));

  it('open is inclusive, close exclusive', () => {
    expect(open(office, '2026-03-06T08:59:00+09:00')).toBe(false);
    expect(open(office, '2026-03-06T09:00:00+09:00')).toBe(true);
    expect(open(office, '2026-03-06T17:59:00+09:00')).toBe(true);
    expect(open(office, '2026-03-06T18:00:00+09:00')).toBe(false);
    expect(open(office, '2026-03-07T10:00:00+09:00')).toBe(false); // Saturday
  });

  it('nextBusinessTime is the instant itself during business hours', () => {
    expect(next(office, '2026-03-04T10:15:00+09:00')).toBe('2026-03-04T01:15:00.000Z');
  });

  it('nextBusinessTime from a weekday before opening is that morning', () => {
    expect(next(office, '2026-03-04T06:00:00+09:00')).toBe('2026-03-04T00:00:00.000Z');
  });

  it('Friday evening -> Monday opening', () => {
    expect(next(office, '2026-03-06T18:00:00+09:00')).toBe('2026-03-09T00:00:00.000Z');
    expect(next(office, '2026-03-06T23:30:00+09:00')).toBe('2026-03-09T00:00:00.000Z');
    expect(next(office, '2026-03-08T12:00:00+09:00')).toBe('2026-03-09T00:00:00.000Z');
  });

  it('skips holidays (2026-12-31, 2027-01-01) and the weekend after them', () => {
    expect(open(office, '2026-12-31T10:00:00+09:00')).toBe(false);
    expect(open(office, '2027-01-01T10:00:00+09:00')).toBe(false);
    expect(next(office, '2026-12-30T18:30:00+09:00')).toBe('2027-01-04T00:00:00.000Z'); // Mon 09:00
  });

  it('a lunch break splits the day into two windows', () => {
    expect(open(lunchBreak, '2026-03-04T11:59:00+09:00')).toBe(true);
    expect(open(lunchBreak, '2026-03-04T12:00:00+09:00')).toBe(false);
    expect(open(lunchBreak, '2026-03-04T12:59:00+09:00')).toBe(false);
    expect(open(lunchBreak, '2026-03-04T13:00:00+09:00')).toBe(true);
    expect(next(lunchBreak, '2026-03-04T12:00:00+09:00')).toBe('2026-03-04T04:00:00.000Z'); // 13:00
    expect(next(lunchBreak, '2026-03-04T11:59:00+09:00')).toBe('2026-03-04T02:59:00.000Z');
  });

  it('the clinic fixture: Saturday opens at 10:00, the New Year holidays are skipped', () => {
    const cal = calendarOf(clinic);
    expect(next(cal, '2026-03-07T09:59:00+09:00')).toBe('2026-03-07T01:00:00.000Z'); // Sat 10:00
    expect(next(cal, '2026-03-07T17:00:00+09:00')).toBe('2026-03-09T00:30:00.000Z'); // Mon 09:30
    expect(next(cal, '2026-12-28T19:00:00+09:00')).toBe('2027-01-04T00:30:00.000Z'); // Mon 09:30
  });

  it('overlapping windows are merged', () => {
    const overlapping = weekdays([
      { open: '09:00', close: '12:00' },
      { open: '11:00', close: '13:00' },
    ]);
    const monday = at('2026-03-02T00:00:00+09:00');
    expect(businessMinutesBetween(overlapping, monday, at('2026-03-03T00:00:00+09:00'))).toBe(240);
    expect(iso(addBusinessMinutes(overlapping, monday, 200))).toBe('2026-03-02T03:20:00.000Z'); // 12:20
  });

  it('opening windows listed out of order are used in time order', () => {
    // The afternoon listed before the morning in the clinic's config.
    const afternoonFirst = weekdays([
      { open: '13:00', close: '18:00' },
      { open: '08:00', close: '10:00' },
    ]);
    const monday8 = '2026-03-02T08:00:00+09:00';
    expect(iso(addBusinessMinutes(afternoonFirst, at(monday8), 60))).toBe('2026-03-02T00:00:00.000Z'); // 09:00
    expect(iso(addBusinessMinutes(afternoonFirst, at(monday8), 120))).toBe('2026-03-02T01:00:00.000Z'); // 10:00
    expect(iso(addBusinessMinutes(afternoonFirst, at(monday8), 150))).toBe('2026-03-02T04:30:00.000Z'); // 13:30
    expect(isBusinessTime(afternoonFirst, at('2026-03-02T09:30:00+09:00'))).toBe(true);
    expect(isBusinessTime(afternoonFirst, at('2026-03-02T11:00:00+09:00'))).toBe(false);
    expect(next(afternoonFirst, '2026-03-02T07:00:00+09:00')).toBe('2026-03-01T23:00:00.000Z'); // 08:00
    expect(next(afternoonFirst, '2026-03-02T10:00:00+09:00')).toBe('2026-03-02T04:00:00.000Z'); // 13:00
    const day = businessMinutesBetween(
      afternoonFirst,
      at('2026-03-02T00:00:00+09:00'),
      at('2026-03-03T00:00:00+09:00'),
    );
    expect(day).toBe(120 + 300);
  });

  it('adjacent windows make one continuous stretch', () => {
    const split = weekdays([
      { open: '12:00', close: '15:00' },
      { open: '09:00', close: '12:00' },
    ]);
    const monday9 = at('2026-03-02T09:00:00+09:00');
    expect(isBusinessTime(split, at('2026-03-02T11:59:00+09:00'))).toBe(true);
    expect(isBusinessTime(split, at('2026-03-02T12:00:00+09:00'))).toBe(true);
    expect(next(split, '2026-03-02T12:00:00+09:00')).toBe('2026-03-02T03:00:00.000Z'); // 12:00 itself
    expect(iso(addBusinessMinutes(split, monday9, 180))).toBe('2026-03-02T03:00:00.000Z'); // 12:00
    expect(iso(addBusinessMinutes(split, monday9, 181))).toBe('2026-03-02T03:01:00.000Z'); // 12:01
    expect(iso(addBusinessMinutes(split, monday9, 360))).toBe('2026-03-02T06:00:00.000Z'); // 15:00
    expect(businessMinutesBetween(split, monday9, at('2026-03-03T00:00:00+09:00'))).toBe(360);
  });

  it('a window inside another is absorbed, not counted twice or cutting the day short', () => {
    const nested = weekdays([
      { open: '09:00', close: '17:00' },
      { open: '10:00', close: '12:00' },
    ]);
    const monday9 = at('2026-03-02T09:00:00+09:00');
    expect(businessMinutesBetween(nested, monday9, at('2026-03-03T00:00:00+09:00'))).toBe(480);
    expect(iso(addBusinessMinutes(nested, monday9, 300))).toBe('2026-03-02T05:00:00.000Z'); // 14:00
    expect(isBusinessTime(nested, at('2026-03-02T16:59:00+09:00'))).toBe(true);
  });

  it('a window that falls entirely inside a DST jump is no opening', () => {
    // New York, Sunday 2026-03-08: 02:00-02:45 does not exist that night; the next Sunday it does.
    const sundays = calendar(
      {
        sun: [
          { open: '02:00', close: '02:45' },
          { open: '09:00', close: '17:00' },
        ],
      },
      [],
      NEW_YORK,
    );
    const jumpNight = at('2026-03-08T05:00:00Z'); // Sun 00:00 EST
    expect(next(sundays, '2026-03-08T05:00:00Z')).toBe('2026-03-08T13:00:00.000Z'); // 09:00 EDT
    expect(iso(addBusinessMinutes(sundays, jumpNight, 0))).toBe('2026-03-08T13:00:00.000Z');
    expect(isBusinessTime(sundays, at('2026-03-08T07:00:00Z'))).toBe(false); // 03:00 EDT
    expect(businessMinutesBetween(sundays, jumpNight, at('2026-03-09T05:00:00Z'))).toBe(480);
    expect(next(sundays, '2026-03-15T04:00:00Z')).toBe('2026-03-15T06:00:00.000Z'); // 02:00 EDT
  });

  it('searches 400 days ahead for an opening, and no further', () => {
    const DAY = 86_400_000;
    const daily = calendar({
      mon: nineToSix,
      tue: nineToSix,
      wed: nineToSix,
      thu: nineToSix,
      fri: nineToSix,
      sat: nineToSix,
      sun: nineToSix,
    });
    const from = at('2026-03-04T10:00:00+09:00');
    const closedFor = (days: number) =>
      Array.from({ length: days }, (_, i) =>
        new Date(Date.parse('2026-03-04') + i * DAY).toISOString().slice(0, 10),
      );
    // Closed on the day of `from` and the 399 days after it: the opening on day 400 is found.
    const found = { ...daily, holidays: closedFor(400) };
    expect(iso(nextBusinessTime(found, from))).toBe(
      new Date(Date.parse('2026-03-04T00:00:00Z') + 400 * DAY).toISOString(),
    );
    // One more closed day and there is none within 400 days.
    const none = { ...daily, holidays: closedFor(401) };
    expect(() => nextBusinessTime(none, from)).toThrow(
      'no business hours within 400 days after 2026-03-04T01:00:00.000Z in Asia/Tokyo: check its businessHours and holidays',
    );
  });

  it('a long clock across many sparse openings does not run out of search days', () => {
    // Open one hour a week: 100 business hours end on the 100th Monday, 99 weeks later.
    const mondayHour = calendar({ mon: [{ open: '09:00', close: '10:00' }] });
    const deadline = addBusinessMinutes(mondayHour, at('2026-03-02T09:00:00+09:00'), 100 * 60);
    expect(iso(deadline)).toBe('2028-01-24T01:00:00.000Z'); // Mon 10:00
  });

  it('a calendar with no business hours at all fails clearly', () => {
    const closed = calendar({});
    const instant = at('2026-03-04T10:00:00+09:00');
    expect(() => nextBusinessTime(closed, instant)).toThrow(/no business hours within 400 days/);
    expect(() => addBusinessMinutes(closed, instant, 10)).toThrow(/no business hours within 400 days/);
    expect(isBusinessTime(closed, instant)).toBe(false);
    expect(businessMinutesBetween(closed, instant, at('2026-04-04T10:00:00+09:00'))).toBe(0);
  });
});

describe('SLA clocks: addBusinessMinutes and businessMinutesBetween', () => {
  const add = (cal: BusinessCalendar, instant: string, minutes: number) =>
    iso(addBusinessMinutes(cal, at(instant), minutes));
  const between = (cal: BusinessCalendar, from: string, to: string) =>
    businessMinutesBetween(cal, at(from), at(to));

  it('2 business hours from Friday 17:30 end Monday 10:30', () => {
    expect(add(office, '2026-03-06T17:30:00+09:00', 120)).toBe('2026-03-09T01:30:00.000Z');
    expect(between(office, '2026-03-06T17:30:00+09:00', '2026-03-09T10:30:00+09:00')).toBe(120);
  });

  it('starting outside business hours counts from the next opening', () => {
    expect(add(office, '2026-03-07T10:00:00+09:00', 60)).toBe('2026-03-09T01:00:00.000Z'); // Mon 10:00
    expect(add(office, '2026-03-04T07:00:00+09:00', 30)).toBe('2026-03-04T00:30:00.000Z'); // 09:30
  });

  it('0 minutes is the next business time', () => {
    expect(add(office, '2026-03-06T19:00:00+09:00', 0)).toBe('2026-03-09T00:00:00.000Z');
    expect(add(office, '2026-03-06T10:00:00+09:00', 0)).toBe('2026-03-06T01:00:00.000Z');
  });

  it('a deadline that fills the day exactly is the closing instant', () => {
    expect(add(office, '2026-03-02T09:00:00+09:00', 540)).toBe('2026-03-02T09:00:00.000Z'); // Mon 18:00
    expect(add(office, '2026-03-02T09:00:00+09:00', 541)).toBe('2026-03-03T00:01:00.000Z'); // Tue 09:01
  });

  it('skips holidays', () => {
    expect(add(office, '2026-12-30T17:00:00+09:00', 120)).toBe('2027-01-04T01:00:00.000Z'); // Mon 10:00
  });

  it('rejects a negative or non-finite number of minutes', () => {
    expect(() => add(office, '2026-03-02T09:00:00+09:00', -1)).toThrow(RangeError);
    expect(() => add(office, '2026-03-02T09:00:00+09:00', Number.NaN)).toThrow(RangeError);
    expect(() => add(office, '2026-03-02T09:00:00+09:00', -1)).toThrow(
      'business minutes must be a finite number >= 0, got -1',
    );
    expect(() => add(office, '2026-03-02T09:00:00+09:00', Number.POSITIVE_INFINITY)).toThrow(
      'business minutes must be a finite number >= 0, got Infinity',
    );
  });

  it('a lunch break is not counted', () => {
    expect(add(lunchBreak, '2026-03-04T11:00:00+09:00', 120)).toBe('2026-03-04T05:00:00.000Z'); // 14:00
    expect(add(lunchBreak, '2026-03-04T11:00:00+09:00', 60)).toBe('2026-03-04T03:00:00.000Z'); // 12:00
    expect(add(lunchBreak, '2026-03-04T12:10:00+09:00', 10)).toBe('2026-03-04T04:10:00.000Z'); // 13:10
    expect(between(lunchBreak, '2026-03-04T08:00:00+09:00', '2026-03-04T19:00:00+09:00')).toBe(480);
    expect(between(lunchBreak, '2026-03-04T11:30:00+09:00', '2026-03-04T13:30:00+09:00')).toBe(60);
    expect(between(lunchBreak, '2026-03-04T17:00:00+09:00', '2026-03-05T10:00:00+09:00')).toBe(120);
  });

  it('between is 0 when `to` is not after `from`, and counts [from, to)', () => {
    expect(between(office, '2026-03-04T12:00:00+09:00', '2026-03-04T12:00:00+09:00')).toBe(0);
    expect(between(office, '2026-03-04T12:00:00+09:00', '2026-03-04T10:00:00+09:00')).toBe(0);
    expect(between(office, '2026-03-04T12:00:00+09:00', '2026-03-04T12:01:00+09:00')).toBe(1);
    expect(between(office, '2026-03-04T12:00:00+09:00', '2026-03-04T12:00:30+09:00')).toBe(0.5);
  });

  it('across the fall-back night the repeated hour counts twice (real minutes)', () => {
    // A night line open Saturday 20:00-23:59 and Sunday 00:00-08:00, in New York.
    const nightLine = calendar(
      { sat: [{ open: '20:00', close: '23:59' }], sun: [{ open: '00:00', close: '08:00' }] },
      [],
      NEW_YORK,
    );
    const saturday22 = '2026-11-01T02:00:00Z'; // Sat 22:00 EDT
    const sunday06 = '2026-11-01T11:00:00Z'; // Sun 06:00 EST: 9 real hours later
    expect(between(nightLine, saturday22, sunday06)).toBe(119 + 7 * 60);
    expect(add(nightLine, saturday22, 119 + 7 * 60)).toBe('2026-11-01T11:00:00.000Z');
    // Sunday's window 00:00-08:00 lasts 9 real hours that night.
    expect(between(nightLine, '2026-11-01T04:00:00Z', '2026-11-01T14:00:00Z')).toBe(9 * 60);
  });

  it('across the spring-forward night the skipped hour does not count', () => {
    const nightLine = calendar({ sun: [{ open: '00:00', close: '08:00' }] }, [], NEW_YORK);
    expect(between(nightLine, '2026-03-08T05:00:00Z', '2026-03-08T13:00:00Z')).toBe(7 * 60);
    // Two real hours after midnight EST is 03:00 EDT.
    expect(add(nightLine, '2026-03-08T05:00:00Z', 120)).toBe('2026-03-08T07:00:00.000Z');
  });

  // 48 points, 3 hours apart, from Wednesday 2026-12-30 00:00 to Tuesday 2027-01-05 00:00 in
  // Tokyo, across the two holidays and the weekend. The expected business minutes come from a
  // minute-by-minute count with plain UTC+9 arithmetic, independent of the module.
  describe('48 calendar-vs-business comparisons across a holiday and a weekend', () => {
    const HOUR = 3_600_000;
    const start = at('2026-12-30T00:00:00+09:00');
    const isOpenMinute = (t: number) => {
      const tokyo = new Date(t + 9 * HOUR); // read the UTC fields as Tokyo wall time
      const weekday = tokyo.getUTCDay(); // 0 = Sunday
      const date = tokyo.toISOString().slice(0, 10);
      const hour = tokyo.getUTCHours();
      return weekday >= 1 && weekday <= 5 && !office.holidays.includes(date) && hour >= 9 && hour < 18;
    };
    const expectedMinutes = (to: number) => {
      let count = 0;
      for (let t = start.getTime(); t < to; t += 60_000) if (isOpenMinute(t)) count += 1;
      return count;
    };
    const rows = Array.from({ length: 48 }, (_, i) => {
      const calendarHours = 3 * (i + 1);
      const to = new Date(start.getTime() + calendarHours * HOUR);
      return { calendarHours, to, business: expectedMinutes(to.getTime()) };
    });

    it('the table spans a working day, the holidays, the weekend and Monday', () => {
      const byHours = new Map(rows.map((r) => [r.calendarHours, r.business]));
      expect(byHours.get(24)).toBe(540); // end of Wednesday
      expect(byHours.get(72)).toBe(540); // end of the holidays (Thu, Fri)
      expect(byHours.get(120)).toBe(540); // end of the weekend
      expect(byHours.get(129)).toBe(540); // Monday 09:00, the opening
      expect(byHours.get(132)).toBe(540 + 180); // Monday 12:00
      expect(byHours.get(144)).toBe(1080); // end of Monday
    });

    it.each(rows)(
      '$calendarHours calendar hours -> $business business minutes',
      ({ calendarHours, to, business }) => {
        expect(businessMinutesBetween(office, start, to)).toBe(business);
        expect(business).toBeLessThanOrEqual(calendarHours * 60);
        // The SLA deadline for that many business minutes is no later than `to` (with 0 minutes
        // it is the first opening, which may come after `to`), and the clock between `start` and
        // it reads exactly that many minutes.
        const deadline = addBusinessMinutes(office, start, business);
        const latest = business > 0 ? to : nextBusinessTime(office, start);
        expect(deadline.getTime()).toBeLessThanOrEqual(latest.getTime());
        expect(businessMinutesBetween(office, start, deadline)).toBe(business);
        expect(isBusinessTime(office, to)).toBe(isOpenMinute(to.getTime()));
      },
    );
  });
});

describe('postOpDay', () => {
  it('surgery day is 0 and the next local day is 1', () => {
    const surgery = at('2026-03-04T10:00:00+09:00');
    expect(postOpDay(surgery, at('2026-03-04T23:59:00+09:00'), CLINIC_ZONE)).toBe(0);
    expect(postOpDay(surgery, at('2026-03-05T00:00:00+09:00'), CLINIC_ZONE)).toBe(1);
    expect(postOpDay(surgery, at('2026-03-11T09:00:00+09:00'), CLINIC_ZONE)).toBe(7);
  });

  it('counts local days in Tokyo, not UTC days', () => {
    // 23:30 and 00:30 Tokyo are the same UTC date (Mar 4) but two local days.
    expect(postOpDay(at('2026-03-04T23:30:00+09:00'), at('2026-03-05T00:30:00+09:00'), CLINIC_ZONE)).toBe(1);
    // 08:00 and 10:00 Tokyo on Mar 5 are different UTC dates (Mar 4 and Mar 5) but one local day.
    expect(postOpDay(at('2026-03-05T08:00:00+09:00'), at('2026-03-05T10:00:00+09:00'), CLINIC_ZONE)).toBe(0);
  });

  it('counts calendar days across DST in New York, whatever the day length', () => {
    // Spring forward: the 23-hour day of 2026-03-08.
    const beforeJump = at('2026-03-07T23:00:00-05:00');
    expect(postOpDay(beforeJump, at('2026-03-08T23:30:00-04:00'), NEW_YORK)).toBe(1);
    expect(postOpDay(beforeJump, at('2026-03-09T00:30:00-04:00'), NEW_YORK)).toBe(2);
    // Fall back: the 25-hour day of 2026-11-01.
    const beforeFallBack = at('2026-10-31T10:00:00-04:00');
    expect(postOpDay(beforeFallBack, at('2026-11-01T23:59:00-05:00'), NEW_YORK)).toBe(1);
    expect(postOpDay(beforeFallBack, at('2026-11-02T00:00:00-05:00'), NEW_YORK)).toBe(2);
  });

  it('is negative before the surgery day', () => {
    expect(postOpDay(at('2026-03-04T10:00:00+09:00'), at('2026-03-03T10:00:00+09:00'), CLINIC_ZONE)).toBe(-1);
  });
});

// The server's own time zone must never leak into the clinic's calendar: the same calls give the
// same instants on a machine far east of UTC, west of it with DST, or where DST skips midnight.
describe('whatever the time zone of the machine', () => {
  const results = () => ({
    tokyo: iso(atLocalTime(CLINIC_ZONE, '2026-03-05', '00:30')),
    newYork: iso(atLocalTime(NEW_YORK, '2026-07-01', '09:00')),
    springForward: iso(atLocalTime(NEW_YORK, '2026-03-08', '02:30')),
    localDate: localDate(CLINIC_ZONE, at('2026-03-04T15:30:00Z')),
    localTime: localTime(CLINIC_ZONE, at('2026-03-04T15:30:00Z')),
    friday: iso(addBusinessMinutes(office, at('2026-03-06T17:30:00+09:00'), 120)),
    open: isBusinessTime(office, at('2026-03-06T09:00:00+09:00')),
    next: iso(nextBusinessTime(office, at('2026-12-30T18:30:00+09:00'))),
    between: businessMinutesBetween(
      lunchBreak,
      at('2026-03-04T08:00:00+09:00'),
      at('2026-03-05T19:00:00+09:00'),
    ),
    quietEnd: iso(endOfQuietTime(clinic.quietHours, CLINIC_ZONE, at('2026-03-04T23:30:00+09:00'))),
    // Tokyo days 2026-09-06 and 09-07: on a Santiago machine the local midnight of 09-06 is skipped.
    postOpDay: postOpDay(at('2026-09-06T10:00:00+09:00'), at('2026-09-07T10:00:00+09:00'), CLINIC_ZONE),
    businessAcrossSantiagoJump: businessMinutesBetween(
      office,
      at('2026-09-04T12:00:00+09:00'),
      at('2026-09-08T12:00:00+09:00'),
    ),
  });
  const expected = {
    tokyo: '2026-03-04T15:30:00.000Z',
    newYork: '2026-07-01T13:00:00.000Z',
    springForward: '2026-03-08T07:00:00.000Z',
    localDate: '2026-03-05',
    localTime: '00:30',
    friday: '2026-03-09T01:30:00.000Z',
    open: true,
    next: '2027-01-04T00:00:00.000Z',
    between: 960,
    quietEnd: '2026-03-04T23:00:00.000Z',
    postOpDay: 1,
    businessAcrossSantiagoJump: 360 + 540 + 180, // Fri 12-18, Mon 09-18, Tue 09-12
  };

  it('the expected values hold in UTC', () => {
    expect(withProcessTimeZone('UTC', results)).toEqual(expected);
  });

  it.each(MACHINE_TIME_ZONES)('the machine in %s gives the same answers', (machineZone) => {
    expect(withProcessTimeZone(machineZone, results)).toEqual(expected);
  });
});
