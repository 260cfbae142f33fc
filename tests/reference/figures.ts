// Reference implementation of the figures of CONTRACT §1–3, written for clarity, not speed:
// every figure is recomputed from the whole event list, one rule at a time, so property tests
// can check the incremental production implementation against it.
//
// Choices where the contract leaves room (the production implementation must make the same):
// - Duplicates are detected by `id` across all agencies (the id is the idempotency key);
//   the first occurrence in the array is the accepted one.
// - Effective due date: on equal `occurredAt` among rescheduled events the larger `id` wins.
// - "Effective due date at E" takes rescheduled events with occurredAt <= E (E itself included).
// - A closing event dated exactly at the receipt instant counts (only *before* is ignored).
// - Indicators (fullyOnline, digitized, resultElectronic) are read from the counting received or
//   resolved event only; absent is false.
// - Rescheduled events are used whatever their date relative to the receipt.
// - Per-field rows: the field is the counting received event's `fieldCode`, "_" when absent;
//   the row's name is the `fieldName` of the earliest (occurredAt, then id) counting received
//   event of that field, among the dossiers counted in the period, that has one; else the code.
//   Only fields with at least one dossier counted in the period get a row; sorted by code.
import type { Event } from '#events/event.schema.ts';
import type { DossierFigures, FieldFigures, PeriodFigures, Rates } from '#domain/figures.ts';
import { localDate, parsePeriodId, type Period } from '#domain/periods.ts';

type Received = Extract<Event, { type: 'dossier.received' }>;
type Rescheduled = Extract<Event, { type: 'dossier.rescheduled' }>;
type Closing = Extract<Event, { type: 'dossier.resolved' | 'dossier.withdrawn' | 'dossier.returned' }>;
type Issued = Extract<Event, { type: 'document.issued' }>;

const MISSING_FIELD_CODE = '_';

const at = (e: Event): number => Date.parse(e.occurredAt);

