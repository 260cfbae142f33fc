import { describe, expect, it } from 'vitest';
import { contains, localDate, monthOf, nextMonth, parsePeriodId, PeriodIdError, periodsClosingOn } from '#domain/periods.ts';

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
    ['2023-03-15', ['2023-Q1']],
    ['2023-06-15', ['2023-Q2', '2023-H1']],
    ['2023-09-15', ['2023-Q3', '2023-9M']],
    ['2023-12-15', ['2023-Q4', '2023-H2', '2023-FY']],
    ['2023-06-14', []],
    ['2023-07-15', []],
  ])('on %s closes %j', (date, ids) => {
    expect(periodsClosingOn(date).map((p) => p.id)).toEqual(ids);
  });
});
