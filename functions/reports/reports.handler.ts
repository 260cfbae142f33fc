import { reportPortsFromEnv } from './report-ports.ts';
import { reportsHandler } from './reports-http.ts';

export const handler = reportsHandler(reportPortsFromEnv());