/** Earlier occurredAt first; on a tie the smaller id first. */
const byTimeThenId = (a: Event, b: Event): number => at(a) - at(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The counting facts of one dossier. */
interface Dossier {
  received: Received;
  receivedAt: number;
  rescheduled: Rescheduled[];
  /** the counting closing event, if any */
  closing: Closing | undefined;
}

function dedupe(events: Event[]): Event[] {
  const seen = new Set<string>();
  return events.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
}

function dossiersOf(events: Event[]): Dossier[] {
  const byId = new Map<string, Event[]>();
  for (const e of events) {
    if (e.type === 'document.issued') continue;
    const list = byId.get(e.data.dossierId) ?? [];
    list.push(e);
    byId.set(e.data.dossierId, list);
  }
  const dossiers: Dossier[] = [];
  for (const list of byId.values()) {
    const received = list.filter((e): e is Received => e.type === 'dossier.received').sort(byTimeThenId)[0];
    if (!received) continue; // exists only once its receipt has arrived
    const receivedAt = at(received);
    const closing = list
      .filter((e): e is Closing => e.type === 'dossier.resolved' || e.type === 'dossier.withdrawn' || e.type === 'dossier.returned')
      .filter((e) => at(e) >= receivedAt) // dated before the receipt: an anomaly, ignored
      .sort(byTimeThenId)[0];
    const rescheduled = list.filter((e): e is Rescheduled => e.type === 'dossier.rescheduled');
    dossiers.push({ received, receivedAt, rescheduled, closing });
  }
  return dossiers;
}

/** dueAt in force at instant T, as epoch ms. */
function effectiveDue(dossier: Dossier, instant: number): number {
  const latest = dossier.rescheduled
    .filter((e) => at(e) <= instant)
    .sort((a, b) => at(b) - at(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))[0];
  return Date.parse(latest ? latest.data.dueAt : dossier.received.data.dueAt);
}

const closedBefore = (d: Dossier, instant: number): boolean => d.closing !== undefined && at(d.closing) < instant;

function emptyDossierFigures(): DossierFigures {
  return {
    received: { total: 0, carriedOver: 0, online: 0, direct: 0, postal: 0 },
    resolved: { total: 0, early: 0, onTime: 0, late: 0 },
    withdrawn: 0,
    returned: 0,
    pending: { total: 0, withinDeadline: 0, overdue: 0 },
  };
}

/**
 * True when the dossier plays any part in the period: received in it, or carried over into it.
 * (A closing event is never before the receipt, so a dossier received in [S, E) is never closed before S.)
 */
const countsIn = (d: Dossier, period: Period): boolean => d.receivedAt < period.end && !closedBefore(d, period.start);

/** Adds one dossier's part in the period. */
function count(f: DossierFigures, d: Dossier, period: Period): void {
  const { start: S, end: E } = period;
  if (d.receivedAt < S && !closedBefore(d, S)) f.received.carriedOver++;
  if (d.receivedAt >= S && d.receivedAt < E) f.received[d.received.data.channel]++;
  if (d.closing && at(d.closing) >= S && at(d.closing) < E) {
    if (d.closing.type === 'dossier.resolved') {
      const resolvedOn = localDate(at(d.closing));
      const dueOn = localDate(effectiveDue(d, at(d.closing)));
      if (resolvedOn < dueOn) f.resolved.early++;
      else if (resolvedOn === dueOn) f.resolved.onTime++;
      else f.resolved.late++;
    } else if (d.closing.type === 'dossier.withdrawn') f.withdrawn++;
    else f.returned++;
  }
  if (d.receivedAt < E && !closedBefore(d, E)) {
    f.pending.total++;
    if (localDate(effectiveDue(d, E)) <= period.to) f.pending.overdue++;
    else f.pending.withinDeadline++;
  }
}

function addTotals(f: DossierFigures): DossierFigures {
  const r = f.received;
  r.total = r.carriedOver + r.online + r.direct + r.postal;
  f.resolved.total = f.resolved.early + f.resolved.onTime + f.resolved.late;
  return f;
}

function documentsIssued(events: Event[], period: Period): PeriodFigures['documents'] {
  const first = new Map<string, Issued>();
  for (const e of events) {
    if (e.type !== 'document.issued') continue;
    const current = first.get(e.data.documentId);
    if (!current || byTimeThenId(e, current) < 0) first.set(e.data.documentId, e);
  }
  const issued = { total: 0, electronic: 0, electronicWithPaper: 0, paper: 0 };
  for (const e of first.values()) {
    if (e.data.confidential === true) continue; // "trừ văn bản mật"
    if (at(e) < period.start || at(e) >= period.end) continue;
    if (e.data.form === 'electronic') issued.electronic++;
    else if (e.data.form === 'electronic_with_paper') issued.electronicWithPaper++;
    else issued.paper++;
    issued.total++;
  }
  return { issued };
}

/**
 * CONTRACT §3 rates, each from its own definition: the dossiers received (resolved) in [S, E)
 * are counted again here rather than taken from the figures.
 */
function rates(dossiers: Dossier[], period: Period): Rates {
  const inPeriod = (instant: number) => instant >= period.start && instant < period.end;
  const fresh = dossiers.filter((d) => inPeriod(d.receivedAt));
  const resolved = dossiers.filter((d) => d.closing?.type === 'dossier.resolved' && inPeriod(at(d.closing)));
  const resolvedBy = (d: Dossier) => localDate(at(d.closing!)) <= localDate(effectiveDue(d, at(d.closing!)));
  const of = (numerator: Dossier[], denominator: Dossier[]) => ({ numerator: numerator.length, denominator: denominator.length });
  return {
    onTime: of(resolved.filter(resolvedBy), resolved),
    online: of(fresh.filter((d) => d.received.data.channel === 'online'), fresh),
    fullyOnline: of(fresh.filter((d) => d.received.data.fullyOnline === true), fresh),
    digitized: of(fresh.filter((d) => d.received.data.digitized === true), fresh),
    resultElectronic: of(resolved.filter((d) => (d.closing as Extract<Closing, { type: 'dossier.resolved' }>).data.resultElectronic === true), resolved),
  };
}

export function referenceFigures(events: Event[], agencyId: string, periodId: string): PeriodFigures {
  const period = parsePeriodId(periodId);
  const accepted = dedupe(events).filter((e) => e.agencyId === agencyId);

  const all = dossiersOf(accepted);
  const dossiers = emptyDossierFigures();
  const fields = new Map<string, { names: Received[]; dossiers: DossierFigures }>();
  for (const d of all) {
    if (!countsIn(d, period)) continue;
    count(dossiers, d, period);
    const code = d.received.data.fieldCode ?? MISSING_FIELD_CODE;
    const field = fields.get(code) ?? { names: [], dossiers: emptyDossierFigures() };
    count(field.dossiers, d, period);
    field.names.push(d.received);
    fields.set(code, field);
  }

  const fieldRows: FieldFigures[] = [...fields.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([fieldCode, { names, dossiers: f }]) => ({
      fieldCode,
      fieldName: names.filter((e) => e.data.fieldName !== undefined).sort(byTimeThenId)[0]?.data.fieldName ?? fieldCode,
      dossiers: addTotals(f),
    }));

  return {
    agencyId,
    period: { id: period.id, from: period.from, to: period.to },
    dossiers: addTotals(dossiers),
    documents: documentsIssued(accepted, period),
    rates: rates(all, period),
    fields: fieldRows,
  };
}
