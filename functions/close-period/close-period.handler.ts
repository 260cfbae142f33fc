// The period-close function in AWS: its ports from the configuration.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { log } from '#adapters/log.ts';
import { publishMetrics } from '#adapters/metrics.ts';
import { reportPortsFromEnv } from '#functions/reports/report-ports.ts';
import type { ClosingRun } from './close-period.ts';
import { closePeriodEdge } from './close-period-edge.ts';

const ports = reportPortsFromEnv();

export const handler = middy<unknown, ClosingRun>().use([injectLambdaContext(log), publishMetrics(ports.metrics)]).handler(closePeriodEdge(ports));
