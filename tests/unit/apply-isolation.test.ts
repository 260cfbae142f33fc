// One entity the store or the domain cannot handle fails alone: every other event of the batch is
// applied, and only the failing entity's events are reported (with the reason). Against an
// in-memory store that commits in chunks the way the DynamoDB one does (tests/support/fakes.ts).
import { describe, expect, it } from 'vitest';
import type { Event } from '#events/event.schema.ts';
import type { FiguresStore } from '#domain/figures-ports.ts';
import { applyEvents } from '#app/apply-events.ts';
import { memoryFiguresStore } from '../support/fakes.ts';
import { entityNamed, withFaults } from '../support/faulty-store.ts';

const received = (id: string, dossierId: string, agencyId = 'SKHCN'): Event => ({
  id, agencyId, type: 'dossier.received', occurredAt: '2023-03-01T08:30:00+07:00',
  data: { dossierId, procedureCode: '1.004503', channel: 'online', dueAt: '2023-03-10T17:00:00+07:00' },
});
const resolved = (id: string, dossierId: string, agencyId = 'SKHCN'): Event => ({ id, agencyId, type: 'dossier.resolved', occurredAt: '2023-03-05T08:30:00+07:00', data: { dossierId } });

/** Two events for each of 30 dossiers, of two agencies. */
const batch = Array.from({ length: 30 }, (_, i) => {
  const agency = i % 2 === 0 ? 'SKHCN' : 'STP';
  return [received(`r${i}`, `D${i}`, agency), resolved(`z${i}`, `D${i}`, agency)];
}).flat();
const idsOf = (dossier: string) => batch.filter((e) => e.type !== 'document.issued' && e.data.dossierId === dossier).map((e) => e.id);
const allBut = (dossier: string) => batch.map((e) => e.id).filter((id) => !idsOf(dossier).includes(id)).sort();

describe('applyEvents isolates a poison entity', () => {
  it('when a commit throws, after earlier chunks went in: every other entity commits, once', async () => {
    const memory = memoryFiguresStore();
    const outcome = await applyEvents(withFaults(memory.store, { commit: entityNamed('D17') }), batch, { backoffMs: 0 });
    expect(outcome.failed).toEqual(idsOf('D17').map((id) => ({ id, reason: 'ValidationException: Item size has exceeded the maximum allowed size' })));
    expect(memory.storedIds()).toEqual(allBut('D17'));
    expect(outcome.applied + outcome.duplicates).toBe(batch.length - 2);
    // bisection, not one transaction per entity
    expect(memory.calls.commit).toBeLessThan(20);
  });

  it('when planning throws on a stored record it cannot read', async () => {
    const memory = memoryFiguresStore();
    const outcome = await applyEvents(withFaults(memory.store, { corrupt: entityNamed('D4') }), batch, { backoffMs: 0 });
    expect(outcome.failed.map((f) => f.id)).toEqual(idsOf('D4'));
    expect(outcome.failed[0]!.reason).toMatch(/^TypeError: /);
    expect(memory.storedIds()).toEqual(allBut('D4'));
    expect(outcome).toMatchObject({ applied: batch.length - 2, duplicates: 0 });
  });

  it('when loading throws for a request that holds the entity', async () => {
    const memory = memoryFiguresStore();
    const outcome = await applyEvents(withFaults(memory.store, { load: entityNamed('D0') }), batch, { backoffMs: 0 });
    expect(outcome.failed.map((f) => f.id)).toEqual(idsOf('D0'));
    expect(outcome.failed[0]!.reason).toMatch(/^ValidationException: .*1024 bytes/);
    expect(memory.storedIds()).toEqual(allBut('D0'));
  });

  it('does not split on a transient error: the whole batch is retried later', async () => {
    const memory = memoryFiguresStore();
    const throttled = () => Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ProvisionedThroughputExceededException', $fault: 'client', $retryable: { throttling: true } });
    const outcome = await applyEvents(withFaults(memory.store, { commit: entityNamed('D10'), commitError: throttled }), batch, { backoffMs: 0 });
    // the changes before D10's went in (its first chunks), and nothing was tried again
    expect(memory.calls.commit).toBe(1);
    expect(outcome.failed.map((f) => f.id).sort()).toEqual(batch.map((e) => e.id).sort());
    expect(outcome.failed[0]!.reason).toMatch(/^ProvisionedThroughputExceededException: /);
  });

  it('reports an entity that keeps losing races with its reason', async () => {
    const memory = memoryFiguresStore();
    const racing: FiguresStore = {
      ...memory.store,
      async commit(changes) {
        const result = await memory.store.commit(changes.filter((p) => p.change.after.entityId !== 'D9'));
        return { conflicted: [...result.conflicted, ...changes.filter((p) => p.change.after.entityId === 'D9')] };
      },
    };
    const outcome = await applyEvents(racing, batch, { backoffMs: 0, maxRounds: 3 });
    expect(outcome.failed).toEqual(idsOf('D9').map((id) => ({ id, reason: 'still conflicting with other writers after 3 rounds' })));
    expect(memory.storedIds()).toEqual(allBut('D9'));
  });
});
