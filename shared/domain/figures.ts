// The figures of a period (CONTRACT §3), as the summary route answers them. The answer's shape is a
// zod schema so the OpenAPI document describes it from the same definition the types come from.
import * as z from 'zod';
import { DOSSIER_MEASURES, splitCounterKey, type Counters, type DossierMeasure } from './counters.ts';
import { monthId, nextMonth, yearOf, type Period } from './periods.ts';

const count = (description: string) => z.int().min(0).meta({ description });
// Only ever written by this code, never parsed: the format says enough.
const localDay = (description: string) => z.string().meta({ format: 'date', description });

const DossierFiguresSchema = z.object({
  received: z.object({
    total: count('carriedOver + online + direct + postal'),
    carriedOver: count('received before S and not closed before S (kỳ trước chuyển qua)'),
    online: count('received in [S, E) online'),
    direct: count('received in [S, E) at the counter'),
    postal: count('received in [S, E) by post'),
  }),
  resolved: z.object({
    total: count('early + onTime + late'),
    early: count('resolved in [S, E) before the local date of the due date in force (trước hạn)'),
    onTime: count('resolved in [S, E) on that date (đúng hạn)'),
    late: count('resolved in [S, E) after it (trễ hạn)'),
  }),
  withdrawn: count('closed in [S, E) by dossier.withdrawn'),
  returned: count('closed in [S, E) by dossier.returned'),
  pending: z.object({
    total: count('received before E and not closed before E'),
    withinDeadline: count('total − overdue (chưa đến hạn)'),
    overdue: count("whose due date in force at E falls on or before the period's last date"),
  }),
});

const DocumentFiguresSchema = z.object({
  issued: z.object({
    total: count('electronic + electronicWithPaper + paper'),
    electronic: count('issued in [S, E) as electronic documents, confidential ones left out'),
    electronicWithPaper: count('issued in [S, E) electronically with a paper copy, confidential ones left out'),
    paper: count('issued in [S, E) on paper only, confidential ones left out'),
  }),
});

const rate = (description: string, numerator: string, denominator: string) =>
  z.object({ numerator: count(numerator), denominator: count(denominator) }).meta({ description });

/** CONTRACT §3 rates: exact counts; `new` is online + direct + postal (carried-over excluded). */
const RatesSchema = z.object({
  onTime: rate('tỷ lệ giải quyết trước hạn, đúng hạn', 'resolved.early + resolved.onTime', 'resolved.total'),
  online: rate('tỷ lệ hồ sơ trực tuyến', 'received.online', 'new'),
  fullyOnline: rate('trực tuyến toàn trình', 'received in [S, E) with fullyOnline: true on the counting received', 'new'),
  digitized: rate('số hóa hồ sơ', 'received in [S, E) with digitized: true on the counting received', 'new'),
  resultElectronic: rate('kết quả điện tử', 'resolved in [S, E) with resultElectronic: true on the counting resolved', 'resolved.total'),
});

/** The figures of CONTRACT §3 that add up across agencies: the roll-up's rows and total. */
export const AgencyFiguresSchema = z.object({
  dossiers: DossierFiguresSchema,
  documents: DocumentFiguresSchema,
  rates: RatesSchema,
});

/** The answer of GET …/periods/{periodId}/summary. */
export const PeriodSummarySchema = z.object({
  agencyId: z.string(),
  period: z.object({
    id: z.string(),
    from: localDay("the period's first local date (S is 00:00 of it, Asia/Ho_Chi_Minh)"),
    to: localDay("the period's last local date (E is 00:00 of the day after)"),
  }),
  ...AgencyFiguresSchema.shape,
});

export type DossierFigures = z.infer<typeof DossierFiguresSchema>;
export type DocumentFigures = z.infer<typeof DocumentFiguresSchema>;
export type PeriodSummary = z.infer<typeof PeriodSummarySchema>;
export type Rates = z.infer<typeof RatesSchema>;
export type Rate = Rates['onTime'];
export type AgencyFigures = z.infer<typeof AgencyFiguresSchema>;
/** The rates the report prints. */
export type DossierRates = Pick<Rates, 'onTime' | 'online'>;

/** The dossiers the indicator rates count (CONTRACT §3). */
interface IndicatorCounts {
  fullyOnline: number;
  digitized: number;
  resultElectronic: number;
}

const of = (numerator: number, denominator: number): Rate => ({ numerator, denominator });

