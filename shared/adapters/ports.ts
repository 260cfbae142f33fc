// The ports of the use cases that more than one function runs (shared/app/), built from the
// configuration (AWS and local alike): the report's (reports, close-period, close-render) and the
// upload check's (upload-check, upload-sweep).
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
import { fixedLeaderDirectory } from '#adapters/leader-directory.ts';
import type { ReportPorts } from '#app/report-ports.ts';
import type { UploadCheckPorts } from '#app/upload-check.ts';
import { log } from '#adapters/log.ts';
import { detectType, summarizeZip } from '#adapters/uploads-content.ts';
import { s3UploadObjects } from '#adapters/uploads-s3.ts';

/**
 * `metrics` is the EMF adapter, for the handler root to publish after each invocation; `signerFor`
 * signs an agency's issued PDF (its KMS key in AWS, a software key under .local/ locally).
 */
export function reportPortsFromEnv(): ReportPorts & { metrics: EmfMetrics } {
  const config = loadConfig(['tableName', 'reportsBucket', 'mailFrom']);
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

export function uploadCheckPortsFromEnv(): UploadCheckPorts {
  const config = loadConfig(['uploadsBucket', 'tableName']);
  return {
    objects: s3UploadObjects(s3Client(), config.uploadsBucket),
    records: dynamoUploadRecords(documentClient(), config.tableName),
    content: { detectType, summarizeZip },
    now: () => new Date(),
    log: ({ msg, ...fields }) => log.info(String(msg), fields),
  };
}
