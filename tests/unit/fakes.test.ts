// The fakes keep the semantics they claim (tests/support/fakes.ts), where the use-case tests lean
// on them: the figures store sums to the reference figures whatever the batching, and the parked
// events behave as the DynamoDB adapter's through apply's parking and the redrive.
import fc from 'fast-check';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { Event } from '#events/event.schema.ts';
import { applyBatch, MAX_RECEIVES } from '#functions/apply/apply-edge.ts';
import { applyEvents } from '#app/apply-events.ts';
import { listParked } from '#functions/parked/parked.ts';
import { redriveParked } from '#functions/redrive/redrive.ts';
import { readFigures } from '#app/figures.ts';
import { agencyFigures, totalsToRead } from '#domain/figures.ts';
import { parsePeriodId } from '#domain/periods.ts';
import { referenceFigures } from '../reference/figures.ts';
import { fakeClock, memoryFiguresStore, memoryParkedEvents } from '../support/fakes.ts';
import { entityNamed, withFaults } from '../support/faulty-store.ts';
import { delivered, eventStream, PERIODS } from '../support/random-events.ts';
import { SAMPLE_EVENTS } from '../support/report-world.ts';

describe('memoryFiguresStore', () => {
  it('gives the reference figures for random streams applied in batches, redelivered and out of order', async () => {
    await fc.assert(
      fc.asyncProperty(
        eventStream().chain((events) => delivered(events).map((d) => ({ events, ...d }))),
        fc.integer({ min: 1, max: 6 }),
        async ({ events, order }, batchSize) => {
          const { store } = memoryFiguresStore(3);
          for (let i = 0; i < order.length; i += batchSize) expect((await applyEvents(store, order.slice(i, i + batchSize), { backoffMs: 0 })).failed).toEqual([]);
          for (const periodId of PERIODS) {
            const reference = referenceFigures(events, 'SKHCN', periodId);
            expect(await readFigures(store, 'SKHCN', periodId)).toEqual(reference);
            // the totals the roll-up reads give the same agency figures
            const period = parsePeriodId(periodId);
            const totals = (await store.readAgencyTotals(['SKHCN'], totalsToRead(period))).get('SKHCN')!;
            expect(agencyFigures(period, totals)).toEqual({ dossiers: reference.dossiers, documents: reference.documents, rates: reference.rates });
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('gives the figures of report 1015/BC-SKHCN for the sample stream, reading only the ranges asked', async () => {
    const { store, calls } = memoryFiguresStore();
    await applyEvents(store, SAMPLE_EVENTS);
    const h1 = await readFigures(store, 'SKHCN', '2023-H1');
    expect(h1).toEqual(referenceFigures(SAMPLE_EVENTS, 'SKHCN', '2023-H1'));
    expect(h1.dossiers.received).toEqual({ total: 63, carriedOver: 10, online: 52, direct: 1, postal: 0 });
    expect(calls.read).toBe(1);
    // another agency's items are not in the range
    expect((await readFigures(store, 'SNV', '2023-H1')).dossiers.received.total).toBe(0);
    // only the items of the ranges asked: two months, no year when `to` is before `from`
    const items = await store.readFigureItems('SKHCN', { months: { from: '2023-M02', to: '2023-M03' }, years: { from: '2023', to: '2022' } });
    expect([...items.months.keys()].sort()).toEqual(['2023-M02', '2023-M03']);
    expect(items.years.size).toBe(0);
    expect([...(await store.readFigureItems('SKHCN', { months: { from: '2023-M01', to: '2023-M01' }, years: { from: '2000', to: '2022' } })).years.keys()]).toEqual(['2022']);
  });
});

const poison = (agencyId: string, dossierId: string): Event[] => [
  { id: `${dossierId}-r`, agencyId, type: 'dossier.received', occurredAt: '2023-03-01T08:30:00+07:00', data: { dossierId, procedureCode: '1.004503', channel: 'online', dueAt: '2023-03-10T17:00:00+07:00' } },
  { id: `${dossierId}-z`, agencyId, type: 'dossier.resolved', occurredAt: '2023-03-06T10:00:00+07:00', data: { dossierId } },
];
const healthy = (agencyId: string, dossierId: string): Event => ({ ...poison(agencyId, dossierId)[0]!, id: `${dossierId}-ok` });

/** The SQS batch Lambda hands apply, every message on its `receiveCount`-th delivery. */
const sqsBatch = (events: Event[], receiveCount: number, firstReceivedAt: number): SQSEvent => ({
  Records: events.map((event, i) => ({
    messageId: `m-${event.id}`,
    receiptHandle: `h-${i}`,
    body: JSON.stringify(event),
    attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: String(firstReceivedAt), SenderId: 'test', ApproximateFirstReceiveTimestamp: String(firstReceivedAt) },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:ap-southeast-1:000000000000:events',
    awsRegion: 'ap-southeast-1',
  })),
});

describe('memoryParkedEvents, through apply and the redrive', () => {
  it('parks only on the last delivery, lists oldest first, keeps the first parking, and lets the redrive release what applies', async () => {
    const figures = memoryFiguresStore();
    const { parked } = memoryParkedEvents();
    const clock = fakeClock('2023-06-20T02:00:00.000Z');
    const broken = withFaults(figures.store, { commit: (ref) => entityNamed('D-bad')(ref) || entityNamed('D-worse')(ref) });
    const first = Date.parse('2023-06-20T01:00:00.000Z');
    const batch = [...poison('SKHCN', 'D-bad'), healthy('SKHCN', 'D-good'), ...poison('STP', 'D-worse')];

    // deliveries before the last: retried, not parked
    const early = await applyBatch(broken, sqsBatch(batch, MAX_RECEIVES - 1, first), { parked, now: clock.now });
    expect(early.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m-D-bad-r', 'm-D-bad-z', 'm-D-worse-r', 'm-D-worse-z']);
    expect(await parked.listAll()).toEqual([]);

    clock.advance(60_000);
    await applyBatch(broken, sqsBatch([poison('STP', 'D-worse')[0]!], MAX_RECEIVES, first), { parked, now: clock.now });
    clock.advance(60_000);
    await applyBatch(broken, sqsBatch([...poison('SKHCN', 'D-bad'), ...poison('STP', 'D-worse')], MAX_RECEIVES, first), { parked, now: clock.now });
    const reason = 'ValidationException: Item size has exceeded the maximum allowed size';
    expect((await parked.listAll()).map((p) => [p.event.id, p.parkedAt, p.attempts, p.firstFailedAt])).toEqual([
      ['D-worse-r', '2023-06-20T02:01:00.000Z', 2 * MAX_RECEIVES, '2023-06-20T01:00:00.000Z'],
      ['D-bad-r', '2023-06-20T02:02:00.000Z', MAX_RECEIVES, '2023-06-20T01:00:00.000Z'],
      ['D-bad-z', '2023-06-20T02:02:00.000Z', MAX_RECEIVES, '2023-06-20T01:00:00.000Z'],
      ['D-worse-z', '2023-06-20T02:02:00.000Z', MAX_RECEIVES, '2023-06-20T01:00:00.000Z'],
    ]);
    expect(await listParked({ parked }, 'SKHCN')).toEqual({
      events: poison('SKHCN', 'D-bad').map((event) => ({ event, reason, parkedAt: '2023-06-20T02:02:00.000Z', attempts: MAX_RECEIVES, firstFailedAt: '2023-06-20T01:00:00.000Z', lastFailedAt: '2023-06-20T02:02:00.000Z' })),
    });

    // D-bad is fixed, D-worse is not
    clock.advance(60_000);
    const fixed = withFaults(figures.store, { commit: entityNamed('D-worse') });
    const report = await redriveParked({ figures: fixed, parked, now: clock.now });
    expect(report).toMatchObject({ applied: 2, duplicates: 0, failed: 2 });
    expect(await parked.listAgency('SKHCN')).toEqual([]);
    expect((await parked.listAgency('STP')).map((p) => [p.event.id, p.attempts, p.lastFailedAt, p.reason])).toEqual([
      ['D-worse-r', 2 * MAX_RECEIVES + 1, '2023-06-20T02:03:00.000Z', reason],
      ['D-worse-z', MAX_RECEIVES + 1, '2023-06-20T02:03:00.000Z', reason],
    ]);
    expect((await readFigures(figures.store, 'SKHCN', '2023-Q1')).dossiers.received.total).toBe(2);

    // a failure after the release changes nothing
    await parked.failedAgain(poison('SKHCN', 'D-bad')[0]!, 'late', clock.now().toISOString());
    expect(await parked.listAgency('SKHCN')).toEqual([]);
  });
});
