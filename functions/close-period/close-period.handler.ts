// The period-close function in AWS: opens the close run and queues one task per agency-period.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { SQSClient } from '@aws-sdk/client-sqs';
import { dynamoCloseRunStore } from '#adapters/close-run-store.ts';
import { loadConfig } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { sqsEventQueue } from '#adapters/event-queue.ts';
import { log } from '#adapters/log.ts';
import { dynamoReportStore } from '#adapters/report-store.ts';
import type { ClosingRun } from './close-period.ts';
import { closePeriodEdge } from './close-period-edge.ts';

const { tableName, closeQueueUrl } = loadConfig(['tableName', 'closeQueueUrl']);
const client = documentClient();

export const handler = middy<unknown, ClosingRun>()
  .use(injectLambdaContext(log))
  .handler(closePeriodEdge({ profiles: dynamoReportStore(client, tableName), closeRuns: dynamoCloseRunStore(client, tableName), closeQueue: sqsEventQueue(new SQSClient({}), closeQueueUrl), now: () => new Date() }));
