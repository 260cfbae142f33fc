// vitest globalSetup of the integration project: ONE DynamoDB Local and ONE s3rver for the whole
// run. Tests reach them through inject() (see tests/setup/services.ts) and create their own
// uniquely named tables and buckets, so files can run in parallel.
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { startS3Local } from '../../infra/local/s3-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    s3Endpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [dynamodb, s3] = await Promise.all([startDynamoDbLocal(), startS3Local()]);
  project.provide('dynamodbEndpoint', dynamodb.endpoint);
  project.provide('s3Endpoint', s3.endpoint);
  return async () => {
    await Promise.allSettled([dynamodb.stop(), s3.stop()]);
  };
}
