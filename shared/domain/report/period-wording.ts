// How the report names its period and the one after it (subject line, basis, part IV, closing).
import type { Period, PeriodKind } from '../periods.ts';
import { formatMonth, toRoman, upperVi } from '../vi-format.ts';

interface Span {
  /** "6 tháng đầu năm", "quý I", "tháng 5", "9 tháng đầu năm", "năm" */
  label: string;
  year: number;
}

function span(kind: PeriodKind, index: number, year: number): Span {
  switch (kind) {
    case 'M':
      return { label: `tháng ${formatMonth(index)}`, year };
    case 'Q':
      return { label: `quý ${toRoman(index)}`, year };
    case 'H':
      return { label: index === 1 ? '6 tháng đầu năm' : '6 tháng cuối năm', year };
    case '9M':
      return { label: '9 tháng đầu năm', year };
    case 'FY':
      return { label: 'năm', year };
  }
}

/** The span whose tasks section IV sets out. */
function nextSpan(kind: PeriodKind, index: number, year: number): Span {
  switch (kind) {
    case 'M':
      return index === 12 ? span('M', 1, year + 1) : span('M', index + 1, year);
    case 'Q':
      return index === 4 ? span('Q', 1, year + 1) : span('Q', index + 1, year);
    case 'H':
      return index === 2 ? span('H', 1, year + 1) : span('H', 2, year);
    case '9M':
      return span('Q', 4, year);
    case 'FY':
      return span('FY', 1, year + 1);
  }
}

const withYear = (s: Span): string => (s.label.endsWith('năm') ? `${s.label} ${s.year}` : `${s.label} năm ${s.year}`);

export interface PeriodWording {
  /** "6 tháng đầu năm 2023", "quý I năm 2023", "năm 2023" */
  name: string;
  /** "6 tháng đầu năm và nhiệm vụ 6 tháng cuối năm 2023", "năm 2023 và nhiệm vụ năm 2024" */
  phrase: string;
  /** part IV heading without its numeral */
  nextTasksTitle: string;
}

export function periodWording(period: Pick<Period, 'kind' | 'index' | 'year'>): PeriodWording {
  const current = span(period.kind, period.index, period.year);
  const next = nextSpan(period.kind, period.index, period.year);
  const phrase =
    current.year === next.year
      ? `${current.label} và nhiệm vụ ${withYear(next)}`
      : `${withYear(current)} và nhiệm vụ ${withYear(next)}`;
  const during = period.kind === 'H' ? 'trong thời gian' : 'trong';
  return { name: withYear(current), phrase, nextTasksTitle: upperVi(`Phương hướng, nhiệm vụ trọng tâm ${during} ${withYear(next)}`) };
}
