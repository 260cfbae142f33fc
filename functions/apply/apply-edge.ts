// Turns an SQS batch into events, applies them, and answers which messages to retry; parks the
// events whose last delivery failed.
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { event as eventSchema, type Event } from '#events/event.schema.ts';
import { noMetrics, type Metrics } from '#domain/metrics.ts';
import type { FiguresStore } from '#domain/figures-ports.ts';
import { log } from '#adapters/log.ts';
import type { ParkedEvents } from '#domain/event-ports.ts';
import { applyEvents, type FailedEvent } from '#app/apply-events.ts';

/** Deliveries of a message before it moves to the dead-letter queue: the AWS redrive policy and the local queue. */
export const MAX_RECEIVES = 5;

export interface ParkingOptions {
  parked: ParkedEvents;
  /** must be the queue's maxReceiveCount; default MAX_RECEIVES */
  maxReceives?: number;
  now?: () => Date;
}

const receiveCount = (record: SQSRecord) => Number(record.attributes.ApproximateReceiveCount) || 1;

/**
 * Applies the batch; reports the messages to retry (unparseable ones, the events that failed) as
 * partial failures. With `parking`, an event whose message is on its last delivery is also
 * recorded as parked, so that it is seen and can be redriven once SQS has moved it to the DLQ.
 * The counts go to the log line and to `metrics`.
 */
export async function applyBatch(store: FiguresStore, batch: SQSEvent, parking?: ParkingOptions, metrics: Metrics = noMetrics): Promise<SQSBatchResponse> {
  const failures = new Set<string>();
  const recordsOf = new Map<string, SQSRecord[]>();
  const events: Event[] = [];
  for (const record of batch.Records) {
    let parsed: ReturnType<typeof eventSchema.safeParse>;
    try {
      parsed = eventSchema.safeParse(JSON.parse(record.body));
    } catch {
      parsed = { success: false } as typeof parsed;
    }
    if (!parsed.success) {
      // Ingest validated it already; a body that fails here is poison. It names no agency that
      // could be shown it, so it is not parked: it goes to the DLQ after its retries (see docs/architecture.md, "Parked events and redrive").
      log.error('unparseable event message', { messageId: record.messageId, receiveCount: receiveCount(record) });
      failures.add(record.messageId);
      continue;
    }
    events.push(parsed.data);
    recordsOf.set(parsed.data.id, [...(recordsOf.get(parsed.data.id) ?? []), record]);
  }
  const outcome = await applyEvents(store, events);
  for (const { id } of outcome.failed) for (const record of recordsOf.get(id) ?? []) failures.add(record.messageId);
  if (outcome.failed.length > 0) log.warn('events not applied', { count: outcome.failed.length, failed: outcome.failed.slice(0, 20) });
  const parked = parking ? await parkLastDeliveries(parking, outcome.failed, events, recordsOf) : 0;
  log.info('applied', { received: batch.Records.length, applied: outcome.applied, duplicates: outcome.duplicates, retried: failures.size, parked });
  metrics.count('EventsApplied', outcome.applied);
  metrics.count('EventsDuplicate', outcome.duplicates);
  metrics.count('EventsRetried', failures.size);
  metrics.count('EventsParked', parked);
  return { batchItemFailures: [...failures].map((itemIdentifier) => ({ itemIdentifier })) };
}

/** Parks the failed events on their last delivery; answers how many were parked. */
async function parkLastDeliveries(parking: ParkingOptions, failed: readonly FailedEvent[], events: readonly Event[], recordsOf: ReadonlyMap<string, SQSRecord[]>): Promise<number> {
  const { parked, maxReceives = MAX_RECEIVES, now = () => new Date() } = parking;
  const failedAt = now().toISOString();
  const reasons = new Map(failed.map((f) => [f.id, f.reason]));
  const eventOf = new Map(events.map((e) => [e.id, e]));
  const results = await Promise.allSettled(
    [...reasons].map(async ([id, reason]) => {
      const records = recordsOf.get(id) ?? [];
      const attempts = Math.max(...records.map(receiveCount));
      if (attempts < maxReceives) return false;
      const firstReceives = records.map((r) => Number(r.attributes.ApproximateFirstReceiveTimestamp)).filter(Number.isFinite);
      await parked.park({
        event: eventOf.get(id)!,
        reason,
        attempts,
        firstFailedAt: firstReceives.length > 0 ? new Date(Math.min(...firstReceives)).toISOString() : failedAt,
        failedAt,
        messageId: records[0]!.messageId,
      });
      log.error('event parked: its message goes to the dead-letter queue', { eventId: id, agencyId: eventOf.get(id)!.agencyId, reason, attempts });
      return true;
    }),
  );
  // The message still reaches the DLQ and its alarm; SQS's own DLQ redrive can bring it back.
  for (const result of results) if (result.status === 'rejected') log.error('could not park an event', { error: String(result.reason) });
  return results.filter((r) => r.status === 'fulfilled' && r.value).length;
}
