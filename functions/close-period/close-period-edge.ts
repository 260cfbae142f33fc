// EventBridge Scheduler target (daily): {"scheduledTime": "<aws.scheduler.scheduled-time>"} → the
// close of the periods ending that day (fanned out), then the day's deadline duties and resends.
import * as z from 'zod';
import { timestamp } from '#events/event.schema.ts';
import { parseWith } from '#domain/parse.ts';
import { closePeriods, dailyDuties, type ClosePorts, type ClosingRun, type DailyDuties } from '#app/period-close.ts';
import type { ReportPorts } from '#app/report-ports.ts';

const scheduledInput = z.object({ scheduledTime: timestamp });

/**
 * A failing agency of the close is the queue's to retry. The invocation fails when the run could
 * not be recorded or queued, or a duty failed or left a mail unsent, so the scheduler's retry
 * policy runs it again: rendered tasks are not queued twice, notices and mails already sent are
 * skipped.
 */
export function closePeriodEdge(ports: { close: ClosePorts; report: ReportPorts }) {
  return async (input: unknown): Promise<{ close: ClosingRun; duties: DailyDuties }> => {
    const { scheduledTime } = parseWith(scheduledInput, input);
    // Started without Completed is the alarm "the period close did not complete" (infra/aws/alarms.ts).
    // Completed means this invocation finished: the close run recorded and its tasks queued, the day's
    // duties and resends done. The renders themselves are the close-task queue's (retries, then its
    // dead-letter queue and alarm).
    ports.report.metrics.count('PeriodCloseStarted');
    const close = await closePeriods(ports.close, scheduledTime);
    const duties = await dailyDuties(ports.report, scheduledTime);
    if (duties.errors.length > 0 || duties.deadlines.some((r) => r.failed > 0)) throw new Error(`daily duties incomplete: ${JSON.stringify(duties)}`);
    ports.report.metrics.count('PeriodCloseCompleted');
    return { close, duties };
  };
}
