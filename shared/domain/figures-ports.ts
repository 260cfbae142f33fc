// The ports of the figures: where dossier and document records and the counters are kept.
// Implemented by the DynamoDB adapter (shared/adapters/figures-store.ts) and the tests' fakes.
import type { EntityChange, EntityRecord, EntityRef } from './apply.ts';
import type { FigureItems, ItemRanges, TotalBuckets } from './figures.ts';

export interface StoredEntity {
  record: EntityRecord;
  version: number;
}

export interface PlannedChange {
  change: EntityChange;
  /** the version the change was planned from; 0 for an entity not stored yet */
  version: number;
}

interface CommitResult {
  /** changes whose transaction was cancelled by a concurrent writer: plan them again */
  conflicted: PlannedChange[];
}

export interface FiguresStore {
  loadEntities(refs: readonly EntityRef[]): Promise<Map<string, StoredEntity>>;
  /** Writes the changes with their counter deltas, merged per agency, each transaction all or nothing. */
  commit(changes: readonly PlannedChange[]): Promise<CommitResult>;
  readFigureItems(agencyId: string, ranges: ItemRanges): Promise<FigureItems>;
  /** Each agency's totals over its fields (`totalOverFields`) in the buckets named, as items of the field key ''; agencies without any come back empty. */
  readAgencyTotals(agencyIds: readonly string[], buckets: TotalBuckets): Promise<Map<string, FigureItems>>;
  /** Whether an error of this store left the items as they were and a later retry may succeed (throttling, a fault, the network). */
  isTransient(error: unknown): boolean;
}
