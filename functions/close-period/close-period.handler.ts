// The period-close function in AWS: its ports from the configuration.
import middy from '@middy/core';
import { reportPortsFromEnv } from '#functions/reports/report-ports.ts';
import type { ClosingRun } from './close-period.ts';
import { closePeriodEdge } from './close-period-edge.ts';

export const handler = middy<unknown, ClosingRun>().handler(closePeriodEdge(reportPortsFromEnv()));
