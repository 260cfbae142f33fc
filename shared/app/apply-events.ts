// Use case: apply a batch of events to the figures, exactly once in effect.
import type { Event } from '#events/event.schema.ts';
import { entityKey, entityOf, planEntityChange, type EntityRef } from '#domain/apply.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FiguresStore, PlannedChange, StoredEntity } from '#domain/figures-ports.ts';

/**
 * Records per invocation. Large batches share records, counter items and transactions: in the
 * bench, 5000 write ~40 % fewer items per event than 1000. About what fits Lambda's 6 MB
 * invocation payload with ~1 KB records; Lambda sends fewer when larger events would pass it.
 */
export const APPLY_BATCH_SIZE = 5000;

export interface FailedEvent {
  id: string;
  /** why its entity could not be applied: the error's name and message */
  reason: string;
}

export interface ApplyOutcome {
  /** events that changed an entity record (first time seen) */
  applied: number;
  /** events whose id the entity already held */
  duplicates: number;
  /** events that could not be applied, with the reason; their messages go back to the queue */
  failed: FailedEvent[];
}

export interface ApplyOptions {
  /** plan-and-commit rounds before giving up on conflicting entities */
  maxRounds?: number;
  /** base of the jittered exponential backoff between rounds, ms */
  backoffMs?: number;
}

const MAX_REASON_LENGTH = 1000;

function reasonOf(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH - 1)}…` : text;
}

/**
 * Runs `step` on all the items at once; if it throws (not transiently), runs it on each half, down
 * to single items, so that one entity the store or the domain cannot handle fails alone and every
 * other one goes through, in about 2·log2(n) extra calls. A transient error fails the items as
 * they are: SQS redelivers them, and splitting would only multiply the load on a throttled table.
 */
async function isolating<T, R>(
  isTransient: (error: unknown) => boolean,
  items: readonly T[],
  step: (items: readonly T[]) => Promise<R>,
  fail: (items: readonly T[], error: unknown) => void,
): Promise<R[]> {
  if (items.length === 0) return [];
  try {
    return [await step(items)];
  } catch (error) {
    if (items.length === 1 || isTransient(error)) {
      fail(items, error);
      return [];
    }
    const half = Math.ceil(items.length / 2);
    return [...(await isolating(isTransient, items.slice(0, half), step, fail)), ...(await isolating(isTransient, items.slice(half), step, fail))];
  }
}

/**
 * Groups the events by dossier or document, plans each entity's change from its stored record
 * and commits them in transactions. Entities whose transaction lost a race with another consumer
 * are loaded and planned again: by then their events may already be in, and count as duplicates.
 * An entity whose load, planning or commit fails is isolated: only its events are reported failed.
 */
export async function applyEvents(store: FiguresStore, events: readonly Event[], options: ApplyOptions = {}): Promise<ApplyOutcome> {
  const { maxRounds = 8, backoffMs = 20 } = options;
  const groups = new Map<string, { ref: EntityRef; events: Event[] }>();
  for (const event of events) {
    const ref = entityOf(event);
    const key = entityKey(ref);
    const group = groups.get(key) ?? { ref, events: [] };
    group.events.push(event);
    groups.set(key, group);
  }
  const failures = new Map<string, string>();
  const fail = (keys: readonly string[], error: unknown) => {
    for (const key of keys) failures.set(key, reasonOf(error));
  };
  const keyOf = (p: PlannedChange) => entityKey(p.change.after);

  let applied = 0;
  let todo = [...groups.keys()];
  for (let round = 0; round < maxRounds && todo.length > 0; round++) {
    if (round > 0) await sleep(backoffMs * 2 ** Math.min(round, 6) * (0.5 + Math.random()));
    const loads = await isolating((e) => store.isTransient(e), todo, (keys) => store.loadEntities(keys.map((key) => groups.get(key)!.ref)), fail);
    const stored = new Map<string, StoredEntity>(loads.flatMap((found) => [...found]));
    const planned: PlannedChange[] = [];
    for (const key of todo) {
      if (failures.has(key)) continue;
      const current = stored.get(key);
      try {
        const change = planEntityChange(groups.get(key)!.ref, current?.record, groups.get(key)!.events);
        if (change) planned.push({ change, version: current?.version ?? 0 });
      } catch (error) {
        fail([key], error);
      }
    }
    // A commit that threw may have written its first transactions: committing those again is
    // refused by their version condition, so they come back as conflicts and are planned again,
    // as duplicates (then counted as duplicates, not applied: the counts are for logs and metrics only).
    const commits = await isolating((e) => store.isTransient(e), planned, (changes) => store.commit(changes), (changes, error) => fail(changes.map(keyOf), error));
    const lost = new Set(commits.flatMap(({ conflicted }) => conflicted.map(keyOf)));
    for (const p of planned) if (!lost.has(keyOf(p)) && !failures.has(keyOf(p))) applied += p.change.acceptedIds.length;
    todo = [...lost];
  }
  for (const key of todo) failures.set(key, `still conflicting with other writers after ${maxRounds} rounds`);
  const failed = [...failures].flatMap(([key, reason]) => groups.get(key)!.events.map((e) => ({ id: e.id, reason })));
  return { applied, duplicates: events.length - applied - failed.length, failed };
}
