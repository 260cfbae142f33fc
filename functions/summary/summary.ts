// Use case: the figures of one agency and period.
import * as z from 'zod';
import { agencyId } from '#events/event.schema.ts';
import { periodFigures, monthsToRead, type PeriodFigures, type PeriodSummary } from '#domain/figures.ts';
import { parsePeriodId, periodId } from '#domain/periods.ts';
import type { FiguresStore } from '#adapters/figures-store.ts';

export const agencyPeriodParams = z.object({ agencyId, periodId });

/** Reads the counter items of the period's months (plus the next month's start) and adds them up. */
export async function readFigures(store: FiguresStore, agency: string, periodId: string): Promise<PeriodFigures> {
  const period = parsePeriodId(periodId);
  return periodFigures(agency, period, await store.readFigureItems(agency, monthsToRead(period)));
}

/** The summary shape of CONTRACT §4 (the per-field rows stay with the report). */
export function toSummary({ fields: _fields, ...summary }: PeriodFigures): PeriodSummary {
  return summary;
}
