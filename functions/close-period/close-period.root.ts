// The period-close function's composition root (daily, in AWS): opens the close run and queues one
// task per agency-period, then does the day's deadline duties and resends with the report's ports.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SQSClient } from '@aws-sdk/client-sqs';
import { dynamoCloseRunStore } from '#adapters/close-run-store.ts';
import { required, type Config } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { sqsEventQueue } from '#adapters/event-queue.ts';
import { cognitoLeaderDirectory } from '#adapters/leader-directory.ts';
import { log } from '#adapters/log.ts';
import { publishMetrics } from '#adapters/metrics.ts';
import { buildReportPorts } from '#adapters/report-ports.ts';
import { closePeriodEdge } from './close-period-edge.ts';

export function buildClosePeriod(config: Config) {
  const { tableName, closeQueueUrl, userPoolId } = required(config, ['tableName', 'closeQueueUrl', 'userPoolId']);
  // The deadline reminders go to the leaders of the staff user pool's cchc-leader group.
  const report = { ...buildReportPorts(config), leaders: cognitoLeaderDirectory(new CognitoIdentityProviderClient({}), userPoolId) };
  const close = { profiles: report.profiles, closeRuns: dynamoCloseRunStore(documentClient(config.adapters.aws), tableName), closeQueue: sqsEventQueue(new SQSClient({}), closeQueueUrl), now: () => new Date() };
  return middy().use([injectLambdaContext(log), publishMetrics(report.metrics)]).handler(closePeriodEdge({ close, report }));
}
