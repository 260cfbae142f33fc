// Deciding what a set of events changes: which entity records (dossiers, documents) gain facts,
// and by how much each agency's counters move. Pure; the store writes the result atomically.
import type { Event } from '#events/event.schema.ts';
import { addInto, diffBuckets, type Contribution, type Counters } from './counters.ts';
import { documentContribution, documentFact, type DocumentFact } from './document.ts';
import { dossierContribution, dossierFact, type DossierFact } from './dossier.ts';

type EntityKind = 'dossier' | 'document';

export interface EntityRef {
  agencyId: string;
  kind: EntityKind;
  entityId: string;
}

type Fact = DossierFact | DocumentFact;

export interface EntityRecord extends EntityRef {
  /** accepted facts, sorted by event id so that the stored record does not depend on arrival order */
  facts: Fact[];
}

export function entityOf(event: Event): EntityRef {
  return event.type === 'document.issued'
    ? { agencyId: event.agencyId, kind: 'document', entityId: event.data.documentId }
    : { agencyId: event.agencyId, kind: 'dossier', entityId: event.data.dossierId };
}

export function entityKey(ref: EntityRef): string {
  return JSON.stringify([ref.agencyId, ref.kind, ref.entityId]);
}

function contribution(record: EntityRecord | undefined): Contribution | undefined {
  if (!record) return undefined;
  return record.kind === 'dossier'
    ? dossierContribution(record.facts as DossierFact[])
    : documentContribution(record.facts as DocumentFact[]);
}

/** How an agency's counters move: per report month, per report year (stock changes), and field names seen. */
export interface CounterDelta {
  agencyId: string;
  months: Map<string, Counters>;
  years: Map<string, Counters>;
  fieldNames: Map<string, string>;
}

export interface EntityChange {
  before: EntityRecord | undefined;
  after: EntityRecord;
  delta: CounterDelta;
  /** ids of the events this change accepts (new to the entity) */
  acceptedIds: string[];
}

/**
 * Adds the events to one entity's record. Events whose id the record already holds are
 * duplicates and change nothing; undefined means nothing changed.
 */
export function planEntityChange(ref: EntityRef, before: EntityRecord | undefined, events: readonly Event[]): EntityChange | undefined {
  const known = new Set(before?.facts.map((f) => f.id));
  const added: Fact[] = [];
  for (const event of events) {
    if (known.has(event.id)) continue;
    known.add(event.id);
    added.push(event.type === 'document.issued' ? documentFact(event) : dossierFact(event));
  }
  if (added.length === 0) return undefined;
  const facts = [...(before?.facts ?? []), ...added].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const after: EntityRecord = { ...ref, facts };
  const old = contribution(before);
  const now = contribution(after)!;
  const delta: CounterDelta = {
    agencyId: ref.agencyId,
    months: diffBuckets(old?.months ?? new Map(), now.months),
    years: diffBuckets(old?.years ?? new Map(), now.years),
    fieldNames: now.fieldNames,
  };
  return { before, after, delta, acceptedIds: added.map((f) => f.id) };
}

/** Sums several deltas of one agency, so each counter item is written once per commit. */
export function mergeDeltas(deltas: readonly CounterDelta[]): CounterDelta[] {
  const byAgency = new Map<string, CounterDelta>();
  for (const d of deltas) {
    let merged = byAgency.get(d.agencyId);
    if (!merged) byAgency.set(d.agencyId, (merged = { agencyId: d.agencyId, months: new Map(), years: new Map(), fieldNames: new Map() }));
    for (const [target, source] of [[merged.months, d.months], [merged.years, d.years]] as const) {
      for (const [bucket, counters] of source) {
        const sum = addInto({ ...(target.get(bucket) ?? {}) }, counters);
        if (Object.keys(sum).length > 0) target.set(bucket, sum);
        else target.delete(bucket);
      }
    }
    for (const [field, name] of d.fieldNames) merged.fieldNames.set(field, name);
  }
  return [...byAgency.values()];
}
