// The periods the chooser offers.
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

export const shortPeriodTitle = (period: Period) => periodLabel(period).replace(/^./, (c: string) => c.toUpperCase());
