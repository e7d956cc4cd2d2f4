import type { Clinic } from '../../domain/clinic';
import { onCallAt } from '../../domain/on-call';
import { configuredClinic as clinic } from '../helpers/fixtures';
import { MACHINE_TIME_ZONES, withProcessTimeZone } from '../helpers/process-time-zone';

type Roster = Clinic['onCallRoster'];

const CLINIC_ZONE = 'Asia/Tokyo';
const roster = clinic.onCallRoster;

/** Staff ids of `role` on call at an instant, in the clinic's zone (Asia/Tokyo unless given). */
function onCall(
  role: Parameters<typeof onCallAt>[1],
  at: string,
  zone = CLINIC_ZONE,
  entries: Roster = roster,
) {
  return onCallAt(entries, role, new Date(at), zone).map((entry) => entry.staffId);
}

function entry(staffId: string, shifts: Roster[number]['shifts']): Roster[number] {
  return { staffId, role: 'nurse', phone: '+819011119999', shifts };
}

// 2026-03-02 is a Monday; 2026-03-06 a Friday. Tokyo is UTC+9 all year.
describe('onCallAt with config/clinics.json (Asia/Tokyo)', () => {
  it('the clinic roster is in Tokyo time', () => {
    expect(clinic.timeZone).toBe(CLINIC_ZONE);
  });

  it('finds the day nurse on a weekday daytime', () => {
    expect(onCall('nurse', '2026-03-04T11:00:00+09:00')).toEqual(['nurse-day']);
    expect(onCall('management', '2026-03-04T11:00:00+09:00')).toEqual(['manager']);
    expect(onCall('director', '2026-03-04T11:00:00+09:00')).toEqual(['director']);
  });

  it('shift edges: start is inclusive, end is exclusive', () => {
    expect(onCall('nurse', '2026-03-04T09:00:00+09:00')).toEqual(['nurse-day']);
    expect(onCall('nurse', '2026-03-04T08:59:00+09:00')).toEqual(['nurse-night']);
    expect(onCall('nurse', '2026-03-04T18:59:00+09:00')).toEqual(['nurse-day']);
    expect(onCall('nurse', '2026-03-04T19:00:00+09:00')).toEqual(['nurse-night']);
    expect(onCall('management', '2026-03-04T18:00:00+09:00')).toEqual([]);
  });

  it('the night nurse covers Friday night into Saturday morning, not Saturday daytime', () => {
    expect(onCall('nurse', '2026-03-07T03:00:00+09:00')).toEqual(['nurse-night']);
    expect(onCall('nurse', '2026-03-07T10:00:00+09:00')).toEqual(['nurse-day']);
  });

  it('Sunday daytime is covered by the night nurse, and no manager works at weekends', () => {
    expect(onCall('nurse', '2026-03-08T10:00:00+09:00')).toEqual(['nurse-night']);
    expect(onCall('management', '2026-03-07T10:00:00+09:00')).toEqual([]);
    expect(onCall('management', '2026-03-08T10:00:00+09:00')).toEqual([]);
  });

  it('a 24-hour 08:00-08:00 shift runs from its start day to 08:00 the next day', () => {
    // dr-oncall-a: mon, wed, fri, sun; dr-oncall-b: tue, thu, sat.
    expect(onCall('doctor', '2026-03-02T08:00:00+09:00')).toEqual(['dr-oncall-a']); // Mon 08:00
    expect(onCall('doctor', '2026-03-02T23:59:00+09:00')).toEqual(['dr-oncall-a']); // Mon night
    expect(onCall('doctor', '2026-03-03T07:59:00+09:00')).toEqual(['dr-oncall-a']); // Tue 07:59
    expect(onCall('doctor', '2026-03-03T08:00:00+09:00')).toEqual(['dr-oncall-b']); // Tue 08:00
    expect(onCall('doctor', '2026-03-08T07:59:00+09:00')).toEqual(['dr-oncall-b']); // Sun 07:59 (Sat shift)
    expect(onCall('doctor', '2026-03-09T07:59:00+09:00')).toEqual(['dr-oncall-a']); // Mon 07:59 (Sun shift)
  });

  it('a 00:00-00:00 shift on every day covers every hour', () => {
    for (let hour = 0; hour < 24 * 7; hour += 1) {
      const at = new Date(Date.UTC(2026, 2, 1, hour, 17)).toISOString();
      expect(onCall('director', at)).toEqual(['director']);
    }
  });

  it('exactly one nurse and exactly one doctor are on call at every quarter hour of a week', () => {
    const gaps: string[] = [];
    for (let minute = 0; minute < 7 * 24 * 60; minute += 15) {
      const at = new Date(Date.UTC(2026, 2, 1, 15, 0) + minute * 60_000).toISOString();
      for (const role of ['nurse', 'doctor'] as const) {
        const found = onCall(role, at);
        if (found.length !== 1) gaps.push(`${role} at ${at}: ${JSON.stringify(found)}`);
      }
    }
    expect(gaps).toEqual([]);
  });

  it('converts an instant given in another zone to Tokyo local time', () => {
    // Friday 04:30 in New York (EST) = Friday 09:30 UTC = Friday 18:30 in Tokyo.
    expect(onCall('nurse', '2026-03-06T04:30:00-05:00')).toEqual(['nurse-day']);
    expect(onCall('management', '2026-03-06T04:30:00-05:00')).toEqual([]);
    // Friday 23:30 UTC is Saturday 08:30 in Tokyo: the Friday-night nurse, not the day nurse.
    expect(onCall('nurse', '2026-03-06T23:30:00Z')).toEqual(['nurse-night']);
    // Sunday 00:30 UTC is Sunday 09:30 in Tokyo: the night nurse's Sunday day shift.
    expect(onCall('nurse', '2026-03-08T00:30:00Z')).toEqual(['nurse-night']);
    // Monday 00:30 UTC is Monday 09:30 in Tokyo; Sunday 23:30 UTC is Monday 08:30 in Tokyo.
    expect(onCall('management', '2026-03-09T00:30:00Z')).toEqual(['manager']);
    expect(onCall('management', '2026-03-08T23:30:00Z')).toEqual([]);
    expect(onCall('doctor', '2026-03-08T23:30:00Z')).toEqual(['dr-oncall-a']);
  });

  it('returns nobody for a role with no roster entry', () => {
    expect(onCall('beautician', '2026-03-04T11:00:00+09:00')).toEqual([]);
  });
});

