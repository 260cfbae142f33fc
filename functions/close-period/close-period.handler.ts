// EventBridge Scheduler target: {"scheduledTime": "<aws.scheduler.scheduled-time>"}.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import * as z from 'zod';
import { timestamp } from '#events/event.schema.ts';
import { parseWith } from '#adapters/http.ts';
import { log } from '#adapters/log.ts';
import { publishMetrics } from '#adapters/metrics.ts';
import { reportPortsFromEnv } from '#functions/reports/report-ports.ts';
import { closePeriods, type ClosingRun } from './close-period.ts';

const scheduledInput = z.object({ scheduledTime: timestamp });
const ports = reportPortsFromEnv();

export const handler = middy<unknown, ClosingRun>()
  .use([injectLambdaContext(log), publishMetrics(ports.metrics)])
  .handler(async (input) => {
    const { scheduledTime } = parseWith(scheduledInput, input);
    const run = await closePeriods(ports, scheduledTime);
    // Failed renders or undelivered mails make the invocation fail, so the scheduler's retry policy runs it again;
    // what was already stored or sent is skipped on the retry.
    if (run.errors.length > 0 || run.rendered.some((r) => r.failed > 0)) throw new Error(`closing run incomplete: ${JSON.stringify(run)}`);
    return run;
  });
