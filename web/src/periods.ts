// The periods the chooser offers and the ones the figures are compared with.
import { parsePeriodId, type Period } from '#domain/periods.ts';
import { periodLabel } from '#domain/report/period-wording.ts';

const KIND_CODES = ['FY', '9M', 'H2', 'H1', 'Q4', 'Q3', 'Q2', 'Q1', ...Array.from({ length: 12 }, (_, i) => `M${String(12 - i).padStart(2, '0')}`)];

/** Every period of the last `years` years that has begun by `now`, newest year first, longest first. */
export function periodChoices(now: Date, years = 6): Period[] {
  const last = now.getFullYear() + 1; // 15–31 December already belongs to the next report year
  const out: Period[] = [];
  for (let year = last; year > last - years; year--) {
    for (const code of KIND_CODES) {
      const period = parsePeriodId(`${year}-${code}`);
      if (period.start <= now.getTime()) out.push(period);
    }
  }
  return out;
}

/** The latest half-year that has ended by `now`: what most staff open the console for. */
export function defaultPeriod(now: Date): string {
  return periodChoices(now).find((p) => p.kind === 'H' && p.end <= now.getTime())?.id ?? periodChoices(now)[0]!.id;
}

const LAST_INDEX = { M: 12, Q: 4, H: 2, '9M': 1, FY: 1 } as const;

/** The period of the same kind just before (2023-H1 → 2022-H2, 2023-FY → 2022-FY); undefined before 2000. */
export function previousPeriod(period: Period): string | undefined {
  const code = (index: number) => (period.kind === 'M' ? `M${String(index).padStart(2, '0')}` : period.kind === '9M' || period.kind === 'FY' ? period.kind : `${period.kind}${index}`);
  const id = period.index > 1 ? `${period.year}-${code(period.index - 1)}` : `${period.year - 1}-${code(LAST_INDEX[period.kind])}`;
  return safe(id);
}

/** The same period a year earlier (2023-H1 → 2022-H1). */
export const yearEarlier = (period: Period): string | undefined => safe(`${period.year - 1}${period.id.slice(period.id.indexOf('-'))}`);

function safe(id: string): string | undefined {
  try {
    return parsePeriodId(id).id;
  } catch {
    return undefined;
  }
}

export const shortPeriodTitle = (period: Period) => periodLabel(period).replace(/^./, (c: string) => c.toUpperCase());
