// DynamoDB Local (started once by tests/setup/local-services.ts) must answer the real SDK client
// with the table schema the handlers use.
import { DescribeTableCommand, DescribeTimeToLiveCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJavaMajor } from '../../infra/local/dynamodb-local.ts';
import { createTable } from '../../infra/local/table.ts';
import { dynamoClient, freshTable } from '../setup/services.ts';

let client: DynamoDBClient;
let table: Awaited<ReturnType<typeof freshTable>>;

beforeAll(async () => {
  client = dynamoClient();
  table = await freshTable('ddb');
});
afterAll(async () => {
  await table.drop();
  client.destroy();
});

describe('DynamoDB Local', () => {
  it('has the single-table schema: pk/sk, gsi1 (ALL), TTL on expiresAt, on demand', async () => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table.tableName }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.KeySchema, i.Projection?.ProjectionType])).toEqual([
      ['gsi1', [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }, { AttributeName: 'gsi1sk', KeyType: 'RANGE' }], 'ALL'],
    ]);
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: table.tableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
  });

  it('stores items and answers queries on the table and on gsi1', async () => {
    const doc = DynamoDBDocumentClient.from(client);
    await doc.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'AGENCY#SKHCN', sk: 'DOSSIER#1', gsi1pk: 'PERIOD#2023-H1', gsi1sk: 'SKHCN#1', title: 'Hồ sơ' } }));
    await doc.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'AGENCY#SKHCN', sk: 'DOSSIER#2', gsi1pk: 'PERIOD#2023-H2', gsi1sk: 'SKHCN#2' } }));

    const byAgency = await doc.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'AGENCY#SKHCN' } }));
    expect(byAgency.Items?.map((i) => i.sk)).toEqual(['DOSSIER#1', 'DOSSIER#2']);

    const byPeriod = await doc.send(
      new QueryCommand({ TableName: table.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'PERIOD#2023-H1' } }),
    );
    expect(byPeriod.Items).toEqual([{ pk: 'AGENCY#SKHCN', sk: 'DOSSIER#1', gsi1pk: 'PERIOD#2023-H1', gsi1sk: 'SKHCN#1', title: 'Hồ sơ' }]);
  });

  it('createTable leaves an existing table (and its items) alone', async () => {
    const doc = DynamoDBDocumentClient.from(client);
    await doc.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'KEEP', sk: 'ME' } }));
    await createTable(client, table.tableName);
    const kept = await doc.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'KEEP' } }));
    expect(kept.Items).toHaveLength(1);
  });
});

describe('parseJavaMajor', () => {
  it('reads modern and 1.x version strings', () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaMajor('openjdk version "21" 2023-09-19')).toBe(21);
    expect(parseJavaMajor('java version "1.8.0_422"')).toBe(8);
    expect(parseJavaMajor('bash: java: command not found')).toBeUndefined();
  });
});
