// One DynamoDB document client per endpoint choice (AWS's own, or DynamoDB Local's): the same
// code path otherwise.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from './config.ts';

const clients = new Map<string, DynamoDBDocumentClient>();

export function documentClient(aws: AwsClients): DynamoDBDocumentClient {
  const key = JSON.stringify(aws);
  let client = clients.get(key);
  if (!client) {
    const base = new DynamoDBClient(aws.kind === 'aws' ? {} : { endpoint: aws.endpoints.dynamodb, region: aws.region, credentials: aws.credentials });
    client = DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
    clients.set(key, client);
  }
  return client;
}

/** Every item a query matches, following LastEvaluatedKey page by page; `onPage` sees each answer (capacity). */
export async function queryAll(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
  onPage?: (page: QueryCommandOutput) => void,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    onPage?.(page);
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

const THROTTLED = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  // cancellation reason codes of a transaction
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

/**
 * An error that says nothing about the items written (throttling, a DynamoDB fault, the network),
 * after the SDK's own retries: retrying later may succeed, splitting the request would only add load.
 */
export function isTransient(error: unknown): boolean {
  const e = error as { name?: string; code?: string; $fault?: string; $retryable?: unknown; CancellationReasons?: Array<{ Code?: string }> } | undefined;
  if (!e || typeof e !== 'object') return false;
  return (
    e.$fault === 'server' ||
    Boolean(e.$retryable) ||
    THROTTLED.has(e.name ?? '') ||
    (e.CancellationReasons ?? []).some((r) => THROTTLED.has(r.Code ?? '')) ||
    e.name === 'TimeoutError' ||
    NETWORK.has(e.code ?? '')
  );
}
