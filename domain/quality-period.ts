import { DateTime } from 'luxon';

// The quality figures and the PDCA report cover one calendar month in the clinic's own zone: a
// month starts at local midnight of its first day, whatever the server's zone.

export const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface MonthPeriod {
  /** "2026-11" */
  month: string;
  /** The month's first instant in the clinic's zone, ISO UTC. */
  from: string;
  /** The next month's first instant (excluded), ISO UTC. */
  to: string;
  timeZone: string;
}

/** The month "YYYY-MM" in `timeZone`; throws a RangeError naming what is wrong. */
export function monthPeriod(month: string, timeZone: string): MonthPeriod {
  const match = MONTH.exec(month);
  if (!match) throw new RangeError(`month "${month}": must be YYYY-MM, e.g. "2026-11"`);
  const start = DateTime.fromObject(
    { year: Number(match[1]), month: Number(match[2]), day: 1 },
    { zone: timeZone },
  );
  if (!start.isValid)
    throw new RangeError(`time zone "${timeZone}": ${start.invalidExplanation ?? 'invalid'}`);
  return {
    month,
    from: start.toUTC().toISO()!,
    to: start.plus({ months: 1 }).toUTC().toISO()!,
    timeZone,
  };
}

/** The month `at` falls in, in `timeZone`: "YYYY-MM". */
export function monthOf(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat('yyyy-MM');
}

/** The month before the one `at` falls in, in `timeZone`: what a report made on the 1st covers. */
export function previousMonthOf(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone })
    .startOf('month')
    .minus({ months: 1 })
    .toFormat('yyyy-MM');
}

/** Whether the ISO instant `at` lies in the period [from, to). */
export function inPeriod(at: string | null | undefined, period: Pick<MonthPeriod, 'from' | 'to'>): boolean {
  if (!at) return false;
  const t = Date.parse(at);
  return t >= Date.parse(period.from) && t < Date.parse(period.to);
}
