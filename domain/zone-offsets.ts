import { IANAZone } from 'luxon';

// The UTC offset of an IANA time zone at an instant, remembered. Reading an offset goes through
// Intl (~6 µs); the calendar asks for the same few instants over and over — every journey of the
// day has its doses at 08:00 and 20:00 local and the same quiet hours — and a medication course's
// dose schedule alone asked ~200 times (issue 13: in a profile of new journeys, luxon's offset
// lookups and the calendar around them were ~3-4 s of the workflow thread's 16 s). A pure function of (zone, instant) given the time-zone data, so
// remembering it changes no answer. The workflow bundle preloads this module (shared by every
// workflow of a worker thread); the memory is bounded by MAX_REMEMBERED.

/** Offsets remembered before the memory starts over (a few MiB at most). */
export const MAX_REMEMBERED = 50_000;

const remembered = new Map<string, Map<number, number>>();
let count = 0;

/** The zone, or an error naming it when it is not an IANA zone. */
export function ianaZone(timeZone: string): IANAZone {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) throw new Error(`unknown IANA time zone "${timeZone}"`);
  return zone;
}

/** How many offsets are remembered now (never more than MAX_REMEMBERED). */
export function rememberedOffsets(): number {
  return count;
}

/** Minutes the zone's wall clock is ahead of UTC at `t` (epoch ms). */
export function zoneOffset(timeZone: string, t: number): number {
  let offsets = remembered.get(timeZone);
  const known = offsets?.get(t);
  if (known !== undefined) return known;
  const offset = ianaZone(timeZone).offset(t);
  if (count >= MAX_REMEMBERED) {
    remembered.clear();
    count = 0;
    offsets = undefined;
  }
  if (!offsets) remembered.set(timeZone, (offsets = new Map()));
  offsets.set(t, offset);
  count += 1;
  return offset;
}