describe('onCallAt with a Friday 18:00-09:00 shift', () => {
  const friNight = [entry('fri-night', [{ days: ['fri'], start: '18:00', end: '09:00' }])];
  const at = (iso: string) => onCall('nurse', iso, CLINIC_ZONE, friNight);

  it('covers Friday evening and Saturday early morning', () => {
    expect(at('2026-03-06T18:00:00+09:00')).toEqual(['fri-night']);
    expect(at('2026-03-06T23:59:00+09:00')).toEqual(['fri-night']);
    expect(at('2026-03-07T00:00:00+09:00')).toEqual(['fri-night']);
    expect(at('2026-03-07T03:00:00+09:00')).toEqual(['fri-night']);
    expect(at('2026-03-07T08:59:00+09:00')).toEqual(['fri-night']);
  });

  it('does not cover Saturday 09:00 onwards, Friday before 18:00 or Friday early morning', () => {
    expect(at('2026-03-07T09:00:00+09:00')).toEqual([]);
    expect(at('2026-03-07T10:00:00+09:00')).toEqual([]);
    expect(at('2026-03-07T18:30:00+09:00')).toEqual([]);
    expect(at('2026-03-06T17:59:00+09:00')).toEqual([]);
    expect(at('2026-03-06T03:00:00+09:00')).toEqual([]);
  });

  it('filters by role', () => {
    expect(onCall('doctor', '2026-03-07T03:00:00+09:00', CLINIC_ZONE, friNight)).toEqual([]);
  });
});

