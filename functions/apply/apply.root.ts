// The apply function's composition root: the SQS consumer over the figures store and the parked events.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { required, type Config } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { dynamoFiguresStore } from '#adapters/figures-store.ts';
import { log } from '#adapters/log.ts';
import { buildMetrics, publishMetrics } from '#adapters/metrics.ts';
import { dynamoParkedEvents } from '#adapters/parked-events.ts';
import { applyBatch } from './apply-edge.ts';

export function buildApply(config: Config) {
  const { tableName } = required(config, ['tableName']);
  const client = documentClient(config.adapters.aws);
  const store = dynamoFiguresStore(client, tableName);
  const parking = { parked: dynamoParkedEvents(client, tableName) };
  const metrics = buildMetrics(config.adapters.metrics);
  return middy<SQSEvent, SQSBatchResponse>()
    .use([injectLambdaContext(log), publishMetrics(metrics)])
    .handler((batch) => applyBatch(store, batch, parking, metrics));
}