/** The two rates the dossier figures alone give (any row of form 06 has them). */
export function dossierRates(d: DossierFigures): DossierRates {
  return { onTime: of(d.resolved.early + d.resolved.onTime, d.resolved.total), online: of(d.received.online, d.received.online + d.received.direct + d.received.postal) };
}

function ratesOf(d: DossierFigures, counted: IndicatorCounts): Rates {
  const fresh = d.received.online + d.received.direct + d.received.postal;
  return {
    ...dossierRates(d),
    fullyOnline: of(counted.fullyOnline, fresh),
    digitized: of(counted.digitized, fresh),
    resultElectronic: of(counted.resultElectronic, d.resolved.total),
  };
}

/** Two figures of one shape added count by count. */
const add = <T>(a: T, b: T): T =>
  (typeof a === 'number' ? a + (b as number) : Object.fromEntries(Object.entries(a as object).map(([k, v]) => [k, add(v, (b as Record<string, unknown>)[k])]))) as T;

/** Dossier figures added up (a level's or the province's row of form 06, a field over several agencies). */
export function sumDossiers(list: readonly DossierFigures[]): DossierFigures {
  const none = zeroMeasures();
  return list.reduce(add, dossierFigures(none, none, none));
}

/**
 * Figures of several agencies added up: every count and every rate's numerator and denominator is
 * a sum over dossiers or documents, so the sum's rates are those of the summed counts.
 */
export function sumFigures(list: readonly AgencyFigures[]): AgencyFigures {
  const none = zeroMeasures();
  const dossiers = dossierFigures(none, none, none);
  const zero: AgencyFigures = {
    dossiers,
    documents: { issued: { total: 0, electronic: 0, electronicWithPaper: 0, paper: 0 } },
    rates: ratesOf(dossiers, { fullyOnline: 0, digitized: 0, resultElectronic: 0 }),
  };
  return list.reduce<AgencyFigures>((total, f) => add(total, { dossiers: f.dossiers, documents: f.documents, rates: f.rates }), zero);
}

/** One row of form 06/VPCP/KSTT: the dossier figures of one field (lĩnh vực). */
export interface FieldFigures {
  fieldCode: string;
  /** the field's name as the one-stop-shop sent it; the code when it sent none */
  fieldName: string;
  dossiers: DossierFigures;
}

/** The summary plus the per-field breakdown the report's form-06 table needs. */
export interface PeriodFigures extends PeriodSummary {
  fields: FieldFigures[];
}


/** What the store holds for an agency, restricted to the items a period needs (see `itemsToRead`). */
export interface FigureItems {
  /** report month id → flows in the month and stock changes at its start */
  months: ReadonlyMap<string, Counters>;
  /** report year → its months' stock changes added up */
  years: ReadonlyMap<string, Counters>;
  fieldNames: ReadonlyMap<string, string>;
}

/** Which counter items a period's figures need: two ranges of the agency's items, whatever its history. */
export interface ItemRanges {
  /** report months, both inclusive: from the first month of the period's first year to the month after the period */
  months: { from: string; to: string };
  /** report years before the year of the month after the period (their stock changes), both inclusive; none when `to` < `from` */
  years: { from: string; to: string };
}

/** The agency totals a period's figures need (see `totalsToRead`): every bucket by name, so many agencies' can be fetched at once. */
export interface TotalBuckets {
  /** report months, from the first of the period's first year to the month after the period */
  months: string[];
  /** report years before the year of the month after the period */
  years: string[];
}

/** The first report year any counter can belong to: events start on 2000-01-01 (CONTRACT §1). */
const FIRST_COUNTER_YEAR = 2000;

export function itemsToRead(period: Period): ItemRanges {
  const after = nextMonth(period.months.at(-1)!);
  return {
    months: { from: monthId(yearOf(period.months[0]!), 1), to: after },
    years: { from: String(FIRST_COUNTER_YEAR), to: String(yearOf(after) - 1) },
  };
}

/** The buckets of `itemsToRead`, listed: ≤ 25 months and ≤ 100 years. */
export function totalsToRead(period: Period): TotalBuckets {
  const { months, years } = itemsToRead(period);
  const monthList = [months.from];
  while (monthList.at(-1)! < months.to) monthList.push(nextMonth(monthList.at(-1)!));
  const yearList = [];
  for (let y = Number(years.from); y <= Number(years.to); y++) yearList.push(String(y));
  return { months: monthList, years: yearList };
}

type MeasureTotals = Record<DossierMeasure, number>;

