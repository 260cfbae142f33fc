import { describe, expect, it } from 'vitest';
import { formatDate, formatDateLine, formatDecimal, formatNumber, formatPercent, formatRate, toRoman, upperVi } from '#domain/vi-format.ts';

describe('Vietnamese formatting', () => {
  it('prints a rate as a percentage rounded half up from the exact fraction, "—" over 0', () => {
    const rate = (numerator: number, denominator: number) => formatRate({ numerator, denominator });
    expect([rate(59, 63), rate(59, 59), rate(0, 7), rate(1, 3), rate(2, 3), rate(1, 8), rate(1, 800), rate(0, 0)]).toEqual(['93,65%', '100%', '0%', '33,33%', '66,67%', '12,5%', '0,13%', '—']);
    // 29/20000 = 0,145%: exactly half a hundredth, rounded up (0.145 in binary floating point is below it and gives 0,14)
    expect(rate(29, 20000)).toBe('0,15%');
    expect(rate(123_456_789, 123_456_790)).toBe('100%');
  });

  it('writes counts without a leading zero, with grouped thousands', () => {
    expect([0, 1, 4, 9, 10, 63, 516, 1234, 1234567].map(formatNumber)).toEqual(['0', '1', '4', '9', '10', '63', '516', '1.234', '1.234.567']);
    expect(() => formatNumber(-1)).toThrow(RangeError);
    expect(() => formatNumber(1.5)).toThrow(RangeError);
  });

  it('writes decimals with a comma', () => {
    expect(formatDecimal(79.568)).toBe('79,57');
    expect(formatDecimal(159.136, 3)).toBe('159,136');
    expect(formatDecimal(200)).toBe('200');
    expect(formatDecimal(1234.5)).toBe('1.234,5');
    expect(formatPercent(79.568)).toBe('79,57%');
  });

  it('pads the day below 10 and the months 1–2 only', () => {
    expect(formatDate('2022-03-03')).toBe('03/3/2022');
    expect(formatDate('2023-01-17')).toBe('17/01/2023');
    expect(formatDate('2023-06-14')).toBe('14/6/2023');
    expect(formatDate('2023-02-28')).toBe('28/02/2023');
    expect(formatDate('2022-12-30')).toBe('30/12/2022');
    expect(() => formatDate('2023-02-30')).toThrow(RangeError);
    expect(() => formatDate('15/6/2023')).toThrow(RangeError);
  });

  it('writes the date line as the seed does', () => {
    expect(formatDateLine('Quảng Ngãi', '2023-06-15')).toBe('Quảng Ngãi, ngày 15 tháng 6 năm 2023');
    expect(formatDateLine('Quảng Ngãi', '2024-01-05')).toBe('Quảng Ngãi, ngày 05 tháng 01 năm 2024');
  });

  it('returns NFC capitals and roman numerals', () => {
    const decomposed = 'UBND tỉnh Quảng Ngãi'.normalize('NFD');
    expect(upperVi(decomposed)).toBe('UBND TỈNH QUẢNG NGÃI');
    expect(upperVi(decomposed)).toBe(upperVi(decomposed).normalize('NFC'));
    expect([1, 2, 3, 4].map(toRoman)).toEqual(['I', 'II', 'III', 'IV']);
  });
});
