// A secret read from Secrets Manager once per process and kept for a few minutes, so a rotation
// reaches warm functions without a read on every request.
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

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
