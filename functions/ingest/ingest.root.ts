// POST /v1/events in AWS: the secret from Secrets Manager, the queue is SQS (the local app builds
// ingestHandler over its own keys and in-process queue).
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { required, type Config } from '#adapters/config.ts';
import { sqsEventQueue } from '#adapters/event-queue.ts';
import { cachedSecret, senderHmacKeys } from '#adapters/secrets.ts';
import { ingestHandler } from './ingest-edge.ts';

export function buildIngest(config: Config) {
  const settings = required(config, ['oneStopShopKeysArn', 'eOfficeKeysArn', 'eventsQueueUrl']);
  const secrets = new SecretsManagerClient({});
  return ingestHandler({
    keys: senderHmacKeys({
      'one-stop-shop': cachedSecret(secrets, settings.oneStopShopKeysArn),
      'e-office': cachedSecret(secrets, settings.eOfficeKeysArn),
    }),
    queue: sqsEventQueue(new SQSClient({}), settings.eventsQueueUrl),
    now: Date.now,
  });
}
