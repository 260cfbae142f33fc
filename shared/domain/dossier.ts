// Dossier facts (CONTRACT §1 semantics) and where a dossier counts (CONTRACT §3).
// A dossier's accepted events are kept whole, so its contribution can be recomputed from
// scratch whatever order they arrived in; the store applies the difference.
import type { Channel, DossierEvent } from '#events/event.schema.ts';
import { bump, counterKey, earliestFirst, emptyContribution, NO_FIELD, type Contribution, type DossierMeasure, type StockMeasure } from './counters.ts';
import { localDate, monthOf, nextMonth, parsePeriodId, yearOf } from './periods.ts';

type DossierFactType = 'received' | 'rescheduled' | 'resolved' | 'withdrawn' | 'returned';

/** One accepted event of a dossier, reduced to what the figures need. */
export interface DossierFact {
  id: string;
  type: DossierFactType;
  /** occurredAt, epoch ms */
  at: number;
  /** received, rescheduled: the appointment date, epoch ms */
  dueAt?: number;
  channel?: Channel;
  fieldCode?: string;
  fieldName?: string;
  /** received: Decision 766 indicators, kept only when true (absent counts as false) */
  fullyOnline?: true;
  digitized?: true;
  /** resolved: an electronic result was issued */
  resultElectronic?: true;
}

export function dossierFact(event: DossierEvent): DossierFact {
  const fact: DossierFact = { id: event.id, type: event.type.slice('dossier.'.length) as DossierFactType, at: Date.parse(event.occurredAt) };
  if (event.type === 'dossier.received') {
    fact.dueAt = Date.parse(event.data.dueAt);
    fact.channel = event.data.channel;
    if (event.data.fieldCode !== undefined) fact.fieldCode = event.data.fieldCode;
    if (event.data.fieldName !== undefined) fact.fieldName = event.data.fieldName;
    if (event.data.fullyOnline === true) fact.fullyOnline = true;
    if (event.data.digitized === true) fact.digitized = true;
  } else if (event.type === 'dossier.resolved') {
    if (event.data.resultElectronic === true) fact.resultElectronic = true;
  } else if (event.type === 'dossier.rescheduled') {
    fact.dueAt = Date.parse(event.data.dueAt);
  }
  return fact;
}

interface DossierView {
  receipt: DossierFact;
  closing?: DossierFact;
  /** rescheduled facts by (at, id) ascending */
  reschedules: DossierFact[];
}

/** The facts that count, or undefined while no `received` has arrived. */
function viewOf(facts: readonly DossierFact[]): DossierView | undefined {
  const receipt = facts.filter((f) => f.type === 'received').sort(earliestFirst)[0];
  if (!receipt) return undefined;
  const closing = facts
    .filter((f) => (f.type === 'resolved' || f.type === 'withdrawn' || f.type === 'returned') && f.at >= receipt.at)
    .sort(earliestFirst)[0];
  const reschedules = facts.filter((f) => f.type === 'rescheduled').sort(earliestFirst);
  return closing ? { receipt, closing, reschedules } : { receipt, reschedules };
}

/** The appointment date in force at instant T: the latest reschedule at or before T (ties: larger id). */
function effectiveDueAt(view: DossierView, instant: number): number {
  let due = view.receipt.dueAt!;
  for (const r of view.reschedules) {
    if (r.at > instant) break;
    due = r.dueAt!;
  }
  return due;
}

const CHANNEL_MEASURE: Record<Channel, DossierMeasure> = { online: 'rcvOnline', direct: 'rcvDirect', postal: 'rcvPostal' };
function closingMeasure(view: DossierView, closing: DossierFact): DossierMeasure {
  if (closing.type !== 'resolved') return closing.type as 'withdrawn' | 'returned';
  const resolvedOn = localDate(closing.at);
  const dueOn = localDate(effectiveDueAt(view, closing.at));
  return resolvedOn < dueOn ? 'resEarly' : resolvedOn === dueOn ? 'resOnTime' : 'resLate';
}

// Called for a handful of month ids per dossier on every event applied: parsed once per month id.
const monthStarts = new Map<string, number>();
const monthStart = (month: string): number => {
  let start = monthStarts.get(month);
  if (start === undefined) monthStarts.set(month, (start = parsePeriodId(month).start));
  return start;
};

/** The report month whose start is the first month start strictly after the instant. */
const firstStartAfter = (instant: number): string => nextMonth(monthOf(instant));
/** The report month whose start is the first month start at or after the instant. */
const firstStartFrom = (instant: number): string => {
  const month = monthOf(instant);
  return monthStart(month) === instant ? month : nextMonth(month);
};

/** A stock change at a month start goes to that month and to its report year's total (see counters.ts). */
function changeStock(out: Contribution, month: string, measure: StockMeasure, field: string, by: number): void {
  bump(out.months, month, counterKey(measure, field), by);
  bump(out.years, String(yearOf(month)), counterKey(measure, field), by);
}

/**
 * Where one dossier counts. Flows go to the month they happen in. Stocks are counted at each
 * month start b where the dossier is open (received before b, not closed before b), overdue
 * when the appointment in force at b falls before b; they are written as changes where they
 * start and stop. Overdue can only change at the months where the dossier opens or closes, a
 * reschedule takes effect, or an appointment passes, so the work (and the items written) grows
 * with the number of reschedules, never with how long the dossier stays open.
 */
export function dossierContribution(facts: readonly DossierFact[]): Contribution {
  const out = emptyContribution();
  const view = viewOf(facts);
  if (!view) return out;
  const { receipt, closing } = view;
  const field = receipt.fieldCode ?? NO_FIELD;
  if (receipt.fieldName !== undefined) out.fieldNames.set(field, receipt.fieldName);

  // The counting receipt's and resolution's own indicator values count (a later duplicate's do not).
  const received = monthOf(receipt.at);
  bump(out.months, received, counterKey(CHANNEL_MEASURE[receipt.channel!], field));
  if (receipt.fullyOnline) bump(out.months, received, counterKey('rcvFullyOnline', field));
  if (receipt.digitized) bump(out.months, received, counterKey('rcvDigitized', field));
  if (closing) {
    bump(out.months, monthOf(closing.at), counterKey(closingMeasure(view, closing), field));
    if (closing.resultElectronic) bump(out.months, monthOf(closing.at), counterKey('resElectronic', field));
  }

  const opens = firstStartAfter(receipt.at);
  // Open at b while closing.at >= b: it leaves the stock at the first month start after the closing.
  const leaves = closing ? firstStartAfter(closing.at) : undefined;
  if (opens === leaves) return out;
  changeStock(out, opens, 'open', field, 1);
  if (leaves) changeStock(out, leaves, 'open', field, -1);

  const candidates = new Set([opens]);
  for (const r of view.reschedules) candidates.add(firstStartFrom(r.at));
  for (const due of [receipt.dueAt!, ...view.reschedules.map((r) => r.dueAt!)]) candidates.add(firstStartAfter(due));
  let overdue = false;
  for (const month of [...candidates].filter((m) => m >= opens && (!leaves || m < leaves)).sort()) {
    const start = monthStart(month);
    const now = effectiveDueAt(view, start) < start;
    if (now !== overdue) changeStock(out, month, 'overdue', field, now ? 1 : -1);
    overdue = now;
  }
  if (overdue && leaves) changeStock(out, leaves, 'overdue', field, -1);
  return out;
}
