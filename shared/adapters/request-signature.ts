// A signed request (CONTRACT §4): X-Timestamp and X-Signature over the raw body, HMAC-SHA256 with
// a shared secret. POST /v1/events and the exchange's status messages (POST /v1/exchange/statuses)
// are both signed this way, each with its own secrets.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Unauthenticated } from '#domain/errors.ts';
import { REPLAY_WINDOW_SECONDS, type HmacKey } from '#domain/event-senders.ts';

export interface SignedRequest {
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
}

export function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * CONTRACT §4 (and §10, the exchange's status messages): X-Signature = sha256=<hex HMAC-SHA256(secret, X-Timestamp + "." + raw body)>, within 300 s,
 * under any of the accepted keys (each sender's current and previous); answers the key that signed.
 */
export function verifySignature(request: SignedRequest, keys: readonly HmacKey[], nowSeconds: number): HmacKey {
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
