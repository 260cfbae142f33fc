// The ports of the report use cases (shared/app/: render, review and issue, the period close),
// built from the configuration (AWS and local alike) for the functions that run them: reports,
// close-period, close-render. Nothing here reads the environment.
import { setTimeout as sleep } from 'node:timers/promises';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { EventQueue } from '#domain/event-ports.ts';
import type { ReportPorts } from '#app/report-ports.ts';
import { sqsEventQueue } from './event-queue.ts';
import { required, type Config } from './config.ts';
import { documentClient } from './dynamodb.ts';
import { dynamoFiguresStore } from './figures-store.ts';
import { fixedLeaderDirectory } from './leader-directory.ts';
import { buildMailer } from './mailer.ts';
import { buildMetrics, type EmfMetrics } from './metrics.ts';
import { s3ReportFiles } from './report-files.ts';
import { dynamoReportStore } from './report-store.ts';
import { s3Client } from './s3.ts';
import { buildSignerFor } from './signers.ts';
import { dynamoUploadRecords } from './uploads-dynamodb.ts';

/** The delivery queue of AWS, made at the first send: the functions that queue nothing (close-render) need no URL. */
function sqsDeliveryQueue(config: Config): EventQueue {
  let queue: EventQueue | undefined;
  return { send: (bodies) => (queue ??= sqsEventQueue(new SQSClient({}), required(config, ['deliveryQueueUrl']).deliveryQueueUrl)).send(bodies) };
}

/**
 * `deliveryQueue` is SQS unless the local stack hands its in-process queue.
 * `metrics` is the EMF adapter, for the handler root to publish after each invocation; `signerFor`
 * signs an agency's issued PDF (its KMS key in AWS, a software key under .local/ locally).
 */
export function buildReportPorts(config: Config, deliveryQueue: EventQueue = sqsDeliveryQueue(config)): ReportPorts & { metrics: EmfMetrics } {
  const { tableName, reportsBucket, mailFrom } = required(config, ['tableName', 'reportsBucket', 'mailFrom']);
  const client = documentClient(config.adapters.aws);
  const store = dynamoReportStore(client, tableName);
  const files = s3ReportFiles(s3Client(config.adapters.aws), reportsBucket);
  return {
    figures: dynamoFiguresStore(client, tableName),
    profiles: store,
    sections: store,
    versions: store,
    deliveries: store,
    deliveryQueue,
    notices: store,
    leaders: fixedLeaderDirectory(config.settings.leaderDirectory),
    uploads: dynamoUploadRecords(client, tableName),
    files,
    signerFor: buildSignerFor(config.adapters.signer, files),
    // SES mails go through the configuration set (bounces and complaints reach the delivery log).
    mailer: buildMailer(config.adapters.mailer, () => required(config, ['mailConfigurationSet']).mailConfigurationSet),
    mailFrom,
    metrics: buildMetrics(config.adapters.metrics),
    now: () => new Date(),
    sleep: (ms) => sleep(ms),
  };
}
