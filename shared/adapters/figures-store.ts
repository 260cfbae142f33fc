// The figures table: entity records (one per dossier or document, holding its accepted facts)
// and counter items (one per agency, report month and field; one tail item per field).
//
//   entity   pk AGENCY#<agency>#DOSSIER#<id> | AGENCY#<agency>#DOCUMENT#<id>   sk FACTS
//            facts (JSON, sorted by event id), version
//   counters pk AGENCY#<agency>#FIGURES   sk MONTH#<YYYY-Mnn>#FIELD#<field> | MONTH#<YYYY-Mnn>#DOCUMENTS
//            one number per measure (rcvOnline, …, open, overdue; docElectronic, …), fieldNames (a set)
//   tail     pk AGENCY#<agency>#FIGURES   sk TAIL#FIELD#<field>   "<measure>:<YYYY-Mnn>" numbers
//
// One commit is one TransactWriteItems: each entity Put is conditional on the version read, so
// a concurrent or repeated apply of the same events fails as a whole and is planned again from
// the fresh record, where the events are then duplicates. Counter updates are ADDs in the same
// transaction, so counters always equal the sum of the stored records' contributions.
import { setTimeout as sleep } from 'node:timers/promises';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { CounterDelta, EntityChange, EntityRecord, EntityRef } from '#domain/apply.ts';
import { entityKey } from '#domain/apply.ts';
import { counterKey, splitCounterKey, type Counters, type DossierMeasure } from '#domain/counters.ts';
import type { FigureItems } from '#domain/figures.ts';

export interface StoredEntity {
  record: EntityRecord;
  version: number;
}

export interface PlannedChange {
  change: EntityChange;
  /** the version the change was planned from; 0 for an entity not stored yet */
  version: number;
}

export interface CommitResult {
  /** changes whose transaction was cancelled by a concurrent writer: plan them again */
  conflicted: PlannedChange[];
}

export interface FiguresStore {
  loadEntities(refs: readonly EntityRef[]): Promise<Map<string, StoredEntity>>;
  commit(changes: readonly PlannedChange[], mergeDeltas: (d: CounterDelta[]) => CounterDelta[]): Promise<CommitResult>;
  readFigureItems(agencyId: string, months: readonly string[]): Promise<FigureItems>;
}

/** Write and read units consumed, as DynamoDB reports them (ReturnConsumedCapacity). */
export interface CapacityMeter {
  read: number;
  write: number;
  /**
   * Write units by DynamoDB's pricing rule for transactions (2 per item per started KB), counted
   * here because DynamoDB Local reports transactional capacity loosely. Counter items are under 1 KB.
   */
  transactionalWrite: number;
}

/** An item's size as DynamoDB counts it, closely enough for capacity: attribute names plus values. */
function itemBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce((n, [k, v]) => n + Buffer.byteLength(k) + (typeof v === 'number' ? 21 : Buffer.byteLength(String(v))), 0);
}

const TRANSACTION_LIMIT = 100;
const KIND_KEY = { dossier: 'DOSSIER', document: 'DOCUMENT' } as const;

const entityPk = (ref: EntityRef) => `AGENCY#${ref.agencyId}#${KIND_KEY[ref.kind]}#${ref.entityId}`;
const figuresPk = (agencyId: string) => `AGENCY#${agencyId}#FIGURES`;
const DOCUMENTS = '';

function counterItemSk(month: string, field: string): string {
  return field === DOCUMENTS ? `MONTH#${month}#DOCUMENTS` : `MONTH#${month}#FIELD#${field}`;
}

