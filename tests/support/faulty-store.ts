// A FiguresStore with faults injected through its port, for the poison-event tests: the figures
// store itself is not touched. Each fault names the entities it hits.
import { entityKey, type EntityRef } from '#domain/apply.ts';
import type { FiguresStore } from '#domain/figures-ports.ts';

export interface Faults {
  /** loadEntities throws for any request that holds one of these (a key DynamoDB refuses) */
  load?: (ref: EntityRef) => boolean;
  /** loadEntities answers a record planning cannot read (a corrupt stored record) */
  corrupt?: (ref: EntityRef) => boolean;
  /** commit throws at the first change of these, after committing the changes before it (a chunk DynamoDB refuses) */
  commit?: (ref: EntityRef) => boolean;
  /** commit throws this instead of a ValidationException */
  commitError?: () => Error;
}

/** What DynamoDB answers for an item over 400 KB or a key over 2 KB: a client fault, not retriable. */
export function validationException(message = 'Item size has exceeded the maximum allowed size'): Error {
  return Object.assign(new Error(message), { name: 'ValidationException', $fault: 'client' });
}

export const entityNamed = (entityId: string) => (ref: EntityRef) => ref.entityId === entityId;

export function withFaults(inner: FiguresStore, faults: Faults): FiguresStore {
  return {
    async loadEntities(refs) {
      if (faults.load && refs.some(faults.load)) throw validationException('One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes');
      const found = await inner.loadEntities(refs);
      for (const ref of refs.filter((r) => faults.corrupt?.(r))) {
        found.set(entityKey(ref), { record: { ...ref, facts: 'not a list' as never }, version: 1 });
      }
      return found;
    },
    async commit(changes) {
      const bad = faults.commit ? changes.findIndex((p) => faults.commit!(p.change.after)) : -1;
      if (bad < 0) return inner.commit(changes);
      if (bad > 0) await inner.commit(changes.slice(0, bad));
      throw (faults.commitError ?? validationException)();
    },
    readFigureItems: (agencyId, months) => inner.readFigureItems(agencyId, months),
    readAgencyTotals: (agencyIds, buckets) => inner.readAgencyTotals(agencyIds, buckets),
    isTransient: (error) => inner.isTransient(error),
  };
}
