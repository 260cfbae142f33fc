// SQS consumer: each message is one event accepted by POST /v1/events.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { documentClient } from '#adapters/dynamodb.ts';
import { loadConfig } from '#adapters/config.ts';
import { dynamoFiguresStore } from '#adapters/figures-store.ts';
import { log } from '#adapters/log.ts';
import { emfMetrics, publishMetrics } from '#adapters/metrics.ts';
import { dynamoParkedEvents } from '#adapters/parked-events.ts';
import { applyBatch } from './apply-edge.ts';

const config = loadConfig(['tableName']);

const tableName = config.tableName;
const store = dynamoFiguresStore(documentClient(), tableName);
const parking = { parked: dynamoParkedEvents(documentClient(), tableName) };
const metrics = emfMetrics();

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use([injectLambdaContext(log), publishMetrics(metrics)])
  .handler((batch) => applyBatch(store, batch, parking, metrics));
