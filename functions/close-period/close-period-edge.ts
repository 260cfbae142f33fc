// EventBridge Scheduler target: {"scheduledTime": "<aws.scheduler.scheduled-time>"} → the closing run.
import * as z from 'zod';
import { timestamp } from '#events/event.schema.ts';
import { parseWith } from '#adapters/http.ts';
import { closePeriods, type ClosePorts, type ClosingRun } from './close-period.ts';

const scheduledInput = z.object({ scheduledTime: timestamp });

/**
 * Fails only when the run could not be recorded or queued, so the scheduler's retry policy runs it
 * again (tasks already rendered are not queued twice); a failing agency is the queue's to retry.
 */
export function closePeriodEdge(ports: ClosePorts) {
  return async (input: unknown): Promise<ClosingRun> => {
    const { scheduledTime } = parseWith(scheduledInput, input);
    return closePeriods(ports, scheduledTime);
  };
}
