// Use case: apply a batch of events to the figures, exactly once in effect.
import type { Event } from '#events/event.schema.ts';
import { entityKey, entityOf, mergeDeltas, planEntityChange, type EntityRef } from '#domain/apply.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FiguresStore, PlannedChange } from '#adapters/figures-store.ts';

export interface ApplyOutcome {
  /** events that changed an entity record (first time seen) */
  applied: number;
  /** events whose id the entity already held */
  duplicates: number;
  /** ids of events that could not be committed after every retry; their messages go back to the queue */
  failed: string[];
}

export interface ApplyOptions {
  /** plan-and-commit rounds before giving up on conflicting entities */
  maxRounds?: number;
  /** base of the jittered exponential backoff between rounds, ms */
  backoffMs?: number;
}

/**
 * Groups the events by dossier or document, plans each entity's change from its stored record
 * and commits them in transactions. Entities whose transaction lost a race with another consumer
 * are loaded and planned again: by then their events may already be in, and count as duplicates.
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

  let applied = 0;
  let todo = [...groups.keys()];
  for (let round = 0; round < maxRounds && todo.length > 0; round++) {
    if (round > 0) await sleep(backoffMs * 2 ** Math.min(round, 6) * (0.5 + Math.random()));
    const stored = await store.loadEntities(todo.map((key) => groups.get(key)!.ref));
    const planned: PlannedChange[] = [];
    for (const key of todo) {
      const current = stored.get(key);
      const change = planEntityChange(groups.get(key)!.ref, current?.record, groups.get(key)!.events);
      if (change) planned.push({ change, version: current?.version ?? 0 });
    }
    const { conflicted } = await store.commit(planned, mergeDeltas);
    const lost = new Set(conflicted.map((p) => entityKey(p.change.after)));
    for (const p of planned) if (!lost.has(entityKey(p.change.after))) applied += p.change.acceptedIds.length;
    todo = [...lost];
  }
  const failed = todo.flatMap((key) => groups.get(key)!.events.map((e) => e.id));
  return { applied, duplicates: events.length - applied - failed.length, failed };
}
