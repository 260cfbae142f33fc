// The ports of the report use cases, built from the environment (AWS and local alike).
import { setTimeout as sleep } from 'node:timers/promises';
import { documentClient } from '#adapters/dynamodb.ts';
import { loadConfig, optionalConfig } from '#adapters/config.ts';
import { dynamoFiguresStore } from '#adapters/figures-store.ts';
import { mailerFromEnv } from '#adapters/mailer.ts';
import { emfMetrics, type EmfMetrics } from '#adapters/metrics.ts';
import { s3ReportFiles } from '#adapters/report-files.ts';
import { dynamoReportStore } from '#adapters/report-store.ts';
import { s3Client } from '#adapters/s3.ts';
import { signerForFromEnv } from '#adapters/signers.ts';
import { dynamoUploadRecords } from '#adapters/uploads-dynamodb.ts';
import { s3UploadObjects } from '#adapters/uploads-s3.ts';
import { fixedLeaderDirectory } from '#adapters/leader-directory.ts';
import type { ReportPorts } from './render-report.ts';

/**
 * `metrics` is the EMF adapter, for the handler root to publish after each invocation; `signerFor`
 * signs an agency's issued PDF (its KMS key in AWS, a software key under .local/ locally).
 */
export function reportPortsFromEnv(): ReportPorts & { metrics: EmfMetrics } {
  const config = loadConfig(['tableName', 'reportsBucket', 'uploadsBucket', 'mailFrom']);
  const table = config.tableName;
  const client = documentClient();
  const store = dynamoReportStore(client, table);
  const files = s3ReportFiles(s3Client(), config.reportsBucket);
  return {
    figures: dynamoFiguresStore(client, table),
    profiles: store,
    sections: store,
    versions: store,
    deliveries: store,
    notices: store,
    leaders: fixedLeaderDirectory(optionalConfig('leaderDirectory')),
    uploads: dynamoUploadRecords(client, table),
    uploadObjects: s3UploadObjects(s3Client(), config.uploadsBucket),
    files,
    signerFor: signerForFromEnv(files),
    // SES mails go through the configuration set (bounces and complaints reach the delivery log).
    mailer: mailerFromEnv(() => loadConfig(['mailConfigurationSet']).mailConfigurationSet),
    mailFrom: config.mailFrom,
    metrics: emfMetrics(),
    now: () => new Date(),
    sleep: (ms) => sleep(ms),
  };
}
