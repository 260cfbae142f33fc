// SQS → the render worker: each record is one close task; failed ones come back as batch item failures.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { agencyId } from '#events/event.schema.ts';
import { periodId } from '#domain/periods.ts';
import { log } from '#adapters/log.ts';
import { renderCloseTask, type CloseRenderPorts } from './close-render.ts';

/** Deliveries of a task's message before it goes to the DLQ: the close queue's maxReceiveCount. */
export const CLOSE_MAX_RECEIVES = 3;

/** Render workers at once in AWS: the worker's reserved concurrency and its event source's maxConcurrency (docs/architecture.md, "Closing a period at scale"). */
export const CLOSE_RENDER_CONCURRENCY = 50;

const closeMessage = z.object({ runId: z.iso.datetime(), agencyId, periodId });

function jsonOrUndefined(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

export function closeRenderEdge(ports: CloseRenderPorts) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      const parsed = closeMessage.safeParse(jsonOrUndefined(record.body));
      if (!parsed.success) {
        // Only the schedule writes these: anything else goes to the DLQ, where an operator looks at it.
        log.error('not a close task', { messageId: record.messageId, body: record.body });
        batchItemFailures.push({ itemIdentifier: record.messageId });
        continue;
      }
      const lastDelivery = Number(record.attributes.ApproximateReceiveCount) >= CLOSE_MAX_RECEIVES;
      if ((await renderCloseTask(ports, parsed.data, lastDelivery)) === 'retry') batchItemFailures.push({ itemIdentifier: record.messageId });
    }
    return { batchItemFailures };
  };
}
