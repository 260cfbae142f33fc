// The reports function's composition root: the report ports, and the signing images' bucket, from the configuration.
import type { Config } from '#adapters/config.ts';
import { publishMetrics } from '#adapters/metrics.ts';
import { buildReviewPorts } from '#adapters/review-ports.ts';
import { reportsApi } from './reports-edge.ts';

export function buildReports(config: Config) {
  const ports = buildReviewPorts(config);
  return reportsApi(ports).use(publishMetrics(ports.metrics));
}