/** Groups a bucket's "measure@field" counters into one update per counter item. */
function counterUpdates(delta: CounterDelta): Array<{ sk: string; values: Counters; fieldName?: string }> {
  const items = new Map<string, { sk: string; values: Counters; fieldName?: string }>();
  const put = (sk: string, attribute: string, value: number, field: string) => {
    let item = items.get(sk);
    if (!item) {
      const name = delta.fieldNames.get(field);
      items.set(sk, (item = name === undefined ? { sk, values: {} } : { sk, values: {}, fieldName: name }));
    }
    item.values[attribute] = (item.values[attribute] ?? 0) + value;
  };
  for (const [month, counters] of delta.months) {
    for (const [key, n] of Object.entries(counters)) {
      const { measure, field } = splitCounterKey(key);
      put(counterItemSk(month, field), measure, n, field);
    }
  }
  for (const [month, counters] of delta.tail) {
    for (const [key, n] of Object.entries(counters)) {
      const { measure, field } = splitCounterKey(key);
      put(`TAIL#FIELD#${field}`, `${measure}:${month}`, n, field);
    }
  }
  return [...items.values()];
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

  async function batchGet(keys: Array<{ pk: string; sk: string }>): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
        [tableName]: { Keys: keys.slice(i, i + 100), ConsistentRead: true },
      };
      for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
        if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
        const out = metered(await client.send(new BatchGetCommand({ RequestItems: request, ReturnConsumedCapacity: capacity })), 'read');
        found.push(...(out.Responses?.[tableName] ?? []));
        request = out.UnprocessedKeys as typeof request;
      }
    }
    return found;
  }

  async function queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = metered(await client.send(new QueryCommand({ ...input, ExclusiveStartKey: start, ReturnConsumedCapacity: capacity })), 'read');
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  function transactItems(planned: readonly PlannedChange[], deltas: CounterDelta[]) {
    const puts = planned.map(({ change, version }) => ({
      Put: {
        TableName: tableName,
        Item: { pk: entityPk(change.after), sk: 'FACTS', kind: change.after.kind, facts: JSON.stringify(change.after.facts), version: version + 1 },
        ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :version',
        ...(version === 0 ? {} : { ExpressionAttributeValues: { ':version': version } }),
      },
    }));
    const updates = deltas.flatMap((delta) =>
      counterUpdates(delta).map(({ sk, values, fieldName }) => {
        const names: Record<string, string> = {};
        const vals: Record<string, unknown> = {};
        const adds = Object.entries(values).map(([attribute, n], i) => {
          names[`#c${i}`] = attribute;
          vals[`:c${i}`] = n;
          return `#c${i} :c${i}`;
        });
        // Names go into a set (ADD commutes), and the reader takes the first in order: the name
        // shown does not depend on which event arrived last.
        if (fieldName !== undefined) {
          names['#fieldNames'] = 'fieldNames';
          vals[':fieldNames'] = new Set([fieldName]);
          adds.push('#fieldNames :fieldNames');
        }
        const expression = `ADD ${adds.join(', ')}`;
        return {
          Update: { TableName: tableName, Key: { pk: figuresPk(delta.agencyId), sk }, UpdateExpression: expression, ExpressionAttributeNames: names, ExpressionAttributeValues: vals },
        };
      }),
    );
    return [...puts, ...updates];
  }

  return {
    async loadEntities(refs) {
      const unique = new Map(refs.map((ref) => [entityPk(ref), ref]));
      const items = await batchGet([...unique.keys()].map((pk) => ({ pk, sk: 'FACTS' })));
      const out = new Map<string, StoredEntity>();
      for (const item of items) {
        const ref = unique.get(item.pk as string)!;
        out.set(entityKey(ref), { record: { ...ref, facts: JSON.parse(item.facts as string) }, version: item.version as number });
      }
      return out;
    },

    async commit(changes, mergeDeltas) {
      const conflicted: PlannedChange[] = [];
      // Fill each transaction with as many entity changes as fit beside their counter items.
      let chunk: PlannedChange[] = [];
      let counterItems = new Set<string>();
      const flush = async () => {
        if (chunk.length === 0) return;
        const items = transactItems(chunk, mergeDeltas(chunk.map((p) => p.change.delta)));
        try {
          metered(await client.send(new TransactWriteCommand({ TransactItems: items, ReturnConsumedCapacity: capacity })), 'write');
          if (meter) for (const item of items) meter.transactionalWrite += 2 * ('Put' in item && item.Put ? Math.ceil(itemBytes(item.Put.Item) / 1024) : 1);
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          const retriable = (error.CancellationReasons ?? []).every((r) => !r.Code || r.Code === 'None' || r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict');
          if (!retriable) throw error;
          conflicted.push(...chunk);
        }
        chunk = [];
        counterItems = new Set();
      };
      for (const planned of changes) {
        const own = counterUpdates(planned.change.delta).map(({ sk }) => `${planned.change.delta.agencyId}\u0000${sk}`);
        const grown = new Set([...counterItems, ...own]);
        if (chunk.length > 0 && chunk.length + 1 + grown.size > TRANSACTION_LIMIT) await flush();
        chunk.push(planned);
        for (const key of own) counterItems.add(key);
      }
      await flush();
      return { conflicted };
    },

    async readFigureItems(agencyId, months) {
      const pk = figuresPk(agencyId);
      const [monthItems, tailItems] = await Promise.all([
        queryAll({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': pk, ':from': `MONTH#${months[0]}#`, ':to': `MONTH#${months.at(-1)}#\uffff` },
        }),
        queryAll({ TableName: tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :tail)', ExpressionAttributeValues: { ':pk': pk, ':tail': 'TAIL#FIELD#' } }),
      ]);
      const monthCounters = new Map<string, Counters>();
      const tail = new Map<string, Counters>();
      const namesSeen = new Map<string, Set<string>>();
      const noteNames = (field: string, names: unknown) => {
        if (!(names instanceof Set)) return;
        const seen = namesSeen.get(field) ?? new Set<string>();
        for (const name of names as Set<string>) seen.add(name);
        namesSeen.set(field, seen);
      };
      const measures = (item: Record<string, unknown>) => Object.entries(item).filter(([, v]) => typeof v === 'number') as [string, number][];
      for (const item of monthItems) {
        const [, month, what, ...rest] = (item.sk as string).split('#');
        const field = what === 'DOCUMENTS' ? '' : rest.join('#');
        const counters = monthCounters.get(month!) ?? {};
        for (const [measure, n] of measures(item)) counters[field === '' ? measure : counterKey(measure as DossierMeasure, field)] = n;
        monthCounters.set(month!, counters);
        noteNames(field, item.fieldNames);
      }
      for (const item of tailItems) {
        const field = (item.sk as string).slice('TAIL#FIELD#'.length);
        for (const [attribute, n] of measures(item)) {
          const [measure, month] = attribute.split(':') as [string, string];
          const counters = tail.get(month) ?? {};
          counters[counterKey(measure as DossierMeasure, field)] = n;
          tail.set(month, counters);
        }
        noteNames(field, item.fieldNames);
      }
      const fieldNames = new Map([...namesSeen].map(([field, names]) => [field, [...names].sort()[0]!] as const));
      return { months: monthCounters, tail, fieldNames };
    },
  };
}

