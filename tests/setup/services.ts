// What integration tests use to reach the services of tests/setup/local-services.ts: real SDK
// clients, fresh uniquely named tables and buckets, and the environment the handlers read.
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { inject } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamodb-local.ts';
import { ensureBuckets, s3ClientFor } from '../../infra/local/s3-local.ts';
import { localAwsEnv } from '../../infra/local/stack.ts';
import { createTable } from '../../infra/local/table.ts';

export function localEndpoints(): { dynamodb: string; s3: string } {
  return { dynamodb: inject('dynamodbEndpoint'), s3: inject('s3Endpoint') };
}

export function dynamoClient(): DynamoDBClient {
  return new DynamoDBClient({ endpoint: localEndpoints().dynamodb, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}

export function s3Client(): S3Client {
  return s3ClientFor(localEndpoints().s3);
}

/** A name no other test file uses: `<prefix>-<random>` (letters, digits and dashes fit both tables and buckets). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`.toLowerCase();
}

/** Creates a fresh table with the project's schema; returns its name and a function that deletes it. */
export async function freshTable(prefix = 'test'): Promise<{ tableName: string; drop(): Promise<void> }> {
  const tableName = uniqueName(prefix);
  const client = dynamoClient();
  try {
    await createTable(client, tableName);
  } finally {
    client.destroy();
  }
  return {
    tableName,
    async drop() {
      const dropper = dynamoClient();
      try {
        await dropper.send(new DeleteTableCommand({ TableName: tableName }));
      } finally {
        dropper.destroy();
      }
    },
  };
}

export async function freshBucket(prefix = 'test'): Promise<string> {
  const bucket = uniqueName(prefix);
  await ensureBuckets(localEndpoints().s3, [bucket]);
  return bucket;
}

/**
 * Points the AWS SDK of this worker (and so the handlers under test) at the local services, with
 * `extra` (TABLE_NAME, buckets…) on top; returns a function that restores the previous values.
 */
export function useLocalEnv(extra: Record<string, string> = {}): () => void {
  const values = { ...localAwsEnv(localEndpoints()), ...extra };
  const previous = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  Object.assign(process.env, values);
  return () => {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}
