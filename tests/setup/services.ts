// What integration tests use to reach the services of tests/setup/local-services.ts: real SDK
// clients, fresh uniquely named tables and buckets, and the configuration the handler roots are built with.
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { inject } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamodb-local.ts';
import { ensureBuckets, s3ClientFor } from '../../infra/local/s3-local.ts';
import { CONFIG_ENV, configFromEnv, type Adapters, type Config } from '../../shared/adapters/config.ts';
import { localAdapters } from '../../infra/local/stack.ts';
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

/** The configuration of handler roots and ports over the local services: `settings` (tableName, buckets…), the signer and mailer chosen. */
export function localConfig(settings: Config['settings'], choices: Partial<Pick<Adapters, 'signer' | 'mailer'>> = {}, endpoints = localEndpoints()): Config {
  return { settings, adapters: localAdapters(endpoints, choices) };
}

/** Sets `values` (LOG_LEVEL…) in this worker's environment; returns a function that restores the previous values. */
export function useEnv(values: Record<string, string>): () => void {
  const previous = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  Object.assign(process.env, values);
  return () => {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/**
 * A test's local setup from variables as a Lambda would see them: the settings among them
 * (TABLE_NAME, buckets…) go into the configuration over the local services, the others
 * (LOG_LEVEL, STAFF_DEV_TOKEN) into this worker's environment until `restore`.
 */
export function localSetup(
  variables: Record<string, string>,
  choices: Partial<Pick<Adapters, 'signer' | 'mailer'>> = {},
  endpoints = localEndpoints(),
): { config: Config; restore: () => void } {
  const settingVariables = new Set<string>(Object.values(CONFIG_ENV));
  const others = Object.fromEntries(Object.entries(variables).filter(([name]) => !settingVariables.has(name)));
  return { config: localConfig(configFromEnv(variables).settings, choices, endpoints), restore: useEnv(others) };
}
