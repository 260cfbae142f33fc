// The ports of the report use cases, built from the environment (AWS and local alike).
import { setTimeout as sleep } from 'node:timers/promises';
import { documentClient } from '#adapters/dynamodb.ts';
import { loadConfig } from '#adapters/config.ts';
import { dynamoFiguresStore } from '#adapters/figures-store.ts';
import { mailerFromEnv } from '#adapters/mailer.ts';
import { emfMetrics, type EmfMetrics } from '#adapters/metrics.ts';
import { s3ReportFiles } from '#adapters/report-files.ts';
import { dynamoReportStore } from '#adapters/report-store.ts';
import { s3Client } from '#adapters/s3.ts';
import { dynamoUploadRecords } from '#adapters/uploads-dynamodb.ts';
import type { ReportPorts } from './render-report.ts';

/** `metrics` is the EMF adapter, for the handler root to publish after each invocation. */
export function reportPortsFromEnv(): ReportPorts & { metrics: EmfMetrics } {
  const config = loadConfig(['tableName', 'reportsBucket', 'mailFrom']);
  const table = config.tableName;
  const client = documentClient();
  const store = dynamoReportStore(client, table);
  return {
    figures: dynamoFiguresStore(client, table),
    profiles: store,
    sections: store,
    versions: store,
    deliveries: store,
    uploads: dynamoUploadRecords(client, table),
    files: s3ReportFiles(s3Client(), config.reportsBucket),
    // SES mails go through the configuration set (bounces and complaints reach the delivery log).
    mailer: mailerFromEnv(() => loadConfig(['mailConfigurationSet']).mailConfigurationSet),
    mailFrom: config.mailFrom,
    metrics: emfMetrics(),
    now: () => new Date(),
    sleep: (ms) => sleep(ms),
  };
}
