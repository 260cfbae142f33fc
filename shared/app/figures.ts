// Use case: the figures of one agency and period (the summary route, the report, the notices, form 06).
import { periodFigures, itemsToRead, type FieldFigures, type PeriodFigures, type PeriodSummary } from '#domain/figures.ts';
import { parsePeriodId, previousPeriod, yearEarlier } from '#domain/periods.ts';
import type { FiguresStore } from '#domain/figures-ports.ts';

/** Reads the two ranges of counter items the period needs and adds them up. */
export async function readFigures(store: FiguresStore, agency: string, periodId: string): Promise<PeriodFigures> {
  const period = parsePeriodId(periodId);
  return periodFigures(agency, period, await store.readFigureItems(agency, itemsToRead(period)));
}

/** The summary shape of CONTRACT §4 (the per-field rows stay with the report). */
function toSummary({ fields: _fields, ...summary }: PeriodFigures): PeriodSummary {
  return summary;
}

/** What the summary route adds beside the summary when asked (`?by=`, `?compare=`). */
export interface SummaryOptions {
  by: ReadonlyArray<'field' | 'month'>;
  compare: ReadonlyArray<'previous' | 'yearEarlier'>;
}

/** The summary route's answer: the summary, and each addition asked for. */
export type SummaryAnswer = PeriodSummary & {
  fields?: FieldFigures[];
  months?: PeriodSummary[];
  previous?: PeriodSummary | null;
  yearEarlier?: PeriodSummary | null;
};

/**
 * The summary with what the console's figures page shows beside it (the per-field rows, each month,
 * the periods it is compared with), read at once so the page needs one request, not one per period.
 */
export async function summaryAnswer(store: FiguresStore, agency: string, periodId: string, options: SummaryOptions): Promise<SummaryAnswer> {
  const period = parsePeriodId(periodId);
  const summaryOf = async (id: string | undefined) => (id === undefined ? null : toSummary(await readFigures(store, agency, id)));
  const compared = async (which: SummaryOptions['compare'][number], id: string | undefined) => (options.compare.includes(which) ? { [which]: await summaryOf(id) } : {});
  const [figures, months, previous, earlier] = await Promise.all([
    readFigures(store, agency, periodId),
    options.by.includes('month') ? Promise.all(period.months.map(async (month) => toSummary(await readFigures(store, agency, month)))) : undefined,
    compared('previous', previousPeriod(period)),
    compared('yearEarlier', yearEarlier(period)),
  ]);
  return { ...(options.by.includes('field') ? figures : toSummary(figures)), ...(months ? { months } : {}), ...previous, ...earlier };
}