describe('onCallAt across daylight-saving changes (America/New_York)', () => {
  const NY = 'America/New_York';
  const staff = [
    entry('sat-night', [{ days: ['sat'], start: '18:00', end: '09:00' }]),
    entry('sun-day', [{ days: ['sun'], start: '09:00', end: '17:00' }]),
    entry('sun-early', [{ days: ['sun'], start: '01:00', end: '02:00' }]),
  ];
  const at = (iso: string) => onCall('nurse', iso, NY, staff);

  // Clocks go forward on Sunday 2026-03-08 at 02:00 EST (UTC-5) to 03:00 EDT (UTC-4).
  it('uses EDT local time after the March change', () => {
    expect(at('2026-03-08T12:30:00Z')).toEqual(['sat-night']); // 08:30 EDT
    expect(at('2026-03-08T13:00:00Z')).toEqual(['sun-day']); // 09:00 EDT (08:00 in EST)
    expect(at('2026-03-08T13:30:00Z')).toEqual(['sun-day']); // 09:30 EDT
    expect(at('2026-03-08T21:00:00Z')).toEqual([]); // 17:00 EDT
  });

  it('uses EST local time before the March change', () => {
    expect(at('2026-03-08T06:30:00Z')).toEqual(['sat-night', 'sun-early']); // 01:30 EST
    expect(at('2026-03-08T07:30:00Z')).toEqual(['sat-night']); // 03:30 EDT (02:30 does not exist)
  });

  // Clocks go back on Sunday 2026-11-01 at 02:00 EDT (UTC-4) to 01:00 EST (UTC-5).
  it('uses EST local time after the November change', () => {
    expect(at('2026-11-01T13:30:00Z')).toEqual(['sat-night']); // 08:30 EST (09:30 in EDT)
    expect(at('2026-11-01T14:00:00Z')).toEqual(['sun-day']); // 09:00 EST
    expect(at('2026-11-01T22:00:00Z')).toEqual([]); // 17:00 EST
    expect(at('2026-11-01T21:30:00Z')).toEqual(['sun-day']); // 16:30 EST
  });

  it('covers both occurrences of the repeated 01:00-02:00 hour', () => {
    expect(at('2026-11-01T05:30:00Z')).toEqual(['sat-night', 'sun-early']); // 01:30 EDT
    expect(at('2026-11-01T06:30:00Z')).toEqual(['sat-night', 'sun-early']); // 01:30 EST
    expect(at('2026-11-01T07:30:00Z')).toEqual(['sat-night']); // 02:30 EST
  });
});

