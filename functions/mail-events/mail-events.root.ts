// The mail-events function's composition root: the SES bounce and complaint notifications of the configuration set.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { required, type Config } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { log } from '#adapters/log.ts';
import { buildMetrics, publishMetrics } from '#adapters/metrics.ts';
import { dynamoReportStore } from '#adapters/report-store.ts';
import { mailEventsEdge } from './mail-events-edge.ts';
import type { MailEventOutcome } from './mail-events.ts';

export function buildMailEvents(config: Config) {
  const { tableName } = required(config, ['tableName']);
  const metrics = buildMetrics(config.adapters.metrics);
  return middy<SNSEvent, MailEventOutcome[]>()
    .use([injectLambdaContext(log), publishMetrics(metrics)])
    .handler(
      mailEventsEdge({
        deliveries: dynamoReportStore(documentClient(config.adapters.aws), tableName),
        metrics,
        now: () => new Date(),
        log: (message, fields) => log.warn(message, fields),
      }),
    );
}
