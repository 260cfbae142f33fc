// The consumer against DynamoDB Local: exactly-once effect under redelivery, concurrent
// consumers with overlapping batches, and a consumer killed in the middle of a batch.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand as DocScan } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '#events/event.schema.ts';
import { addInto, totalOverFields, type Counters } from '#domain/counters.ts';
import { agencyFigures, totalsToRead } from '#domain/figures.ts';
import { nextMonth, parsePeriodId } from '#domain/periods.ts';
import { documentContribution, type DocumentFact } from '#domain/document.ts';
import { dossierContribution, type DossierFact } from '#domain/dossier.ts';
import { dynamoFiguresStore } from '#adapters/figures-store.ts';
import type { FiguresStore } from '#domain/figures-ports.ts';
import { applyBatch } from '#functions/apply/apply-edge.ts';
import { applyEvents } from '#app/apply-events.ts';
import { LocalQueue } from '../../infra/local/queue.ts';
import { readFigures } from '#app/figures.ts';
import { referenceFigures } from '../reference/figures.ts';
import { delivered, eventStream, PERIODS, sampleStream, WIDE_PERIODS, wideEventStream } from '../support/random-events.ts';
import { adaptersEnv, configEnv } from '#adapters/config.ts';
import { dynamoClient, freshTable, localConfig } from '../setup/services.ts';

let table: Awaited<ReturnType<typeof freshTable>>;
const clients: DynamoDBDocumentClient[] = [];
const newStore = (): FiguresStore => {
  const client = DynamoDBDocumentClient.from(dynamoClient());
  clients.push(client);
  return dynamoFiguresStore(client, table.tableName);
};
const forAgency = (events: Event[], agencyId: string) => events.map((e) => ({ ...e, agencyId }));

/** The summary's figures, and the roll-up's (from the agency's total items), equal the reference's. */
async function expectReferenceFigures(store: FiguresStore, events: Event[], agencyId: string, periods = PERIODS) {
  for (const periodId of periods) {
    const reference = referenceFigures(events, agencyId, periodId);
    expect(await readFigures(store, agencyId, periodId)).toEqual(reference);
    const period = parsePeriodId(periodId);
    const totals = (await store.readAgencyTotals([agencyId], totalsToRead(period))).get(agencyId)!;
    expect(agencyFigures(period, totals)).toEqual({ dossiers: reference.dossiers, documents: reference.documents, rates: reference.rates });
  }
}

