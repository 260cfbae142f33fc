// The systems that send events (CONTRACT §4), each with its own HMAC keys so each rotates on its own.

export const EVENT_SENDERS = ['one-stop-shop', 'e-office'] as const;
export type EventSender = (typeof EVENT_SENDERS)[number];

/**
 * A key that signs `POST /v1/events`: during a rotation a sender's `previous` key is still accepted
 * while it moves to the `current` one.
 */
export interface HmacKey {
  sender: EventSender | 'local' | 'exchange';
  slot: 'current' | 'previous';
  secret: string;
}

/** How far X-Timestamp may be from the server's clock, either way (CONTRACT §4). */
export const REPLAY_WINDOW_SECONDS = 300;

/** The answer to an accepted POST /v1/events. */
export interface EventsAccepted {
  accepted: number;
}
