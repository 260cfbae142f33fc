// The figures table: entity records (one per dossier or document, holding its accepted facts)
// and counter items (per agency, report month and field; per agency and report year).
//
//   entity   pk AGENCY#<agency>#DOSSIER#<id> | AGENCY#<agency>#DOCUMENT#<id>   sk FACTS
//            facts (JSON, sorted by event id), version; pending, pendingDone while a staged change runs
//   month    pk AGENCY#<agency>#FIGURES   sk MONTH#<YYYY-Mnn>#FIELD#<field>
//            one number per measure (flows; open/overdue changes at the month start), field (the code),
//            fieldNames (a set)
//   total    pk AGENCY#<agency>#FIGURES   sk MONTH#<YYYY-Mnn>#TOTAL   the month's measures added up
//            over the fields (totalOverFields), and the documents' (docElectronic, …)
//   year     pk AGENCY#<agency>#FIGURES   sk YEAR#<YYYY>   open@<field>, overdue@<field>: the changes of its
//            months, every field in one item; names@<field> (sets)
//   years    pk AGENCY#<agency>#FIGURES   sk YEARS   open@<YYYY>, overdue@<YYYY>: each year's changes added
//            up over the fields (written only when a dossier's changes in a year do not cancel out)
//
// The summary reads an agency's field items; the province's roll-up reads only its totals (the
// period's month totals and the years item), by key, many agencies a request: a roll-up's cost
// grows with the agencies, not with their fields or their history.
//
// Any text that goes into a key and can be long (a dossier or document id, a field code) is kept
// as it is while short and replaced by its SHA-256 behind a different separator when it could pass
// DynamoDB's key limits (2048 bytes for pk, 1024 for sk); the field code is always in `field`.
//
// One commit is one TransactWriteItems: each entity Put is conditional on the version read, so
// a concurrent or repeated apply of the same events fails as a whole and is planned again from
// the fresh record, where the events are then duplicates. Counter updates are ADDs in the same
// transaction, so counters always equal the sum of the stored records' contributions.
//
// A change too big for one transaction (a dossier rescheduled dozens of times; never a long span)
// is staged: the record is written with the remaining counter updates in `pending`, and each
// further transaction applies the next slice while advancing `pendingDone` conditionally. Whoever
// loads the record next (a retry, a concurrent consumer) finishes the slices first, and no Put
// replaces a record with slices still pending, so nothing is applied twice or lost.
import { setTimeout as sleep } from 'node:timers/promises';
import pMap from 'p-map';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isTransient, queryAll } from './dynamodb.ts';
import { keys } from './table-keys.ts';
import { entityKey, mergeDeltas, type CounterDelta, type EntityRef } from '#domain/apply.ts';
import type { FiguresStore, PlannedChange, StoredEntity } from '#domain/figures-ports.ts';
import { counterKey, DOCUMENT_MEASURES, STOCK_MEASURES, splitCounterKey, totalOverFields, type Counters, type DossierMeasure } from '#domain/counters.ts';

/** Write and read units consumed, as DynamoDB reports them (ReturnConsumedCapacity). */
export interface CapacityMeter {
  read: number;
  write: number;
  /**
   * Write units by DynamoDB's pricing rule for transactions (2 per item per started KB), counted
   * here because DynamoDB Local reports transactional capacity loosely. Counted as 2 per counter
   * update: month items are under 1 KB; a year item grows ~60 bytes a field and the years item
   * ~30 bytes a year, so an agency with more than ~15 fields (or 30 years of data) pays more on the
   * (rare) updates of those than this counts.
   */
  transactionalWrite: number;
}

/** An item's size as DynamoDB counts it, closely enough for capacity: attribute names plus values. */
function itemBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce((n, [k, v]) => n + Buffer.byteLength(k) + (typeof v === 'number' ? 21 : Buffer.byteLength(String(v))), 0);
}

const TRANSACTION_LIMIT = 100;

const entityPk = (ref: EntityRef) => keys.entity(ref).pk;
const figuresPk = keys.figuresPk;
const DOCUMENTS = '';
const isDocumentMeasure = (measure: string) => (DOCUMENT_MEASURES as readonly string[]).includes(measure);
/** A years item's attribute: a measure's total over the fields in one report year. */
const yearTotalAttribute = (measure: string, year: string) => `${measure}@${year}`;

/** Keys a BatchGetItem request takes at most, and requests in flight at once. */
const BATCH_GET_KEYS = 100;
const BATCH_GETS_IN_FLIGHT = 16;

/** One counter item's update: numbers to ADD, the field it counts and the field name seen. */
interface CounterUpdate {
  sk: string;
  /** attribute → number to ADD */
  values: Counters;
  /** the field a month item counts (SET, so that the reader need not parse it from the key) */
  field?: string;
  /** set attribute → a field name to ADD to it */
  names?: Record<string, string>;
}

