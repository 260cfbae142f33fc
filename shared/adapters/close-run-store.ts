// The close runs in the single table: one item per task,
//   pk CLOSE#<runId>   sk TASK#<agencyId>#<periodId>   state, attempts, claimedAt, outcome, error, updatedAt
// Every state change is one conditional write, so two workers never both hold a task.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CloseRunStore, CloseTask, CloseTaskRecord } from '#domain/close-run.ts';
import { queryAll } from './dynamodb.ts';
import { readStored, STORED_RECORDS } from './stored-records.ts';
import { keys } from './table-keys.ts';

/** conditional puts in flight while a run opens */
const OPEN_PARALLEL = 25;

const lost = (error: unknown) => error instanceof ConditionalCheckFailedException;

export function dynamoCloseRunStore(client: DynamoDBDocumentClient, tableName: string): CloseRunStore {
  const key = (task: CloseTask) => keys.closeTask(task.runId, task.agencyId, task.periodId);
  const record = (item: Record<string, unknown>): CloseTaskRecord => {
    const { pk: _pk, sk: _sk, claimedAt: _claimedAt, ...rest } = item;
    return readStored(STORED_RECORDS.closeTask, item, () => rest);
  };
  /** The worker's last word on a task: its state, with the outcome or the error. */
  const settle = async (task: CloseTask, state: CloseTaskRecord['state'], set: string, value: unknown, at: string) => {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key(task),
        UpdateExpression: `SET #state = :state, updatedAt = :at, ${set}`,
        ExpressionAttributeNames: { '#state': 'state', '#error': 'error' },
        ExpressionAttributeValues: { ':state': state, ':value': value, ':at': at },
      }),
    );
  };
  const listRun = async (runId: string) =>
    (await queryAll(client, { TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.closeRunPk(runId) }, ConsistentRead: true })).map(record);

  return {
    async openRun(runId, tasks, at) {
      for (let i = 0; i < tasks.length; i += OPEN_PARALLEL) {
        await Promise.all(
          tasks.slice(i, i + OPEN_PARALLEL).map(async (t) => {
            const task = { runId, agencyId: t.agencyId, periodId: t.periodId };
            const item = { ...key(task), ...task, state: 'queued', attempts: 0, updatedAt: at };
            await client.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })).catch((error: unknown) => {
              if (!lost(error)) throw error;
            });
          }),
        );
      }
      return listRun(runId);
    },

    async claim(task, at, staleMs) {
      const staleBefore = new Date(Date.parse(at) - staleMs).toISOString();
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: key(task),
            UpdateExpression: 'SET #state = :rendering, claimedAt = :at, updatedAt = :at, runId = :run, agencyId = :agency, periodId = :period ADD attempts :one',
            ConditionExpression: 'attribute_not_exists(pk) OR #state IN (:queued, :failed, :parked) OR (#state = :rendering AND claimedAt < :stale)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':rendering': 'rendering', ':queued': 'queued', ':failed': 'failed', ':parked': 'parked',
              ':at': at, ':stale': staleBefore, ':one': 1, ':run': task.runId, ':agency': task.agencyId, ':period': task.periodId,
            },
          }),
        );
        return 'claimed';
      } catch (error) {
        if (!lost(error)) throw error;
        const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key(task), ConsistentRead: true }));
        return Item?.state === 'rendered' ? 'done' : 'busy';
      }
    },

    rendered: (task, outcome, at) => settle(task, 'rendered', 'outcome = :value REMOVE #error', outcome, at),
    failed: (task, error, parked, at) => settle(task, parked ? 'parked' : 'failed', '#error = :value', error, at),
    listRun,
  };
}
