// Decree 09/2019/NĐ-CP reporting periods. Every period is a run of consecutive "report
// months" (15th of one month to the 14th of the next), so figures are kept per report month
// and a period's figures are the sum of its months.
import * as z from 'zod';

const OFFSET_MS = 7 * 3600 * 1000; // UTC+7 all year, no daylight saving
const DAY_MS = 24 * 3600 * 1000;

export type PeriodKind = 'M' | 'Q' | 'H' | '9M' | 'FY';

export interface Period {
  id: string;
  kind: PeriodKind;
  year: number;
  /** month 1–12, quarter 1–4, half 1–2; 1 for 9M and FY */
  index: number;
  /** first local date, YYYY-MM-DD, inclusive */
  from: string;
  /** last local date, YYYY-MM-DD, inclusive */
  to: string;
  /** S: 00:00 local of `from`, epoch ms */
  start: number;
  /** E: 00:00 local of the day after `to`, epoch ms */
  end: number;
  /** the report months (YYYY-Mnn) the period is made of, in order */
  months: string[];
}

// Years are checked apart (PERIOD_YEARS); outside this module go through parsePeriodId or `periodId`.
const PERIOD_ID = /^(\d{4})-(M(0[1-9]|1[0-2])|Q[1-4]|H[12]|9M|FY)$/;
const PERIOD_ID_FORMS = 'YYYY-M01…M12, YYYY-Q1…Q4, YYYY-H1, YYYY-H2, YYYY-9M or YYYY-FY';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Epoch ms of 00:00 local time on the given local date. */
function localMidnight(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) - OFFSET_MS;
}

/** The local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(instant: number): string {
  const d = new Date(instant + OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** Epoch ms of 00:00 local time on a YYYY-MM-DD local date. */
export function startOfLocalDate(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return localMidnight(y, m, d);
}

export function addDays(date: string, days: number): string {
  return localDate(startOfLocalDate(date) + days * DAY_MS);
}

/** Report month `index` of `year` runs 15/(index-1) … 14/index; month 1 starts 15/12 of year-1. */
function monthStart(year: number, index: number): number {
  return index === 1 ? localMidnight(year - 1, 12, 15) : localMidnight(year, index - 1, 15);
}

export function monthId(year: number, index: number): string {
  return `${year}-M${pad2(index)}`;
}

/** The report month (YYYY-Mnn) an instant belongs to, by its local date. */
export function monthOf(instant: number): string {
  const d = new Date(instant + OFFSET_MS);
  let year = d.getUTCFullYear();
  let index = d.getUTCMonth() + 1;
  if (d.getUTCDate() >= 15) index += 1;
  if (index === 13) {
    index = 1;
    year += 1;
  }
  return monthId(year, index);
}

/** The year of a report month or period id. */
/** The year of a period or report-month id (`2023-M07` → 2023). */
export const yearOf = (id: string): number => Number(id.slice(0, id.indexOf('-')));

/** CONTRACT §1 bounds: events fall on the local dates 2000-01-01 … 2099-12-31. */
export const EVENT_DATES = { first: '2000-01-01', last: '2099-12-31' } as const;
/** The same bounds as instants: [EVENTS_FROM, EVENTS_UNTIL). */
export const EVENTS_FROM = startOfLocalDate(EVENT_DATES.first);
export const EVENTS_UNTIL = startOfLocalDate(EVENT_DATES.last) + DAY_MS;
/** True when an instant falls on a local date inside the bounds of CONTRACT §1. */
export const withinEventBounds = (instant: number): boolean => instant >= EVENTS_FROM && instant < EVENTS_UNTIL;
/**
 * The years a period id may name: those of the report months of the bounds, 2000 (2000-M01) to
 * 2100 (15–31/12/2099 is 2100-M01). No event counts outside them, and Date.UTC would read
 * years 0–99 as 1900–1999.
 */
export const PERIOD_YEARS = { first: yearOf(monthOf(EVENTS_FROM)), last: yearOf(monthOf(EVENTS_UNTIL - 1)) } as const;

/** The report month after the given one. */
export function nextMonth(month: string): string {
  const { year, index } = parsePeriodId(month);
  return index === 12 ? monthId(year + 1, 1) : monthId(year, index + 1);
}

const SPAN: Record<Exclude<PeriodKind, 'M'>, (index: number) => [number, number]> = {
  Q: (i) => [3 * i - 2, 3 * i],
  H: (i) => [6 * i - 5, 6 * i],
  '9M': () => [1, 9],
  FY: () => [1, 12],
};