function dossierFigures(flows: MeasureTotals, atStart: MeasureTotals, atEnd: MeasureTotals): DossierFigures {
  const received = { carriedOver: atStart.open, online: flows.rcvOnline, direct: flows.rcvDirect, postal: flows.rcvPostal };
  const resolved = { early: flows.resEarly, onTime: flows.resOnTime, late: flows.resLate };
  return {
    received: { total: received.carriedOver + received.online + received.direct + received.postal, ...received },
    resolved: { total: resolved.early + resolved.onTime + resolved.late, ...resolved },
    withdrawn: flows.withdrawn,
    returned: flows.returned,
    pending: { total: atEnd.open, withinDeadline: atEnd.open - atEnd.overdue, overdue: atEnd.overdue },
  };
}

const zeroMeasures = (): MeasureTotals => Object.fromEntries(DOSSIER_MEASURES.map((m) => [m, 0])) as MeasureTotals;

/**
 * An agency's figures from its total items (`totalOverFields`: every field counted under the
 * field key ''), as the roll-up reads them; equal to the summary's figures of the same counters.
 */
export function agencyFigures(period: Period, totals: FigureItems): AgencyFigures {
  const { dossiers, documents, rates } = periodFigures('', period, totals);
  return { dossiers, documents, rates };
}

/** Figures of CONTRACT §3 from the counters: flows summed over the period's months, stocks at S and E. */
export function periodFigures(agencyId: string, period: Period, items: FigureItems): PeriodFigures {
  const first = period.months[0]!;
  const after = nextMonth(period.months.at(-1)!);
  const byField = new Map<string, { flows: MeasureTotals; atStart: MeasureTotals; atEnd: MeasureTotals }>();
  const slot = (field: string) => {
    let s = byField.get(field);
    if (!s) byField.set(field, (s = { flows: zeroMeasures(), atStart: zeroMeasures(), atEnd: zeroMeasures() }));
    return s;
  };
  const documents = { electronic: 0, electronicWithPaper: 0, paper: 0 };
  const take = (counters: Counters | undefined, each: (measure: string, field: string, n: number) => void) => {
    for (const [key, n] of Object.entries(counters ?? {})) {
      const { measure, field } = splitCounterKey(key);
      each(measure, field, n);
    }
  };
  for (const month of period.months) {
    take(items.months.get(month), (measure, field, n) => {
      if (measure === 'docElectronic') documents.electronic += n;
      else if (measure === 'docElectronicWithPaper') documents.electronicWithPaper += n;
      else if (measure === 'docPaper') documents.paper += n;
      else if (measure !== 'open' && measure !== 'overdue') slot(field).flows[measure as DossierMeasure] += n;
    });
  }
  // A stock at month start b: the changes of the years before b's year, then those of b's year up to b.
  const stock = (month: string, pick: 'atStart' | 'atEnd') => {
    const add = (measure: string, field: string, n: number) => {
      if (measure === 'open' || measure === 'overdue') slot(field)[pick][measure] += n;
    };
    const year = yearOf(month);
    for (const [y, counters] of items.years) if (Number(y) < year) take(counters, add);
    for (const [m, counters] of items.months) if (yearOf(m) === year && m <= month) take(counters, add);
  };
  stock(first, 'atStart');
  stock(after, 'atEnd');

  const fields: FieldFigures[] = [...byField.keys()]
    .sort()
    .map((fieldCode) => {
      const s = byField.get(fieldCode)!;
      return { fieldCode, fieldName: items.fieldNames.get(fieldCode) ?? fieldCode, dossiers: dossierFigures(s.flows, s.atStart, s.atEnd) };
    })
    .filter((f) => f.dossiers.received.total > 0);
  const sum = (pick: 'flows' | 'atStart' | 'atEnd') => {
    const total = zeroMeasures();
    for (const s of byField.values()) for (const m of DOSSIER_MEASURES) total[m] += s[pick][m];
    return total;
  };
  const flows = sum('flows');
  const dossiers = dossierFigures(flows, sum('atStart'), sum('atEnd'));
  return {
    agencyId,
    period: { id: period.id, from: period.from, to: period.to },
    dossiers,
    documents: { issued: { total: documents.electronic + documents.electronicWithPaper + documents.paper, ...documents } },
    rates: ratesOf(dossiers, { fullyOnline: flows.rcvFullyOnline, digitized: flows.rcvDigitized, resultElectronic: flows.resElectronic }),
    fields,
  };
}
