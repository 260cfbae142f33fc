// The reports function in AWS and locally: its ports from the configuration.
import { publishMetrics } from '#adapters/metrics.ts';
import { reportPortsFromEnv } from '#adapters/ports.ts';
import { reportsApi } from './reports-edge.ts';

const ports = reportPortsFromEnv();

export const handler = reportsApi(ports).use(publishMetrics(ports.metrics));
