import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Event } from '#events/event.schema.ts';
import { referenceFigures } from '../reference/figures.ts';
import { foldBatches } from '../support/fold.ts';
import { delivered, eventStream, PERIODS } from '../support/random-events.ts';

/** Splits a delivery into consecutive batches at the given cut points. */
function batches(order: Event[], seed: number): Event[][] {
  const out: Event[][] = [];
  let rest = order;
  let s = Math.abs(seed) || 1;
  while (rest.length > 0) {
    s = (s * 48271) % 2147483647;
    const size = 1 + (s % 7);
    out.push(rest.slice(0, size));
    rest = rest.slice(size);
  }
  return out;
}

describe('figures under any arrival order', () => {
  it('equal the reference for shuffled, duplicated, batched streams', () => {
    fc.assert(
      fc.property(
        eventStream().chain((events) => delivered(events).map((d) => ({ events, ...d }))),
        ({ events, order, seed }) => {
          const figuresOf = foldBatches(batches(order, seed));
          for (const periodId of PERIODS) {
            const expected = referenceFigures(events, 'SKHCN', periodId);
            expect(figuresOf(periodId)).toEqual(expected);
            const d = expected.dossiers;
            expect(d.received.total).toBe(d.resolved.total + d.withdrawn + d.returned + d.pending.total);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