/** A year item's attribute holding a field's names (its numbers are `measure@field`, as in a delta). */
const namesAttribute = (field: string) => `names@${field}`;

/** The counter updates of a staged change, kept on its record until every slice is applied. */
interface StagedUpdates {
  agencyId: string;
  updates: CounterUpdate[];
}

/**
 * Groups a delta into one update per counter item: a month item per field (its measures as
 * attributes) and the month's total item; one item per report year holding every field's stock
 * changes as `measure@field` attributes, so that a summary reads one item per past year whatever
 * the number of fields, and the years item with their totals. Totals that cancel out are not written.
 */
export function counterUpdates(delta: CounterDelta): CounterUpdate[] {
  const items = new Map<string, CounterUpdate>();
  const itemAt = (sk: string) => {
    let item = items.get(sk);
    if (!item) items.set(sk, (item = { sk, values: {} }));
    return item;
  };
  for (const [month, counters] of delta.months) {
    Object.assign(itemAt(keys.monthTotalSk(month)).values, totalOverFields(counters));
    for (const [key, n] of Object.entries(counters)) {
      const { measure, field } = splitCounterKey(key);
      if (field === DOCUMENTS) continue;
      const item = itemAt(keys.monthFieldSk(month, field));
      item.values[measure] = (item.values[measure] ?? 0) + n;
      item.field = field;
      const name = delta.fieldNames.get(field);
      if (name !== undefined) item.names = { fieldNames: name };
    }
  }
  for (const [year, counters] of delta.years) {
    const item = itemAt(keys.yearSk(year));
    Object.assign(item.values, counters);
    const totals = itemAt(keys.yearTotalsSk).values;
    for (const [measure, n] of Object.entries(totalOverFields(counters))) totals[yearTotalAttribute(measure, year)] = n;
    for (const key of Object.keys(counters)) {
      const { field } = splitCounterKey(key);
      const name = delta.fieldNames.get(field);
      if (name !== undefined) item.names = { ...item.names, [namesAttribute(field)]: name };
    }
  }
  return [...items.values()].filter((item) => Object.keys(item.values).length > 0 || item.names);
}

