// POST /v1/events: signed batches from the one-stop-shop and e-office systems.
import middy from '@middy/core';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { httpErrors, json, rawBody, type HttpEvent, type HttpResult } from '#adapters/http.ts';
import { requiredEnv } from '#adapters/dynamodb.ts';
import { sqsEventQueue } from '#adapters/event-queue.ts';
import { cachedSecret } from '#adapters/secrets.ts';
import { ingestEvents, type IngestPorts } from './ingest.ts';

export function ingestHandler(ports: IngestPorts) {
  return middy<HttpEvent, HttpResult>()
    .use(httpErrors())
    .handler(async (event) => {
      const result = await ingestEvents(ports, {
        body: rawBody(event),
        timestamp: event.headers['x-timestamp'],
        signature: event.headers['x-signature'],
      });
      return json(202, result);
    });
}

export const handler = ingestHandler({
  secret: cachedSecret(new SecretsManagerClient({}), requiredEnv('EVENTS_HMAC_SECRET_ARN')),
  queue: sqsEventQueue(new SQSClient({}), requiredEnv('QUEUE_URL')),
  now: Date.now,
});
