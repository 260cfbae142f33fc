import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { event, type Event } from '#events/event.schema.ts';
import { entityKey, entityOf, planEntityChange, type CounterDelta, type EntityRecord } from '#domain/apply.ts';
import { counterUpdates } from '#adapters/figures-store.ts';
import { sumFigures } from '#domain/figures.ts';
import { parsePeriodId } from '#domain/periods.ts';
import { provinceFigures, type ProvinceAgency } from '#domain/report/province.ts';
import { referenceFigures } from '../reference/figures.ts';
import { foldBatches } from '../support/fold.ts';
import { delivered, eventStream, PERIODS, WIDE_PERIODS, wideEventStream } from '../support/random-events.ts';

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

/** The items one entity change writes: its record and the counter items the table's layout groups its delta into. */
const itemsWritten = (delta: CounterDelta) => 1 + counterUpdates(delta).length;

describe('figures over the whole allowed range', () => {
  it('equal the reference for century-long spans and long keys in any script, each change writing at most 28 + 12r items', () => {
    fc.assert(
      fc.property(
        wideEventStream().chain((events) => delivered(events).map((d) => ({ events, ...d }))),
        ({ events, order }) => {
          for (const e of events) expect(event.safeParse(e).success).toBe(true);
          const records = new Map<string, EntityRecord>();
          for (const e of order) {
            const ref = entityOf(e);
            const change = planEntityChange(ref, records.get(entityKey(ref)), [e]);
            if (!change) continue;
            records.set(entityKey(ref), change.after);
            const reschedules = change.after.facts.filter((f) => 'type' in f && f.type === 'rescheduled').length;
            expect(itemsWritten(change.delta)).toBeLessThanOrEqual(28 + 12 * reschedules);
          }
          const figuresOf = foldBatches(order.map((e) => [e]));
          for (const periodId of WIDE_PERIODS) expect(figuresOf(periodId)).toEqual(referenceFigures(events, 'SKHCN', periodId));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("the province's figures over several agencies", () => {
  /** Agency `a`'s stream with ids of its own (an id is unique across agencies, CONTRACT §1). */
  const ofAgency = (events: Event[], a: string): Event[] => events.map((e) => ({ ...e, id: `${a}-${e.id}`, agencyId: a }) as Event);
  /** The same events as one agency's, dossiers and documents told apart by their agency: what the province as a whole handled. */
  const asOneAgency = (events: Event[]): Event[] =>
    events.map((e) => {
      const data = e.data as Record<string, unknown>;
      const renamed = 'dossierId' in data ? { ...data, dossierId: `${e.agencyId}/${String(data.dossierId)}` } : { ...data, documentId: `${e.agencyId}/${String(data.documentId)}` };
      return { ...e, agencyId: 'UBNDT', data: renamed } as Event;
    });
  const LEVELS = ['province', 'province-department', 'district', 'commune'] as const;

  it("equal the sum of its agencies' (its own events included), and the reference over all their events taken as one agency", () => {
    fc.assert(
      fc.property(
        fc.array(eventStream(25, 6, 2).chain((events) => delivered(events).map((d) => ({ events, ...d }))), { minLength: 2, maxLength: 4 }),
        (streams) => {
          const agencies = streams.map(({ events, order }, i) => ({ id: i === 0 ? 'UBNDT' : `A${i}`, events, order }));
          const all = agencies.flatMap((a) => ofAgency(a.events, a.id));
          for (const periodId of PERIODS) {
            const rows: ProvinceAgency[] = agencies.map((a, i) => {
              const { fields, ...figures } = foldBatches(batches(ofAgency(a.order, a.id), i + 1))(periodId);
              return { agencyId: a.id, name: a.id, level: LEVELS[i % LEVELS.length]!, dossiers: figures.dossiers, documents: figures.documents, rates: figures.rates, fields };
            });
            const province = provinceFigures('UBNDT', parsePeriodId(periodId), rows);
            expect(province).toEqual(referenceFigures(asOneAgency(all), 'UBNDT', periodId));
            const summed = sumFigures(agencies.map((a) => referenceFigures(all, a.id, periodId)));
            expect({ dossiers: province.dossiers, documents: province.documents, rates: province.rates }).toEqual(summed);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
