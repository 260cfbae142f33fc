import { describe, expect, it } from 'vitest';
import {
  contains,
  EVENTS_FROM,
  EVENTS_UNTIL,
  localDate,
  monthOf,
  nextMonth,
  parsePeriodId,
  PERIOD_YEARS,
  PeriodIdError,
  periodId,
  periodsClosingOn,
  withinEventBounds,
} from '#domain/periods.ts';

const at = (iso: string) => Date.parse(iso);

describe('Decree 09 periods', () => {
  it.each([
    ['2023-M01', '2022-12-15', '2023-01-14'],
    ['2023-M02', '2023-01-15', '2023-02-14'],
    ['2023-M03', '2023-02-15', '2023-03-14'],
    ['2023-M12', '2023-11-15', '2023-12-14'],
    ['2023-Q1', '2022-12-15', '2023-03-14'],
    ['2023-Q2', '2023-03-15', '2023-06-14'],
    ['2023-Q3', '2023-06-15', '2023-09-14'],
    ['2023-Q4', '2023-09-15', '2023-12-14'],
    ['2023-H1', '2022-12-15', '2023-06-14'],
    ['2023-H2', '2023-06-15', '2023-12-14'],
    ['2023-9M', '2022-12-15', '2023-09-14'],
    ['2023-FY', '2022-12-15', '2023-12-14'],
    ['2024-M03', '2024-02-15', '2024-03-14'],
  ])('%s runs %s … %s', (id, from, to) => {
    const p = parsePeriodId(id);
    expect([p.from, p.to]).toEqual([from, to]);
    expect(p.start).toBe(at(`${from}T00:00:00+07:00`));
    expect(localDate(p.end)).toBe(localDate(at(`${to}T12:00:00+07:00`) + 86_400_000));
  });

  it('H1 is made of report months 1–6 and FY of all twelve', () => {
    expect(parsePeriodId('2023-H1').months).toEqual(['2023-M01', '2023-M02', '2023-M03', '2023-M04', '2023-M05', '2023-M06']);
    expect(parsePeriodId('2023-FY').months).toHaveLength(12);
    expect(parsePeriodId('2023-Q4').months).toEqual(['2023-M10', '2023-M11', '2023-M12']);
  });

  it('puts 14/6 23:59:59+07:00 in H1 and 14/6 17:00:00Z (15/6 00:00 local) in H2', () => {
    const h1 = parsePeriodId('2023-H1');
    const h2 = parsePeriodId('2023-H2');
    expect(contains(h1, at('2023-06-14T23:59:59+07:00'))).toBe(true);
    expect(contains(h1, at('2023-06-14T23:59:59.999+07:00'))).toBe(true);
    expect(contains(h1, at('2023-06-14T17:00:00Z'))).toBe(false);
    expect(contains(h2, at('2023-06-14T17:00:00Z'))).toBe(true);
    expect(contains(h1, at('2023-06-14T16:59:59Z'))).toBe(true);
  });

  it('starts H1 at 15/12 00:00 local of the year before, not a second earlier', () => {
    const h1 = parsePeriodId('2023-H1');
    expect(contains(h1, at('2022-12-14T17:00:00Z'))).toBe(true);
    expect(contains(h1, at('2022-12-14T16:59:59Z'))).toBe(false);
    expect(contains(parsePeriodId('2022-FY'), at('2022-12-14T16:59:59Z'))).toBe(true);
  });

  it('finds the report month of an instant by its local date', () => {
    expect(monthOf(at('2022-12-15T00:00:00+07:00'))).toBe('2023-M01');
    expect(monthOf(at('2022-12-14T23:59:59+07:00'))).toBe('2022-M12');
    expect(monthOf(at('2023-01-14T23:00:00+07:00'))).toBe('2023-M01');
    expect(monthOf(at('2023-01-14T17:00:00Z'))).toBe('2023-M02');
    expect(monthOf(at('2023-06-14T17:00:00Z'))).toBe('2023-M07');
    expect(nextMonth('2023-M12')).toBe('2024-M01');
  });

  it.each(['2023-Q5', '2023-M13', '2023-M00', '2023-H3', '23-H1', '2023-h1', '2023-9m', '', '2023-FY '])('refuses %j', (id) => {
    expect(() => parsePeriodId(id)).toThrow(PeriodIdError);
  });

  it.each([
    ['2023-03-15', ['2023-M03', '2023-Q1']],
    ['2023-06-15', ['2023-M06', '2023-Q2', '2023-H1']],
    ['2023-09-15', ['2023-M09', '2023-Q3', '2023-9M']],
    ['2023-12-15', ['2023-M12', '2023-Q4', '2023-H2', '2023-FY']],
    ['2023-06-14', []],
    ['2023-07-15', ['2023-M07']],
    ['2024-01-15', ['2024-M01']],
    ['2023-07-16', []],
  ])('on %s closes %j', (date, ids) => {
    expect(periodsClosingOn(date).map((p) => p.id)).toEqual(ids);
  });

  it('takes the years of the report months of the event bounds, 2000–2100', () => {
    expect(PERIOD_YEARS).toEqual({ first: 2000, last: 2100 });
    expect(monthOf(EVENTS_FROM)).toBe('2000-M01');
    // 15–31/12/2099, the last dates an event may fall on, are report month 2100-M01.
    expect(monthOf(EVENTS_UNTIL - 1)).toBe('2100-M01');
    for (const id of ['2000-M01', '2000-FY', '2100-M01', '2100-Q1', '2100-H1', '2100-FY', '2100-M12']) expect(parsePeriodId(id).id).toBe(id);
    expect(parsePeriodId('2100-FY').from).toBe('2099-12-15');
    // The month after the last one a 2099 dossier can reach is still a period id (its start is a stock boundary).
    expect(nextMonth('2100-M01')).toBe('2100-M02');
  });

  it.each(['9999-FY', '0001-Q1', '0000-M01', '1999-M12', '1999-FY', '2101-M01', '2101-H1'])('refuses %s, outside the years 2000–2100', (id) => {
    expect(() => parsePeriodId(id)).toThrow(PeriodIdError);
    expect(() => parsePeriodId(id)).toThrow(/years 2000–2100/);
  });

  it('bounds events to the local dates 2000-01-01 … 2099-12-31', () => {
    expect(withinEventBounds(at('1999-12-31T17:00:00Z'))).toBe(true); // 2000-01-01 00:00 local
    expect(withinEventBounds(at('1999-12-31T16:59:59.999Z'))).toBe(false);
    expect(withinEventBounds(at('2099-12-31T16:59:59.999Z'))).toBe(true); // 2099-12-31 23:59:59.999 local
    expect(withinEventBounds(at('2099-12-31T17:00:00Z'))).toBe(false);
    expect(withinEventBounds(at('9999-12-31T20:00:00Z'))).toBe(false); // local year 10000
    expect(withinEventBounds(Number.NaN)).toBe(false);
  });

  it('has one zod schema for period ids in requests, with the reason and not the id in its message', () => {
    expect(periodId.parse('2023-H1')).toBe('2023-H1');
    const message = (id: unknown) => periodId.safeParse(id).error?.issues.map((i) => i.message);
    expect(message('9999-FY')).toEqual([expect.stringContaining('2000–2100')]);
    expect(message('2023-H3')).toEqual([expect.stringContaining('YYYY-FY')]);
    expect(message('x'.repeat(5000))?.[0]?.length).toBeLessThan(200);
    expect(periodId.safeParse(2023).success).toBe(false);
  });
});
