// The render worker's composition root (AWS): its ports from the configuration.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { dynamoCloseRunStore } from '#adapters/close-run-store.ts';
import { required, type Config } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { log } from '#adapters/log.ts';
import { publishMetrics } from '#adapters/metrics.ts';
import { buildReportPorts } from '#adapters/report-ports.ts';
import { closeAgencyPeriod } from '#app/period-close.ts';
import { closeRenderEdge } from './close-render-edge.ts';

export function buildCloseRender(config: Config) {
  const ports = buildReportPorts(config);
  const { tableName } = required(config, ['tableName']);
  return middy<SQSEvent, SQSBatchResponse>()
    .use([injectLambdaContext(log), publishMetrics(ports.metrics)])
    .handler(
      closeRenderEdge({
        closeRuns: dynamoCloseRunStore(documentClient(config.adapters.aws), tableName),
        closeAgencyPeriod: (agencyId, periodId) => closeAgencyPeriod(ports, agencyId, periodId),
        now: () => new Date(),
      }),
    );
}
