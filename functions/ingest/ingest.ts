// Use case: accept a signed batch of events and enqueue them, all or nothing.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { eventBatch } from '#events/event.schema.ts';
import { Unauthenticated } from '#domain/errors.ts';
import { parseWith } from '#domain/parse.ts';
import { parseJson } from '#adapters/http.ts';
import { log } from '#adapters/log.ts';
import type { EventQueue } from '#domain/event-ports.ts';
import { REPLAY_WINDOW_SECONDS, type EventsAccepted, type HmacKey } from '#domain/event-senders.ts';


export interface SignedRequest {
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
}

export function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * CONTRACT §4: X-Signature = sha256=<hex HMAC-SHA256(secret, X-Timestamp + "." + raw body)>, within 300 s,
 * under any of the accepted keys (each sender's current and previous); answers the key that signed.
 */
function verifySignature(request: SignedRequest, keys: readonly HmacKey[], nowSeconds: number): HmacKey {
  const { timestamp, signature } = request;
  if (!timestamp || !signature) {
    const missing = [!timestamp && 'X-Timestamp', !signature && 'X-Signature'].filter(Boolean) as string[];
    throw new Unauthenticated('unauthorized', `Missing ${missing.join(' and ')} header`, missing.map((h) => ({ path: `headers.${h}`, message: 'required' })));
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw new Unauthenticated('unauthorized', 'X-Timestamp must be unix seconds', [{ path: 'headers.X-Timestamp', message: 'not unix seconds' }]);
  }
  if (Math.abs(nowSeconds - Number(timestamp)) > REPLAY_WINDOW_SECONDS) {
    throw new Unauthenticated('stale_timestamp', `X-Timestamp is more than ${REPLAY_WINDOW_SECONDS} s from the server's clock`, [
      { path: 'headers.X-Timestamp', message: 'outside the replay window' },
    ]);
  }
  const given = Buffer.from(signature);
  const signedWith = keys.find((key) => {
    const expected = Buffer.from(sign(key.secret, timestamp, request.body));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!signedWith) {
    throw new Unauthenticated('unauthorized', 'X-Signature does not match the body', [{ path: 'headers.X-Signature', message: 'mismatch' }]);
  }
  return signedWith;
}

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
