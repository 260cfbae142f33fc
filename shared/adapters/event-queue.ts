// The queue between ingest and apply. In AWS it is SQS; the local stack has an in-process
// queue with the same redelivery semantics behind the same port.
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { EventQueue } from '#domain/event-ports.ts';

const SQS_BATCH = 10;

export function sqsEventQueue(client: SQSClient, queueUrl: string, maxAttempts = 4): EventQueue {
  async function sendBatch(bodies: readonly string[]): Promise<void> {
    let entries = bodies.map((body, i) => ({ Id: String(i), MessageBody: body }));
    for (let attempt = 1; entries.length > 0; attempt++) {
      const out = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      const failed = new Set((out.Failed ?? []).map((f) => f.Id));
      entries = entries.filter((e) => failed.has(e.Id));
      if (entries.length > 0 && attempt >= maxAttempts) {
        throw new Error(`SQS refused ${entries.length} message(s): ${(out.Failed ?? []).map((f) => f.Message).join('; ')}`);
      }
    }
  }
  return {
    async send(bodies) {
      const batches: Array<readonly string[]> = [];
      for (let i = 0; i < bodies.length; i += SQS_BATCH) batches.push(bodies.slice(i, i + SQS_BATCH));
      await Promise.all(batches.map(sendBatch));
    },
  };
}
