// The mail-events function: the SES bounce and complaint notifications of the configuration set.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { loadConfig } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { log } from '#adapters/log.ts';
import { emfMetrics, publishMetrics } from '#adapters/metrics.ts';
import { dynamoReportStore } from '#adapters/report-store.ts';
import { mailEventsEdge } from './mail-events-edge.ts';
import type { MailEventOutcome } from './mail-events.ts';

const config = loadConfig(['tableName']);
const metrics = emfMetrics();

export const handler = middy<SNSEvent, MailEventOutcome[]>()
  .use([injectLambdaContext(log), publishMetrics(metrics)])
  .handler(
    mailEventsEdge({
      deliveries: dynamoReportStore(documentClient(), config.tableName),
      metrics,
      now: () => new Date(),
      log: (message, fields) => log.warn(message, fields),
    }),
  );