/** Counters must always equal the sum of the stored records' contributions: nothing half-applied. */
async function expectCountersMatchRecords(store: FiguresStore, agencyId: string) {
  const client = DynamoDBDocumentClient.from(dynamoClient());
  clients.push(client);
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new DocScan({ TableName: table.tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  const months = new Map<string, Counters>();
  const years = new Map<string, Counters>();
  for (const item of items.filter((i) => (i.pk as string).startsWith(`AGENCY#${agencyId}#`) && i.sk === 'FACTS')) {
    const facts = JSON.parse(item.facts as string);
    const c = item.kind === 'dossier' ? dossierContribution(facts as DossierFact[]) : documentContribution(facts as DocumentFact[]);
    for (const [m, v] of c.months) months.set(m, addInto({ ...(months.get(m) ?? {}) }, v));
    for (const [y, v] of c.years) years.set(y, addInto({ ...(years.get(y) ?? {}) }, v));
  }
  const stored = await store.readFigureItems(agencyId, { months: { from: '2000-M01', to: '2101-M01' }, years: { from: '2000', to: '2101' } });
  const nonZero = (map: ReadonlyMap<string, Counters>) =>
    new Map([...map].map(([k, v]) => [k, Object.fromEntries(Object.entries(v).filter(([, n]) => n !== 0))] as const).filter(([, v]) => Object.keys(v).length > 0));
  expect(nonZero(stored.months)).toEqual(nonZero(months));
  expect(nonZero(stored.years)).toEqual(nonZero(years));
  // The total items hold the same counts added up over the fields.
  const everyMonth = ['2000-M01'];
  while (everyMonth.at(-1)! < '2101-M01') everyMonth.push(nextMonth(everyMonth.at(-1)!));
  const everyYear = Array.from({ length: 101 }, (_, i) => String(2000 + i));
  const totals = (await store.readAgencyTotals([agencyId], { months: everyMonth, years: everyYear })).get(agencyId)!;
  const overFields = (map: ReadonlyMap<string, Counters>) => new Map([...map].map(([k, v]) => [k, totalOverFields(v)] as const));
  expect(nonZero(totals.months)).toEqual(nonZero(overFields(months)));
  expect(nonZero(totals.years)).toEqual(nonZero(overFields(years)));
}

beforeAll(async () => {
  table = await freshTable('apply');
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await table.drop();
});

describe('applying events on DynamoDB Local', () => {
  it('gives the reference figures for shuffled, re-delivered streams', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(eventStream(30).chain((events) => delivered(events).map((d) => ({ events, ...d }))), async ({ events, order }) => {
        const agencyId = `PROP${run++}`;
        const store = newStore();
        for (let i = 0; i < order.length; i += 5) await applyEvents(store, forAgency(order.slice(i, i + 5), agencyId));
        await expectReferenceFigures(store, forAgency(events, agencyId), agencyId);
      }),
      { numRuns: 12 },
    );
  });

  it('ignores a whole batch delivered again', async () => {
    const events = forAgency(sampleStream(200, 60, 7), 'REDELIVER');
    const store = newStore();
    const first = await applyEvents(store, events);
    const again = await applyEvents(store, events);
    expect(first.failed).toEqual([]);
    expect(first.applied).toBe(new Set(events.map((e) => e.id)).size);
    expect(again).toEqual({ applied: 0, duplicates: events.length, failed: [] });
    await expectReferenceFigures(store, events, 'REDELIVER');
  });

  it('applies overlapping batches from two concurrent consumers exactly once', async () => {
    const events = forAgency(sampleStream(600, 120, 11), 'CONCURRENT');
    const [a, b] = [newStore(), newStore()];
    const consume = async (store: FiguresStore, part: Event[]) => {
      for (let i = 0; i < part.length; i += 50) {
        const outcome = await applyEvents(store, part.slice(i, i + 50), { maxRounds: 30 });
        expect(outcome.failed).toEqual([]);
      }
    };
    await Promise.all([consume(a, events.slice(0, 400)), consume(b, [...events.slice(200)].reverse())]);
    await expectReferenceFigures(a, events, 'CONCURRENT');
    await expectCountersMatchRecords(a, 'CONCURRENT');
  });

  it('leaves nothing half-applied when the consumer is killed mid-batch, and the redelivery completes it', async () => {
    const events = forAgency(sampleStream(3000, 1500, 13), 'KILLED');
    const dir = mkdtempSync(join(tmpdir(), 'apply-'));
    const file = join(dir, 'events.json');
    writeFileSync(file, JSON.stringify(events));
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/integration/fixtures/apply-child.ts', file], { env: { ...process.env, ...configEnv({ tableName: table.tableName }), ...adaptersEnv(localConfig({}).adapters) }, stdio: 'pipe' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Kill it as soon as its first transactions are in, long before the batch is done.
    const raw = dynamoClient();
    for (;;) {
      const { Count } = await raw.send(new ScanCommand({ TableName: table.tableName, Select: 'COUNT', FilterExpression: 'begins_with(pk, :p) AND sk = :s', ExpressionAttributeValues: { ':p': { S: 'AGENCY#KILLED#' }, ':s': { S: 'FACTS' } } }));
      if ((Count ?? 0) > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    expect(await exited).toBeNull();
    raw.destroy();

    const store = newStore();
    await expectCountersMatchRecords(store, 'KILLED');
    const partial = await readFigures(store, 'KILLED', '2023-FY');
    expect(partial).not.toEqual(referenceFigures(events, 'KILLED', '2023-FY'));

    const redelivered = await applyEvents(store, events);
    expect(redelivered.failed).toEqual([]);
    expect(redelivered.duplicates).toBeGreaterThan(0);
    await expectReferenceFigures(store, events, 'KILLED');
    await expectCountersMatchRecords(store, 'KILLED');
  });

  it('sends poison messages to the DLQ after their retries and applies the rest of the batch', async () => {
    const store = newStore();
    const good = forAgency(sampleStream(20, 6, 17), 'POISON');
    const poison = ['not json', JSON.stringify({ ...good[0], id: 'bad', occurredAt: '2023-02-30T08:00:00Z' })];
    const queue = new LocalQueue((batch) => applyBatch(store, batch), { maxReceiveCount: 3, backoffMs: () => 1, log: () => {} });
    await queue.send([...good.slice(0, 10).map((e) => JSON.stringify(e)), ...poison, ...good.slice(10).map((e) => JSON.stringify(e))]);
    await queue.drain();
    queue.stop();
    expect(queue.deadLetters.map((m) => [m.body, m.receiveCount])).toEqual(poison.map((body) => [body, 3]));
    await expectReferenceFigures(store, good, 'POISON');
  });

  it('names a field the same whatever order differently named dossiers of it arrive in', async () => {
    const received = (id: string, agencyId: string, fieldName: string): Event => ({
      id, agencyId, type: 'dossier.received', occurredAt: '2023-01-05T09:00:00+07:00',
      data: { dossierId: id, procedureCode: '1.004503', channel: 'online', dueAt: '2023-01-20T09:00:00+07:00', fieldCode: 'TDC', fieldName },
    });
    const store = newStore();
    for (const [agency, order] of [['NAMES1', ['b', 'a']], ['NAMES2', ['a', 'b']]] as const) {
      for (const which of order) {
        await applyEvents(store, [received(`n-${which}`, agency, which === 'a' ? 'Tiêu chuẩn đo lường chất lượng' : 'Tiêu chuẩn, đo lường, chất lượng')]);
      }
    }
    const [first, second] = await Promise.all([readFigures(store, 'NAMES1', '2023-M01'), readFigures(store, 'NAMES2', '2023-M01')]);
    expect(first.fields.map((f) => f.fieldName)).toEqual(['Tiêu chuẩn đo lường chất lượng']);
    expect(second.fields.map((f) => f.fieldName)).toEqual(first.fields.map((f) => f.fieldName));
  });

  it('counts every valid event over the whole allowed range: century-long spans, long keys in any script', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(wideEventStream(16).chain((events) => delivered(events).map((d) => ({ events, ...d }))), async ({ events, order }) => {
        const agencyId = `WIDE${run++}`;
        const store = newStore();
        for (let i = 0; i < order.length; i += 4) expect((await applyEvents(store, forAgency(order.slice(i, i + 4), agencyId))).failed).toEqual([]);
        await expectReferenceFigures(store, forAgency(events, agencyId), agencyId, WIDE_PERIODS);
      }),
      { numRuns: 15 },
    );
    await expectCountersMatchRecords(newStore(), 'WIDE0');
  });

  it('counts the spans that broke one transaction, and the other agency of the same batch', async () => {
    const received = (id: string, dossierId: string, occurredAt: string, dueAt: string, fieldCode?: string): Event => ({
      id, agencyId: 'SPANS', type: 'dossier.received', occurredAt,
      data: { dossierId, procedureCode: '1.004503', channel: 'online', dueAt, ...(fieldCode ? { fieldCode, fieldName: 'Lĩnh vực dài' } : {}) },
    });
    const events: Event[] = [
      received('typo', 'DUE-TYPO', '2023-03-01T08:00:00+07:00', '2033-03-10T17:00:00+07:00'), // due-date typo: 10 years away
      received('long', 'CLOSED-2040', '2023-03-01T08:00:00+07:00', '2023-03-20T17:00:00+07:00'),
      { id: 'long-closed', agencyId: 'SPANS', type: 'dossier.resolved', occurredAt: '2040-01-02T08:00:00+07:00', data: { dossierId: 'CLOSED-2040' } },
      received('far', 'DUE-2099', '2023-03-01T08:00:00+07:00', '2099-12-31T16:00:00+07:00'),
      received('field', 'ệ'.repeat(512), '2023-03-01T08:00:00+07:00', '2023-03-20T17:00:00+07:00', 'ệ'.repeat(512)), // id and field code past the key limits
      { ...received('bystander', 'OTHER', '2023-03-01T08:00:00+07:00', '2023-03-20T17:00:00+07:00'), agencyId: 'BYSTANDER' },
    ];
    const store = newStore();
    expect(await applyEvents(store, events)).toEqual({ applied: events.length, duplicates: 0, failed: [] });
    const spans = events.filter((e) => e.agencyId === 'SPANS');
    await expectReferenceFigures(store, spans, 'SPANS', [...PERIODS, '2033-Q1', '2033-Q2', '2039-FY', '2040-M01', '2040-FY', '2099-FY', '2100-H1']);
    expect((await readFigures(store, 'SPANS', '2039-FY')).dossiers.pending).toEqual({ total: 4, withinDeadline: 1, overdue: 3 });
    expect((await readFigures(store, 'SPANS', '2023-H1')).fields.map((f) => f.fieldCode)).toContain('ệ'.repeat(512));
    expect((await readFigures(store, 'BYSTANDER', '2023-H1')).dossiers.received.total).toBe(1);
    await expectCountersMatchRecords(store, 'SPANS');
  });

  it('stages a change too big for one transaction, and whoever loads the record next finishes it after a crash', async () => {
    // Rescheduled back and forth every month for ten years: overdue flips at each month start.
    const dossierId = 'FLIPPING';
    const events: Event[] = [
      { id: 'f-r', agencyId: 'STAGED', type: 'dossier.received', occurredAt: '2023-01-03T08:00:00+07:00', data: { dossierId, procedureCode: '1.004503', channel: 'direct', dueAt: '2023-01-10T17:00:00+07:00' } },
    ];
    for (let m = 0; m < 120; m++) {
      const month = (n: number) => `${2023 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
      events.push({ id: `f-s${m}`, agencyId: 'STAGED', type: 'dossier.rescheduled', occurredAt: `${month(m + 1)}-16T08:00:00+07:00`, data: { dossierId, dueAt: m % 2 ? `${month(m + 3)}-01T17:00:00+07:00` : `${month(m + 1)}-17T17:00:00+07:00` } });
    }
    // A late closing dated early takes every later flip away at once: far more than one transaction's 100 items.
    const moved: Event = { id: 'f-closed', agencyId: 'STAGED', type: 'dossier.resolved', occurredAt: '2023-02-20T08:00:00+07:00', data: { dossierId } };
    const store = newStore();
    expect((await applyEvents(store, events)).failed).toEqual([]);

    // Every transaction after the staged change's first one fails, as if the consumer had died there.
    const crashing = DynamoDBDocumentClient.from(dynamoClient());
    clients.push(crashing);
    const send = crashing.send.bind(crashing);
    let transactions = 0;
    crashing.send = (async (command: Parameters<typeof send>[0]) => {
      if (command.constructor.name === 'TransactWriteCommand' && ++transactions > 1) throw new Error('consumer killed');
      return send(command);
    }) as typeof crashing.send;
    const crashed = await applyEvents(dynamoFiguresStore(crashing, table.tableName), [moved]);
    expect(crashed.failed).toEqual([{ id: 'f-closed', reason: expect.stringContaining('consumer killed') }]);
    expect(transactions).toBeGreaterThanOrEqual(2);

    const all = [...events, moved];
    const partial = await readFigures(store, 'STAGED', '2024-FY');
    expect(partial).not.toEqual(referenceFigures(all, 'STAGED', '2024-FY'));
    // The redelivery finds the record with slices pending, finishes them, and the event is a duplicate.
    expect(await applyEvents(store, [moved])).toEqual({ applied: 0, duplicates: 1, failed: [] });
    await expectReferenceFigures(store, all, 'STAGED', ['2022-FY', '2023-H1', '2023-FY', '2024-Q2', '2024-FY', '2029-FY', '2032-H2', '2033-H1']);
    await expectCountersMatchRecords(store, 'STAGED');
  });
});
