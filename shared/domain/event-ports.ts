// The ports of the event pipeline: the queue between ingest and apply, and the parked events.
// Implemented by SQS, the local queue and the DynamoDB adapter, and the tests' fakes.
import type { Event } from '#events/event.schema.ts';

/** Which event: its agency and id (ids are unique, CONTRACT §1). */
export type EventKey = Pick<Event, 'agencyId' | 'id'>;

export interface EventQueue {
  /** Enqueues each body as one message; resolves once every message is accepted by the queue. */
  send(bodies: readonly string[]): Promise<void>;
}

export interface ParkedEvent {
  event: Event;
  /** the latest failure's reason */
  reason: string;
  /** when it was first parked */
  parkedAt: string;
  /** the first receive of the message that failed (approximate, from SQS) */
  firstFailedAt: string;
  lastFailedAt: string;
  /** failed deliveries and redrives, all together */
  attempts: number;
}

export interface Parking {
  event: Event;
  reason: string;
  /** the deliveries that failed (the message's receive count) */
  attempts: number;
  firstFailedAt: string;
  failedAt: string;
  /** the SQS message, as it is found in the dead-letter queue */
  messageId: string;
}

export interface ParkedEvents {
  /** Records the event, or adds to its record: latest reason and time, attempts summed. */
  park(parking: Parking): Promise<void>;
  /** one agency's parked events, oldest first */
  listAgency(agencyId: string): Promise<ParkedEvent[]>;
  /** every agency's parked events, oldest first */
  listAll(): Promise<ParkedEvent[]>;
  /** A redrive failed again: the new reason, one more attempt (nothing if the item is gone). */
  failedAgain(event: EventKey, reason: string, failedAt: string): Promise<void>;
  /** The event is in the figures now. */
  release(event: EventKey): Promise<void>;
}
