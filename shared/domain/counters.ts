// Counters kept per report month: a flat map "measure@field" → count, so that any period's
// figures are sums over a bounded number of months (see figures.ts).

export type Counters = Record<string, number>;

/** CONTRACT §1: of several events, the earliest occurredAt counts; on a tie, the smaller id. */
export function earliestFirst(a: { at: number; id: string }, b: { at: number; id: string }): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Flows happen inside a month; stocks (open, overdue) are counted at the month's first instant. */
export const DOSSIER_MEASURES = [
  'rcvOnline',
  'rcvDirect',
  'rcvPostal',
  'resEarly',
  'resOnTime',
  'resLate',
  'withdrawn',
  'returned',
  'open',
  'overdue',
] as const;
export type DossierMeasure = (typeof DOSSIER_MEASURES)[number];

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

export function addInto(target: Counters, source: Counters, sign = 1): Counters {
  for (const [key, value] of Object.entries(source)) {
    const sum = (target[key] ?? 0) + sign * value;
    if (sum === 0) delete target[key];
    else target[key] = sum;
  }
  return target;
}

/** Where a dossier or document counts: per report month, plus the open-ended tail (see dossier.ts). */
export interface Contribution {
  /** report month id → counters */
  months: Map<string, Counters>;
  /** tail start month id → counters that hold at that month's start and every later one */
  tail: Map<string, Counters>;
  /** field key → field name, as the one-stop-shop sent it */
  fieldNames: Map<string, string>;
}

export function emptyContribution(): Contribution {
  return { months: new Map(), tail: new Map(), fieldNames: new Map() };
}

export function bump(map: Map<string, Counters>, bucket: string, key: string, by = 1): void {
  const counters = map.get(bucket) ?? {};
  counters[key] = (counters[key] ?? 0) + by;
  map.set(bucket, counters);
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
