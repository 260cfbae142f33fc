// Counters kept per report month and per report year: a flat map "measure@field" → count, so
// that any period's figures are sums over a bounded number of items (see figures.ts).

export type Counters = Record<string, number>;

/** CONTRACT §1: of several events, the earliest occurredAt counts; on a tie, the smaller id. */
export function earliestFirst(a: { at: number; id: string }, b: { at: number; id: string }): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Flows: dossiers entering or leaving in the month. The Decision 766 indicators are flows of the
 * same months (receipt, resolution), so they ride on the items those already write.
 */
const FLOW_MEASURES = [
  'rcvOnline', 'rcvDirect', 'rcvPostal', 'resEarly', 'resOnTime', 'resLate', 'withdrawn', 'returned',
  'rcvFullyOnline', 'rcvDigitized', 'resElectronic',
] as const;

/**
 * Stocks (open, overdue at a month's first instant) are kept as their *changes*: the counter of a
 * month is how much the stock moved at that month's start. A stock at month start b is the sum of
 * the changes up to b, read from the year totals before b's year and the months of b's year
 * (figures.ts), so a dossier open for decades writes a change where it opens and where it closes,
 * not one item for every month in between.
 */
export const STOCK_MEASURES = ['open', 'overdue'] as const;

export const DOSSIER_MEASURES = [...FLOW_MEASURES, ...STOCK_MEASURES] as const;
export type DossierMeasure = (typeof DOSSIER_MEASURES)[number];
export type StockMeasure = (typeof STOCK_MEASURES)[number];

export const DOCUMENT_MEASURES = ['docElectronic', 'docElectronicWithPaper', 'docPaper'] as const;
export type DocumentMeasure = (typeof DOCUMENT_MEASURES)[number];

/** The field key of dossiers whose one-stop-shop record names no field. */
export const NO_FIELD = '_';

export function counterKey(measure: DossierMeasure, field: string): string {
  return `${measure}@${field}`;
}

export function splitCounterKey(key: string): { measure: string; field: string } {
  const at = key.indexOf('@');
  return at < 0 ? { measure: key, field: '' } : { measure: key.slice(0, at), field: key.slice(at + 1) };
}

/**
 * An agency's totals of a bucket: every field's `measure@field` added into `measure`; document
 * measures (no field) as they are. The roll-up reads these instead of every field's items.
 */
export function totalOverFields(counters: Counters): Counters {
  const total: Counters = {};
  for (const [key, n] of Object.entries(counters)) {
    const { measure } = splitCounterKey(key);
    total[measure] = (total[measure] ?? 0) + n;
  }
  for (const [measure, n] of Object.entries(total)) if (n === 0) delete total[measure];
  return total;
}

export function addInto(target: Counters, source: Counters, sign = 1): Counters {
  for (const [key, value] of Object.entries(source)) {
    const sum = (target[key] ?? 0) + sign * value;
    if (sum === 0) delete target[key];
    else target[key] = sum;
  }
  return target;
}

/** Where a dossier or document counts. */
export interface Contribution {
  /** report month id → flows in the month and stock changes at its start */
  months: Map<string, Counters>;
  /** report year (YYYY) → the stock changes of its months, added up */
  years: Map<string, Counters>;
  /** field key → field name, as the one-stop-shop sent it */
  fieldNames: Map<string, string>;
}

export function emptyContribution(): Contribution {
  return { months: new Map(), years: new Map(), fieldNames: new Map() };
}

export function bump(map: Map<string, Counters>, bucket: string, key: string, by = 1): void {
  const counters = map.get(bucket) ?? {};
  const sum = (counters[key] ?? 0) + by;
  if (sum === 0) delete counters[key];
  else counters[key] = sum;
  if (Object.keys(counters).length > 0) map.set(bucket, counters);
  else map.delete(bucket);
}

/** after − before, bucket by bucket, dropping zeros. */
export function diffBuckets(before: Map<string, Counters>, after: Map<string, Counters>): Map<string, Counters> {
  const out = new Map<string, Counters>();
  for (const bucket of new Set([...before.keys(), ...after.keys()])) {
    const delta = addInto(addInto({}, after.get(bucket) ?? {}), before.get(bucket) ?? {}, -1);
    if (Object.keys(delta).length > 0) out.set(bucket, delta);
  }
  return out;
}
