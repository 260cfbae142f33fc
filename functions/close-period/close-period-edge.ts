// EventBridge Scheduler target: {"scheduledTime": "<aws.scheduler.scheduled-time>"} → the closing run.
import * as z from 'zod';
import { timestamp } from '#events/event.schema.ts';
import { parseWith } from '#adapters/http.ts';
import type { ReportPorts } from '#functions/reports/render-report.ts';
import { closePeriods, type ClosingRun } from './close-period.ts';

const scheduledInput = z.object({ scheduledTime: timestamp });

export function closePeriodEdge(ports: ReportPorts) {
  return async (input: unknown): Promise<ClosingRun> => {
    const { scheduledTime } = parseWith(scheduledInput, input);
    // Started without Completed is the alarm "the period close did not complete" (infra/aws/alarms.ts).
    ports.metrics.count('PeriodCloseStarted');
    const run = await closePeriods(ports, scheduledTime);
    // Failed renders or undelivered mails make the invocation fail, so the scheduler's retry policy runs it again;
    // what was already stored or sent is skipped on the retry.
    if (run.errors.length > 0 || run.rendered.some((r) => r.failed > 0)) throw new Error(`closing run incomplete: ${JSON.stringify(run)}`);
    ports.metrics.count('PeriodCloseCompleted');
    return run;
  };
}
