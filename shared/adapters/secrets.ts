// A secret read from Secrets Manager once per process and kept for a few minutes, so a rotation
// reaches warm functions without a read on every request.
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import type { EventSender, HmacKey } from '#domain/event-senders.ts';

export function cachedSecret(client: SecretsManagerClient, secretId: string, ttlMs = 300_000): () => Promise<string> {
  let value: string | undefined;
  let readAt = 0;
  return async () => {
    if (value === undefined || Date.now() - readAt > ttlMs) {
      const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      if (!out.SecretString) throw new Error(`Secret ${secretId} has no string value`);
      value = out.SecretString;
      readAt = Date.now();
    }
    return value;
  };
}

const keyPair = z.object({ current: z.string().min(1), previous: z.string().default('') });

/**
 * The HMAC keys of the sending systems, each a secret `{"current": "…", "previous": "…"}`, read through
 * `read` (cachedSecret in AWS) so a rotation reaches warm functions within the cache time.
 */
export function senderHmacKeys(secrets: Readonly<Record<EventSender, () => Promise<string>>>): () => Promise<HmacKey[]> {
  return async () => {
    const pairs = await Promise.all(
      (Object.entries(secrets) as [EventSender, () => Promise<string>][]).map(async ([sender, read]) => {
        const parsed = keyPair.safeParse(JSON.parse(await read()));
        if (!parsed.success) throw new Error(`The HMAC keys of ${sender} are not {"current", "previous"}: ${parsed.error.message}`);
        return [
          { sender, slot: 'current', secret: parsed.data.current },
          { sender, slot: 'previous', secret: parsed.data.previous },
        ] satisfies HmacKey[];
      }),
    );
    return pairs.flat();
  };
}

/** The document exchange's keys for its status messages (POST /v1/exchange/statuses): a secret `{"current", "previous"}` like the senders'. */
export function exchangeHmacKeys(read: () => Promise<string>): () => Promise<HmacKey[]> {
  return async () => {
    const parsed = keyPair.safeParse(JSON.parse(await read()));
    if (!parsed.success) throw new Error(`The exchange's HMAC keys are not {"current", "previous"}: ${parsed.error.message}`);
    return [
      { sender: 'exchange', slot: 'current', secret: parsed.data.current },
      { sender: 'exchange', slot: 'previous', secret: parsed.data.previous },
    ];
  };
}
