// POST /v1/events in AWS: the secret from Secrets Manager, the queue is SQS.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { requiredEnv } from '#adapters/env.ts';
import { sqsEventQueue } from '#adapters/event-queue.ts';
import { cachedSecret } from '#adapters/secrets.ts';
import { ingestHandler } from './ingest-http.ts';

export const handler = ingestHandler({
  secret: cachedSecret(new SecretsManagerClient({}), requiredEnv('EVENTS_HMAC_SECRET_ARN')),
  queue: sqsEventQueue(new SQSClient({}), requiredEnv('QUEUE_URL')),
  now: Date.now,
});
