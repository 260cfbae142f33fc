// Use case: accept a signed batch of events and enqueue them, all or nothing.
import { eventBatch } from '#events/event.schema.ts';
import { parseWith } from '#domain/parse.ts';
import { parseJson } from '#adapters/http.ts';
import { log } from '#adapters/log.ts';
import type { EventQueue } from '#domain/event-ports.ts';
import type { EventsAccepted, HmacKey } from '#domain/event-senders.ts';
import { verifySignature, type SignedRequest } from '#adapters/request-signature.ts';


export interface IngestPorts {
  /** The keys accepted now; an empty secret (a `previous` not set) is never one of them. */
  keys: () => Promise<HmacKey[]>;
  queue: EventQueue;
  now: () => number;
}

/** Verifies, validates every event, then enqueues them all; a refused request enqueues nothing. */
export async function ingestEvents(ports: IngestPorts, request: SignedRequest): Promise<EventsAccepted> {
  const keys = (await ports.keys()).filter((key) => key.secret !== '');
  const signedWith = verifySignature(request, keys, Math.floor(ports.now() / 1000));
  // Tells the operator when a sender still signs with its previous key (the rotation is not over).
  if (signedWith.slot === 'previous') log.warn('events signed with the previous key', { sender: signedWith.sender });
  const { events } = parseWith(eventBatch, parseJson(request.body));
  await ports.queue.send(events.map((e) => JSON.stringify(e)));
  return { accepted: events.length };
}
