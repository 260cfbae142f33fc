// The reports function's composition root: the report ports, the signing images' bucket and the delivery queue, from the configuration.
import type { Config } from '#adapters/config.ts';
import type { EventQueue } from '#domain/event-ports.ts';
import { publishMetrics } from '#adapters/metrics.ts';
import { buildReviewPorts } from '#adapters/review-ports.ts';
import { reportsApi } from './reports-edge.ts';

/** `deliveryQueue`: the local stack's in-process queue; SQS in AWS. */
export function buildReports(config: Config, deliveryQueue?: EventQueue) {
  const ports = buildReviewPorts(config, deliveryQueue);
  return reportsApi(ports).use(publishMetrics(ports.metrics));
}