export class PeriodIdError extends Error {
  /** what is wrong, without the id: for messages that name the field instead */
  constructor(id: string, readonly reason: string) {
    super(`Bad period id "${id}": ${reason}`);
  }
}

/** Parses a period id of CONTRACT §2 of the years PERIOD_YEARS; throws PeriodIdError on anything else. */
export function parsePeriodId(id: string): Period {
  const match = PERIOD_ID.exec(id);
  if (!match) throw new PeriodIdError(id, `must be a period id: ${PERIOD_ID_FORMS}`);
  const year = Number(match[1]);
  if (year < PERIOD_YEARS.first || year > PERIOD_YEARS.last) {
    throw new PeriodIdError(id, `must be a period of the years ${PERIOD_YEARS.first}–${PERIOD_YEARS.last} (events fall on ${EVENT_DATES.first} … ${EVENT_DATES.last})`);
  }
  const code = match[2]!;
  let kind: PeriodKind;
  let index: number;
  let first: number;
  let last: number;
  if (code.startsWith('M')) {
    kind = 'M';
    index = Number(code.slice(1));
    first = last = index;
  } else if (code === '9M' || code === 'FY') {
    kind = code;
    index = 1;
    [first, last] = SPAN[kind](1);
  } else {
    kind = code[0] as 'Q' | 'H';
    index = Number(code.slice(1));
    [first, last] = SPAN[kind](index);
  }
  const start = monthStart(year, first);
  const end = last === 12 ? monthStart(year + 1, 1) : monthStart(year, last + 1);
  const months: string[] = [];
  for (let m = first; m <= last; m++) months.push(monthId(year, m));
  return { id, kind, year, index, from: localDate(start), to: localDate(end - 1), start, end, months };
}

/** A period id in a request (path or body): the one rule of parsePeriodId, as a zod schema. */
export const periodId = z
  .string()
  .superRefine((id, ctx) => {
    try {
      parsePeriodId(id);
    } catch (error) {
      if (!(error instanceof PeriodIdError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.reason });
    }
  })
  // For the generated JSON Schema, which cannot run the check above: the form, and the years in words.
  .meta({
    pattern: PERIOD_ID.source,
    description: `a reporting period of Decree 09/2019: ${PERIOD_ID_FORMS}, of the years ${PERIOD_YEARS.first}–${PERIOD_YEARS.last}`,
  });

/** True when the instant lies in [S, E) of the period. */
export function contains(period: Period, instant: number): boolean {
  return instant >= period.start && instant < period.end;
}

/**
 * The periods that close on a local date: every 15th ends the report month ending on the 14th
 * (`M`); the 15th of March, June, September and December also end the quarter, and with it the
 * half-year, the nine months or the year ending on the 14th.
 */
export function periodsClosingOn(date: string): Period[] {
  const [year, m, d] = date.split('-').map(Number) as [number, number, number];
  if (d !== 15) return [];
  const ids = [`${year}-M${String(m).padStart(2, '0')}`];
  if (m % 3 !== 0) return ids.map(parsePeriodId);
  ids.push(`${year}-Q${m / 3}`);
  if (m === 6) ids.push(`${year}-H1`);
  if (m === 9) ids.push(`${year}-9M`);
  if (m === 12) ids.push(`${year}-H2`, `${year}-FY`);
  return ids.map(parsePeriodId);
}

/** A period id of the years PERIOD_YEARS, or undefined outside them (nothing counts there). */
function periodIdWithin(year: number, code: string): string | undefined {
  return year >= PERIOD_YEARS.first && year <= PERIOD_YEARS.last ? `${year}-${code}` : undefined;
}

const codeOf = (period: Period): string => period.id.slice(period.id.indexOf('-') + 1);

/** The same period a year earlier ("2023-H1" → "2022-H1"); undefined before the first year. */
export function yearEarlierPeriodId(period: Period): string | undefined {
  return periodIdWithin(period.year - 1, codeOf(period));
}

/**
 * The period of the same kind just before ("2023-H1" → "2022-H2", "2023-Q1" → "2022-Q4",
 * "2023-M01" → "2022-M12"); for 9M and FY, which come once a year, the year earlier.
 */
export function previousPeriodId(period: Period): string | undefined {
  const { kind, index, year } = period;
  const count = { M: 12, Q: 4, H: 2, '9M': 1, FY: 1 }[kind];
  if (count === 1) return yearEarlierPeriodId(period);
  const [y, i] = index === 1 ? [year - 1, count] : [year, index - 1];
  return periodIdWithin(y, kind === 'M' ? `M${pad2(i)}` : `${kind}${i}`);
}
