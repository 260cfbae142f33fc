// The ports of the review (sign and issue), built from the configuration for the reports function:
// the report ports and the uploads bucket, where the signature and seal images are. Apart from
// report-ports.ts so that the period close, which signs nothing, neither loads nor is granted it.
import type { EventQueue } from '#domain/event-ports.ts';
import type { ReviewPorts } from '#app/report-ports.ts';
import { required, type Config } from './config.ts';
import type { EmfMetrics } from './metrics.ts';
import { buildReportPorts } from './report-ports.ts';
import { s3Client } from './s3.ts';
import { s3UploadObjects } from './uploads-s3.ts';

export function buildReviewPorts(config: Config, deliveryQueue?: EventQueue): ReviewPorts & { metrics: EmfMetrics } {
  const { uploadsBucket } = required(config, ['uploadsBucket']);
  return { ...buildReportPorts(config, deliveryQueue), uploadObjects: s3UploadObjects(s3Client(config.adapters.aws), uploadsBucket) };
}
