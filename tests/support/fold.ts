// Folds events through the domain the way the consumer does, keeping records and counters in
// memory: the pure core without the store, for unit and property tests.
import type { Event } from '#events/event.schema.ts';
import { entityKey, entityOf, mergeDeltas, planEntityChange, type EntityRecord } from '#domain/apply.ts';
import { addInto, type Counters } from '#domain/counters.ts';
import { periodFigures, type PeriodFigures } from '#domain/figures.ts';
import { parsePeriodId } from '#domain/periods.ts';

/** Applies the batches in order (each batch grouped by entity, as applyEvents does). */
export function foldBatches(batches: Event[][]): (periodId: string) => PeriodFigures {
  const records = new Map<string, EntityRecord>();
  const months = new Map<string, Counters>();
  const years = new Map<string, Counters>();
  const fieldNames = new Map<string, string>();
  for (const batch of batches) {
    const groups = new Map<string, Event[]>();
    for (const event of batch) groups.set(entityKey(entityOf(event)), [...(groups.get(entityKey(entityOf(event))) ?? []), event]);
    const changes = [...groups].flatMap(([key, events]) => {
      const change = planEntityChange(entityOf(events[0]!), records.get(key), events);
      return change ? [change] : [];
    });
    for (const change of changes) records.set(entityKey(change.after), change.after);
    for (const delta of mergeDeltas(changes.map((c) => c.delta))) {
      for (const [m, c] of delta.months) months.set(m, addInto({ ...(months.get(m) ?? {}) }, c));
      for (const [y, c] of delta.years) years.set(y, addInto({ ...(years.get(y) ?? {}) }, c));
      for (const [f, n] of delta.fieldNames) fieldNames.set(f, n);
    }
  }
  return (periodId) => periodFigures('SKHCN', parsePeriodId(periodId), { months, years, fieldNames });
}

export const fold = (events: Event[]) => foldBatches(events.map((e) => [e]));
