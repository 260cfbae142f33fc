// Vietnamese number and date formatting for the report (docs/report.md "Vietnamese formatting",
// Decree 30/2020/NĐ-CP). Everything returned is NFC.

export const nfc = (text: string): string => text.normalize('NFC');

/** Capitals as the header and headings write them ("UBND TỈNH QUẢNG NGÃI"). */
export const upperVi = (text: string): string => nfc(text).toLocaleUpperCase('vi');

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

function assertCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${n} is not a count`);
}

/**
 * A count, in running text as in a table: no leading zero ("0", "4", "63"), thousands "1.234". One
 * rule for every count the system writes, the seed's own "4 hồ sơ đang xử lý"; staff narrative keeps
 * its own writing ("03 phòng").
 */
export function formatNumber(n: number): string {
  assertCount(n);
  return groupThousands(String(n));
}

/** A decimal with "," and at most `maxFractionDigits` digits, trailing zeros dropped: 79,57; 159,136; 200. */
export function formatDecimal(value: number, maxFractionDigits = 2): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number`);
  const [whole, fraction = ''] = Math.abs(value).toFixed(maxFractionDigits).split('.') as [string, string?];
  const trimmed = fraction.replace(/0+$/, '');
  const sign = value < 0 && (whole !== '0' || trimmed !== '') ? '-' : '';
  return `${sign}${groupThousands(whole)}${trimmed ? `,${trimmed}` : ''}`;
}

/** "79,57%". */
export const formatPercent = (value: number, maxFractionDigits = 2): string =>
  `${formatDecimal(value, maxFractionDigits)}%`;

/**
 * A rate as the report prints it (CONTRACT §3): the percentage with at most two decimals, rounded
 * half up from the exact fraction ("93,65%", "100%"), or "—" when the denominator is 0.
 */
export function formatRate(rate: { numerator: number; denominator: number }): string {
  const hundredths = rateHundredths(rate);
  return hundredths === undefined ? '—' : formatPercent(hundredths / 100);
}

/**
 * A rate in hundredths of a percent, rounded half up as `formatRate` prints it (9365 for 93,65%),
 * or undefined when the denominator is 0: differences of printed rates are taken on these.
 */
export function rateHundredths({ numerator, denominator }: { numerator: number; denominator: number }): number | undefined {
  assertCount(numerator);
  assertCount(denominator);
  if (denominator === 0) return undefined;
  // in integers so that no binary fraction tips the rounding
  return Number((BigInt(numerator) * 20000n + BigInt(denominator)) / (2n * BigInt(denominator)));
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Splits a YYYY-MM-DD calendar date; throws on anything that is not a real date. */
export function parseIsoDate(date: string): { year: number; month: number; day: number } {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`"${date}" is not a YYYY-MM-DD date`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new RangeError(`"${date}" is not a calendar date`);
  }
  return { year, month, day };
}

/** Day below 10 takes a leading zero (Decree 30/2020, Appendix I). */
const formatDay = (day: number): string => (day < 10 ? `0${day}` : String(day));
/** Months 1 and 2 take a leading zero, the others none. */
export const formatMonth = (month: number): string => (month <= 2 ? `0${month}` : String(month));

/** A date in the text: "03/3/2022", "17/01/2023", "14/6/2023". */
export function formatDate(date: string): string {
  const { year, month, day } = parseIsoDate(date);
  return `${formatDay(day)}/${formatMonth(month)}/${year}`;
}

/** The day, month and year as the date line prints them ("15", "6", "2023"): what the clerk writes into a signed report's blanks. */
export function dateLineParts(date: string): { day: string; month: string; year: string } {
  const { year, month, day } = parseIsoDate(date);
  return { day: formatDay(day), month: formatMonth(month), year: String(year) };
}

/** The place and date line: "Quảng Ngãi, ngày 15 tháng 6 năm 2023"; same padding as dates. */
export function formatDateLine(place: string, date: string): string {
  const { day, month, year } = dateLineParts(date);
  return nfc(`${place}, ngày ${day} tháng ${month} năm ${year}`);
}

const ROMAN = ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'] as const;

/** Roman numerals 1–10 (quý I–IV, outline parts I–IV). */
export function toRoman(n: number): string {
  const r = ROMAN[n];
  if (!r || !Number.isInteger(n)) throw new RangeError(`${n} has no roman numeral here`);
  return r;
}