// Shift times with minutes, in Tokyo. Weekdays: 2026-03-02 Mon ... 2026-03-06 Fri, 03-07 Sat,
// 03-08 Sun, 03-09 Mon.
describe('onCallAt with shift times that have minutes', () => {
  const staff = [
    entry('day', [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:30', end: '17:15' }]),
    entry('night', [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '17:15', end: '08:30' }]),
    entry('sun-night', [{ days: ['sun'], start: '22:45', end: '06:15' }]),
  ];
  const at = (local: string) => onCall('nurse', `${local}+09:00`, CLINIC_ZONE, staff);

  it('a day shift 08:30-17:15: the minute before and at each boundary', () => {
    expect(at('2026-03-04T08:29:00')).toEqual(['night']);
    expect(at('2026-03-04T08:29:59')).toEqual(['night']);
    expect(at('2026-03-04T08:30:00')).toEqual(['day']);
    expect(at('2026-03-04T12:00:00')).toEqual(['day']);
    expect(at('2026-03-04T17:14:00')).toEqual(['day']);
    expect(at('2026-03-04T17:14:59')).toEqual(['day']);
    expect(at('2026-03-04T17:15:00')).toEqual(['night']);
  });

  it('an overnight shift 17:15-08:30 runs into the next morning', () => {
    expect(at('2026-03-02T17:15:00')).toEqual(['night']); // Mon evening
    expect(at('2026-03-02T23:59:00')).toEqual(['night']);
    expect(at('2026-03-03T00:00:00')).toEqual(['night']); // Tue, from Monday's shift
    expect(at('2026-03-03T08:29:00')).toEqual(['night']);
    expect(at('2026-03-03T08:30:00')).toEqual(['day']);
  });

  it('Friday night runs into Saturday morning, which is not a listed day', () => {
    expect(at('2026-03-07T00:00:00')).toEqual(['night']); // Sat
    expect(at('2026-03-07T08:29:00')).toEqual(['night']);
    expect(at('2026-03-07T08:30:00')).toEqual([]); // no Saturday day shift
    expect(at('2026-03-07T17:15:00')).toEqual([]); // no Saturday night shift
    expect(at('2026-03-08T08:29:00')).toEqual([]); // Sunday morning: Saturday had no shift
  });

  it('Sunday night runs into Monday morning, across the end of the week', () => {
    expect(at('2026-03-08T22:44:00')).toEqual([]);
    expect(at('2026-03-08T22:45:00')).toEqual(['sun-night']);
    expect(at('2026-03-09T06:14:00')).toEqual(['sun-night']); // Mon, from Sunday's shift
    expect(at('2026-03-09T06:15:00')).toEqual([]);
    // Monday morning before 08:30: the Sunday shift, not a weekday night shift (Sunday had none).
    expect(at('2026-03-09T08:29:00')).toEqual([]);
    // Monday night's shift does not cover the early hours of that same Monday (Sunday's ended 06:15).
    expect(at('2026-03-02T07:00:00')).toEqual([]);
  });

  it('a shift that starts and ends at the same time covers 24 hours from its start', () => {
    const allDay = [entry('all-day', [{ days: ['wed'], start: '08:30', end: '08:30' }])];
    const on = (local: string) => onCall('nurse', `${local}+09:00`, CLINIC_ZONE, allDay);
    expect(on('2026-03-04T08:29:00')).toEqual([]);
    expect(on('2026-03-04T08:30:00')).toEqual(['all-day']);
    expect(on('2026-03-05T08:29:00')).toEqual(['all-day']);
    expect(on('2026-03-05T08:30:00')).toEqual([]);
  });

  it('lists everyone on call for the role, in roster order, and only that role', () => {
    const both = [
      entry('b', [{ days: ['wed'], start: '08:30', end: '17:15' }]),
      { ...entry('doc', [{ days: ['wed'], start: '08:30', end: '17:15' }]), role: 'doctor' as const },
      entry('a', [
        { days: ['tue'], start: '09:00', end: '10:00' },
        { days: ['wed'], start: '12:00', end: '12:45' },
      ]),
    ];
    expect(onCall('nurse', '2026-03-04T12:30:00+09:00', CLINIC_ZONE, both)).toEqual(['b', 'a']);
    expect(onCall('nurse', '2026-03-04T12:45:00+09:00', CLINIC_ZONE, both)).toEqual(['b']);
    expect(onCall('doctor', '2026-03-04T12:30:00+09:00', CLINIC_ZONE, both)).toEqual(['doc']);
  });
});

describe('onCallAt whatever the time zone of the machine', () => {
  const staff = [
    entry('day', [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:30', end: '17:15' }]),
    entry('night', [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '17:15', end: '08:30' }]),
  ];
  const answers = () => ({
    friEvening: onCall('nurse', '2026-03-06T17:15:00+09:00', CLINIC_ZONE, staff),
    satMorning: onCall('nurse', '2026-03-07T08:29:00+09:00', CLINIC_ZONE, staff),
    satDay: onCall('nurse', '2026-03-07T08:30:00+09:00', CLINIC_ZONE, staff),
    monDay: onCall('nurse', '2026-03-09T08:30:00+09:00', CLINIC_ZONE, staff),
    newYorkSunday: onCall('nurse', '2026-03-08T13:00:00Z', 'America/New_York', [
      entry('sun-day', [{ days: ['sun'], start: '09:00', end: '17:00' }]),
    ]),
  });
  const expected = {
    friEvening: ['night'],
    satMorning: ['night'],
    satDay: [],
    monDay: ['day'],
    newYorkSunday: ['sun-day'],
  };

  it.each(['UTC', ...MACHINE_TIME_ZONES])('the machine in %s gives the same answers', (machineZone) => {
    expect(withProcessTimeZone(machineZone, answers)).toEqual(expected);
  });
});
