// Turns an SQS batch into events, applies them, and answers which messages to retry.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { event as eventSchema, type Event } from '#events/event.schema.ts';
import type { FiguresStore } from '#adapters/figures-store.ts';
import { log } from '#adapters/log.ts';
import { applyEvents } from './apply-events.ts';

/** Records per invocation: large batches share counter items and transactions (see the bench). */
export const APPLY_BATCH_SIZE = 1000;

/** Applies the batch; reports the messages to retry (unparseable ones, uncommitted ones) as partial failures. */
export async function applyBatch(store: FiguresStore, batch: SQSEvent): Promise<SQSBatchResponse> {
  const failures = new Set<string>();
  const messageOf = new Map<string, string[]>();
  const events: Event[] = [];
  for (const record of batch.Records) {
    let parsed: ReturnType<typeof eventSchema.safeParse>;
    try {
      parsed = eventSchema.safeParse(JSON.parse(record.body));
    } catch {
      parsed = { success: false } as typeof parsed;
    }
    if (!parsed.success) {
      // Ingest validated it already; a body that fails here is poison and goes to the DLQ after its retries.
      log.error('unparseable event message', { messageId: record.messageId });
      failures.add(record.messageId);
      continue;
    }
    events.push(parsed.data);
    messageOf.set(parsed.data.id, [...(messageOf.get(parsed.data.id) ?? []), record.messageId]);
  }
  const outcome = await applyEvents(store, events);
  for (const { id } of outcome.failed) for (const messageId of messageOf.get(id) ?? []) failures.add(messageId);
  if (outcome.failed.length > 0) log.warn('events not applied', { count: outcome.failed.length, failed: outcome.failed.slice(0, 20) });
  log.info('applied', { received: batch.Records.length, applied: outcome.applied, duplicates: outcome.duplicates, retried: failures.size });
  return { batchItemFailures: [...failures].map((itemIdentifier) => ({ itemIdentifier })) };
}
