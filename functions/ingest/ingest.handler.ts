// POST /v1/events in AWS: the secret from Secrets Manager, the queue is SQS.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { loadConfig } from '#adapters/config.ts';
import { sqsEventQueue } from '#adapters/event-queue.ts';
import { cachedSecret } from '#adapters/secrets.ts';
import { ingestHandler } from './ingest-edge.ts';

const config = loadConfig(['eventsSecretArn', 'eventsQueueUrl']);

export const handler = ingestHandler({
  secret: cachedSecret(new SecretsManagerClient({}), config.eventsSecretArn),
  queue: sqsEventQueue(new SQSClient({}), config.eventsQueueUrl),
  now: Date.now,
});
