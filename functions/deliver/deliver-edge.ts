// SQS → the delivery worker (CONTRACT §10): each record is one delivery task; one that must be tried
// again comes back as a batch item failure, and after DELIVER_MAX_RECEIVES goes to the DLQ.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { agencyId } from '#events/event.schema.ts';
import { DELIVERY_CHANNELS } from '#domain/delivery.ts';
import { periodId } from '#domain/periods.ts';
import { log } from '#adapters/log.ts';
import { deliverTask, type DeliveryPorts } from '#app/deliver.ts';
import type { DeliveryPolicy } from '#app/report-ports.ts';

/** Deliveries of a task's message before it goes to the DLQ: the delivery queue's maxReceiveCount. */
export const DELIVER_MAX_RECEIVES = 3;

const deliveryTask = z.strictObject({
  agencyId,
  periodId,
  version: z.int().min(1),
  recipientNo: z.int().min(1),
  channel: z.enum(DELIVERY_CHANNELS),
});

function jsonOrUndefined(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

export function deliverEdge(ports: DeliveryPorts, policy: DeliveryPolicy) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      const parsed = deliveryTask.safeParse(jsonOrUndefined(record.body));
      if (!parsed.success) {
        // Only the issue, the resend and the daily run write these: anything else goes to the DLQ, where an operator looks at it.
        log.error('not a delivery task', { messageId: record.messageId, body: record.body });
        batchItemFailures.push({ itemIdentifier: record.messageId });
        continue;
      }
      const lastDelivery = Number(record.attributes.ApproximateReceiveCount) >= DELIVER_MAX_RECEIVES;
      try {
        if ((await deliverTask(ports, parsed.data, lastDelivery, policy)) === 'retry') batchItemFailures.push({ itemIdentifier: record.messageId });
      } catch (error) {
        log.error('delivery task failed', { ...parsed.data, error: String(error) });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}
