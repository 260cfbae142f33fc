// POST /v1/events in AWS: the secret from Secrets Manager, the queue is SQS.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { loadConfig } from '#adapters/config.ts';
import { sqsEventQueue } from '#adapters/event-queue.ts';
import { cachedSecret, senderHmacKeys } from '#adapters/secrets.ts';
import { ingestHandler } from './ingest-edge.ts';

const config = loadConfig(['oneStopShopKeysArn', 'eOfficeKeysArn', 'eventsQueueUrl']);
const secrets = new SecretsManagerClient({});

export const handler = ingestHandler({
  keys: senderHmacKeys({
    'one-stop-shop': cachedSecret(secrets, config.oneStopShopKeysArn),
    'e-office': cachedSecret(secrets, config.eOfficeKeysArn),
  }),
  queue: sqsEventQueue(new SQSClient({}), config.eventsQueueUrl),
  now: Date.now,
});
