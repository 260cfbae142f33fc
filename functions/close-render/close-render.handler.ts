// The render worker in AWS: its ports from the configuration.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { dynamoCloseRunStore } from '#adapters/close-run-store.ts';
import { loadConfig } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { log } from '#adapters/log.ts';
import { publishMetrics } from '#adapters/metrics.ts';
import { closeAgencyPeriod } from '#app/period-close.ts';
import { reportPortsFromEnv } from '#adapters/ports.ts';
import { closeRenderEdge } from './close-render-edge.ts';

const ports = reportPortsFromEnv();
const { tableName } = loadConfig(['tableName']);

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use([injectLambdaContext(log), publishMetrics(ports.metrics)])
  .handler(closeRenderEdge({ closeRuns: dynamoCloseRunStore(documentClient(), tableName), closeAgencyPeriod: (agencyId, periodId) => closeAgencyPeriod(ports, agencyId, periodId), now: () => new Date() }));
