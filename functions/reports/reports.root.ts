// The reports function's composition root: the report ports from the configuration.
import type { Config } from '#adapters/config.ts';
import { publishMetrics } from '#adapters/metrics.ts';
import { buildReportPorts } from '#adapters/report-ports.ts';
import { reportsApi } from './reports-edge.ts';

export function buildReports(config: Config) {
  const ports = buildReportPorts(config);
  return reportsApi(ports).use(publishMetrics(ports.metrics));
}