export function dynamoFiguresStore(client: DynamoDBDocumentClient, tableName: string, meter?: CapacityMeter): FiguresStore {
  const metered = <T extends { ConsumedCapacity?: Array<{ CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number }> | { CapacityUnits?: number } }>(
    output: T,
    kind: 'read' | 'write',
  ): T => {
    if (meter && output.ConsumedCapacity) {
      const list = Array.isArray(output.ConsumedCapacity) ? output.ConsumedCapacity : [output.ConsumedCapacity];
      for (const c of list) meter[kind] += c.CapacityUnits ?? 0;
    }
    return output;
  };
  const capacity = meter ? ('TOTAL' as const) : undefined;

  /**
   * Every item of `keys` that exists, 100 keys a request, 16 requests in flight: a batch of records
   * is ≤ 10 requests, a roll-up of a half-year one per 12 agencies.
   */
  async function batchGet(keys: Array<{ pk: string; sk: string }>): Promise<Record<string, unknown>[]> {
    const slices = Array.from({ length: Math.ceil(keys.length / BATCH_GET_KEYS) }, (_, i) => keys.slice(i * BATCH_GET_KEYS, (i + 1) * BATCH_GET_KEYS));
    const pages = await pMap(
      slices,
      async (slice) => {
        const found: Record<string, unknown>[] = [];
        type Request = Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }>;
        let request: Request | undefined = { [tableName]: { Keys: slice, ConsistentRead: true } };
        for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
          if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
          const out = metered(await client.send(new BatchGetCommand({ RequestItems: request, ReturnConsumedCapacity: capacity })), 'read');
          found.push(...(out.Responses?.[tableName] ?? []));
          request = out.UnprocessedKeys as Request | undefined;
        }
        return found;
      },
      { concurrency: BATCH_GETS_IN_FLIGHT },
    );
    return pages.flat();
  }

  const counterUpdateItem = (agencyId: string, { sk, values, field, names: fieldNames = {} }: CounterUpdate) => {
    const names: Record<string, string> = {};
    const vals: Record<string, unknown> = {};
    const adds = Object.entries(values).map(([attribute, n], i) => {
      names[`#c${i}`] = attribute;
      vals[`:c${i}`] = n;
      return `#c${i} :c${i}`;
    });
    // Names go into sets (ADD commutes), and the reader takes the first in order: the name
    // shown does not depend on which event arrived last.
    Object.entries(fieldNames).forEach(([attribute, name], i) => {
      names[`#n${i}`] = attribute;
      vals[`:n${i}`] = new Set([name]);
      adds.push(`#n${i} :n${i}`);
    });
    let expression = `ADD ${adds.join(', ')}`;
    if (field !== undefined) {
      names['#field'] = 'field';
      vals[':field'] = field;
      expression = `SET #field = :field ${expression}`;
    }
    return { Update: { TableName: tableName, Key: { pk: figuresPk(agencyId), sk }, UpdateExpression: expression, ExpressionAttributeNames: names, ExpressionAttributeValues: vals } };
  };

  type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

  /** Sends one transaction; false when a concurrent writer won (the caller plans again), throws on anything else. */
  async function transact(items: TransactItem[]): Promise<boolean> {
    try {
      metered(await client.send(new TransactWriteCommand({ TransactItems: items, ReturnConsumedCapacity: capacity })), 'write');
      if (meter) for (const item of items) meter.transactionalWrite += 2 * (item.Put ? Math.ceil(itemBytes(item.Put.Item!) / 1024) : 1);
      return true;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const retriable = (error.CancellationReasons ?? []).every((r) => !r.Code || r.Code === 'None' || r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict');
      if (!retriable) throw error;
      return false;
    }
  }

  /** The record Put of a change, conditional on the version it was planned from and on no staged slices left. */
  const recordPut = ({ change, version }: PlannedChange, pending?: { updates: CounterUpdate[]; done: number }) => ({
    Put: {
      TableName: tableName,
      Item: {
        pk: entityPk(change.after),
        sk: 'FACTS',
        kind: change.after.kind,
        facts: JSON.stringify(change.after.facts),
        version: version + 1,
        ...(pending ? { pending: JSON.stringify({ agencyId: change.delta.agencyId, updates: pending.updates } satisfies StagedUpdates), pendingDone: pending.done } : {}),
      },
      ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :version AND attribute_not_exists(pendingDone)',
      ...(version === 0 ? {} : { ExpressionAttributeValues: { ':version': version } }),
    },
  });

  /** Applies the staged slices left on a record, from `pendingDone` on; stops quietly when another writer advanced them. */
  async function finishPending(pk: string, { agencyId, updates }: StagedUpdates, done: number): Promise<void> {
    for (let from = done; from < updates.length; from += TRANSACTION_LIMIT - 1) {
      const to = Math.min(updates.length, from + TRANSACTION_LIMIT - 1);
      const advance = to === updates.length ? 'REMOVE pending, pendingDone' : 'SET pendingDone = :to';
      const ok = await transact([
        {
          Update: {
            TableName: tableName,
            Key: { pk, sk: 'FACTS' },
            UpdateExpression: advance,
            ConditionExpression: 'pendingDone = :from',
            ExpressionAttributeValues: to === updates.length ? { ':from': from } : { ':from': from, ':to': to },
          },
        },
        ...updates.slice(from, to).map((u) => counterUpdateItem(agencyId, u)),
      ]);
      if (!ok) return;
    }
  }

  /** Writes one change too big for a transaction: the record with its slices pending, then the slices. */
  async function commitStaged(planned: PlannedChange): Promise<boolean> {
    const updates = counterUpdates(planned.change.delta);
    const first = TRANSACTION_LIMIT - 1;
    const ok = await transact([recordPut(planned, { updates, done: first }), ...updates.slice(0, first).map((u) => counterUpdateItem(planned.change.delta.agencyId, u))]);
    if (ok) await finishPending(entityPk(planned.change.after), { agencyId: planned.change.delta.agencyId, updates }, first);
    return ok;
  }

  return {
    async loadEntities(refs) {
      const unique = new Map(refs.map((ref) => [entityPk(ref), ref]));
      let items = await batchGet([...unique.keys()].map((pk) => ({ pk, sk: 'FACTS' })));
      const staged = items.filter((item) => typeof item.pending === 'string');
      if (staged.length > 0) {
        for (const item of staged) await finishPending(item.pk as string, JSON.parse(item.pending as string) as StagedUpdates, item.pendingDone as number);
        items = [...items.filter((item) => typeof item.pending !== 'string'), ...(await batchGet(staged.map((item) => ({ pk: item.pk as string, sk: 'FACTS' }))))];
      }
      const out = new Map<string, StoredEntity>();
      for (const item of items) {
        const ref = unique.get(item.pk as string)!;
        out.set(entityKey(ref), { record: { ...ref, facts: JSON.parse(item.facts as string) }, version: item.version as number });
      }
      return out;
    },

    async commit(changes) {
      const conflicted: PlannedChange[] = [];
      // Fill each transaction with as many entity changes as fit beside their counter items.
      let chunk: PlannedChange[] = [];
      let counterItems = new Set<string>();
      const flush = async () => {
        if (chunk.length === 0) return;
        const deltas = mergeDeltas(chunk.map((p) => p.change.delta));
        const items = [...chunk.map((p) => recordPut(p)), ...deltas.flatMap((d) => counterUpdates(d).map((u) => counterUpdateItem(d.agencyId, u)))];
        if (!(await transact(items))) conflicted.push(...chunk);
        chunk = [];
        counterItems = new Set();
      };
      // Changes that move the same counter items go together (sorted by the items they touch), so a
      // transaction holds more records beside fewer counter items: fewer items written in all.
      const byItems = changes
        .map((planned) => ({ planned, own: counterUpdates(planned.change.delta).map(({ sk }) => `${planned.change.delta.agencyId}\u0000${sk}`).sort() }))
        .map((c) => ({ ...c, order: c.own.join('\u0001') }))
        .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
      for (const { planned, own } of byItems) {
        if (own.length > TRANSACTION_LIMIT - 1) {
          if (!(await commitStaged(planned))) conflicted.push(planned);
          continue;
        }
        const grown = new Set([...counterItems, ...own]);
        if (chunk.length > 0 && chunk.length + 1 + grown.size > TRANSACTION_LIMIT) await flush();
        chunk.push(planned);
        for (const key of own) counterItems.add(key);
      }
      await flush();
      return { conflicted };
    },

    async readFigureItems(agencyId, ranges) {
      const pk = figuresPk(agencyId);
      const between = ({ from, to }: { from: string; to: string }) =>
        queryAll(
          client,
          { TableName: tableName, KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to', ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to }, ReturnConsumedCapacity: capacity },
          (page) => metered(page, 'read'),
        );
      const [monthItems, yearItems] = await Promise.all([
        between(keys.monthRange(ranges.months.from, ranges.months.to)),
        ranges.years.from <= ranges.years.to ? between(keys.yearRange(ranges.years.from, ranges.years.to)) : [],
      ]);
      const namesSeen = new Map<string, Set<string>>();
      const seeNames = (field: string, names: unknown) => {
        if (!(names instanceof Set)) return;
        const seen = namesSeen.get(field) ?? new Set<string>();
        for (const name of names as Set<string>) seen.add(name);
        namesSeen.set(field, seen);
      };
      const months = new Map<string, Counters>();
      for (const item of monthItems) {
        const month = keys.bucketOf(String(item.sk));
        const field = typeof item.field === 'string' ? item.field : DOCUMENTS;
        const counters = months.get(month) ?? {};
        for (const [measure, n] of Object.entries(item)) {
          if (typeof n !== 'number') continue;
          // The fields' measures come from their own items; of the total item, only the documents'.
          if (field !== DOCUMENTS) counters[counterKey(measure as DossierMeasure, field)] = n;
          else if (isDocumentMeasure(measure)) counters[measure] = n;
        }
        months.set(month, counters);
        seeNames(field, item.fieldNames);
      }
      const years = new Map<string, Counters>();
      for (const item of yearItems) {
        const counters: Counters = {};
        for (const [attribute, value] of Object.entries(item)) {
          if (typeof value === 'number') counters[attribute] = value;
          else if (attribute.startsWith(namesAttribute(''))) seeNames(attribute.slice(namesAttribute('').length), value);
        }
        years.set(keys.bucketOf(String(item.sk)), counters);
      }
      const fieldNames = new Map([...namesSeen].map(([field, names]) => [field, [...names].sort()[0]!] as const));
      return { months, years, fieldNames };
    },

    async readAgencyTotals(agencyIds, buckets) {
      const totals = new Map(agencyIds.map((agencyId) => [agencyId, { months: new Map<string, Counters>(), years: new Map<string, Counters>(), fieldNames: new Map<string, string>() }]));
      const byPk = new Map(agencyIds.map((agencyId) => [figuresPk(agencyId), agencyId]));
      const wanted = [...byPk.keys()].flatMap((pk) => [...buckets.months.map((month) => ({ pk, sk: keys.monthTotalSk(month) })), { pk, sk: keys.yearTotalsSk }]);
      for (const item of await batchGet(wanted)) {
        const agency = totals.get(byPk.get(String(item.pk))!)!;
        if (item.sk === keys.yearTotalsSk) {
          for (const year of buckets.years) {
            const counters: Counters = {};
            for (const measure of STOCK_MEASURES) {
              const n = item[yearTotalAttribute(measure, year)];
              if (typeof n === 'number' && n !== 0) counters[measure] = n;
            }
            if (Object.keys(counters).length > 0) agency.years.set(year, counters);
          }
          continue;
        }
        const counters: Counters = {};
        for (const [measure, n] of Object.entries(item)) if (typeof n === 'number') counters[measure] = n;
        agency.months.set(keys.bucketOf(String(item.sk)), counters);
      }
      return totals;
    },
    isTransient,
  };
}
