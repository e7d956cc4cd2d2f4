import { IANAZone } from 'luxon';
import { MAX_REMEMBERED, ianaZone, rememberedOffsets, zoneOffset } from '../../domain/zone-offsets';

// The remembered offsets answer exactly what the time-zone data says, across DST changes, and
// their memory stays bounded.

const HOUR = 3_600_000;

describe('zoneOffset', () => {
  it.each([
    // New York: spring forward 2026-03-08 07:00Z, fall back 2026-11-01 06:00Z.
    ['America/New_York', Date.parse('2026-03-08T06:59:59.999Z'), -300],
    ['America/New_York', Date.parse('2026-03-08T07:00:00Z'), -240],
    ['America/New_York', Date.parse('2026-11-01T05:59:59.999Z'), -240],
    ['America/New_York', Date.parse('2026-11-01T06:00:00Z'), -300],
    ['Asia/Tokyo', Date.parse('2026-07-01T00:00:00Z'), 540],
    ['Australia/Lord_Howe', Date.parse('2026-07-01T00:00:00Z'), 630],
    ['Australia/Lord_Howe', Date.parse('2026-12-01T00:00:00Z'), 660],
  ])('%s at %d is %d minutes, asked once or again', (zone, t, minutes) => {
    expect(zoneOffset(zone, t)).toBe(minutes);
    expect(zoneOffset(zone, t)).toBe(minutes);
  });

  it('answers as the time-zone data does for every hour of a year in several zones', () => {
    const from = Date.parse('2026-01-01T00:00:00Z');
    for (const zone of ['Europe/London', 'America/Sao_Paulo', 'Asia/Taipei', 'Pacific/Chatham']) {
      const data = IANAZone.create(zone);
      for (let t = from; t < from + 366 * 24 * HOUR; t += HOUR) {
        expect([zone, t, zoneOffset(zone, t)]).toEqual([zone, t, data.offset(t)]);
      }
    }
  });

  it('names an unknown zone, and remembers nothing for it', () => {
    const before = rememberedOffsets();
    expect(() => zoneOffset('Mars/Olympus', 0)).toThrow('unknown IANA time zone "Mars/Olympus"');
    expect(() => ianaZone('Mars/Olympus')).toThrow(/unknown IANA time zone/);
    expect(rememberedOffsets()).toBe(before);
  });

  it(`keeps at most ${MAX_REMEMBERED} offsets, and still answers right after starting over`, () => {
    const data = IANAZone.create('America/New_York');
    const from = Date.parse('2026-03-07T00:00:00Z');
    for (let i = 0; i < MAX_REMEMBERED + 10; i++) {
      const t = from + i * 1_000;
      expect(zoneOffset('America/New_York', t)).toBe(data.offset(t));
      expect(rememberedOffsets()).toBeLessThanOrEqual(MAX_REMEMBERED);
    }
    expect(rememberedOffsets()).toBeLessThan(MAX_REMEMBERED);
  });
});
