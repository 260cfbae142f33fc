// Use case: the figures of one agency and period (the summary route, the report, the notices, form 06).
import { periodFigures, itemsToRead, type PeriodFigures, type PeriodSummary } from '#domain/figures.ts';
import { parsePeriodId } from '#domain/periods.ts';
import type { FiguresStore } from '#domain/figures-ports.ts';

/** Reads the two ranges of counter items the period needs and adds them up. */
export async function readFigures(store: FiguresStore, agency: string, periodId: string): Promise<PeriodFigures> {
  const period = parsePeriodId(periodId);
  return periodFigures(agency, period, await store.readFigureItems(agency, itemsToRead(period)));
}

/** The summary shape of CONTRACT §4 (the per-field rows stay with the report). */
export function toSummary({ fields: _fields, ...summary }: PeriodFigures): PeriodSummary {
  return summary;
}
