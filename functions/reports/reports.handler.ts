// The reports function in AWS and locally: its ports from the configuration.
import { reportPortsFromEnv } from './report-ports.ts';
import { reportsApi } from './reports-edge.ts';

export const handler = reportsApi(reportPortsFromEnv());
