// cachedSecret (the events HMAC secret of ingest in AWS) against a stand-in Secrets Manager client
// that records its commands, with Date faked by vitest: one read per TTL, a rotation seen after
// it, and a failed read never kept.
import { GetSecretValueCommand, type GetSecretValueCommandOutput, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cachedSecret } from '#adapters/secrets.ts';

const ARN = 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:cchc-events-hmac-AbCdEf';
const START = Date.parse('2023-06-20T02:00:00.000Z');

/** Answers each GetSecretValue with the next of `answers` (an output, or an error to throw). */
function secretsManager(...answers: Array<Partial<GetSecretValueCommandOutput> | Error>) {
  const reads: string[] = [];
  const client = {
    send: async (command: unknown) => {
      if (!(command instanceof GetSecretValueCommand)) throw new Error(`unexpected command ${String(command)}`);
      reads.push(command.input.SecretId!);
      const answer = answers.shift();
      if (answer === undefined) throw new Error('no more answers');
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as SecretsManagerClient;
  return { client, reads };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('cachedSecret', () => {
  it('reads the secret once and serves it from memory until its TTL has passed, then reads the rotated one', async () => {
    const sm = secretsManager({ SecretString: 'first' }, { SecretString: 'rotated' });
    const secret = cachedSecret(sm.client, ARN, 60_000);
    expect(sm.reads).toEqual([]);
    expect(await secret()).toBe('first');
    vi.setSystemTime(START + 30_000);
    expect(await secret()).toBe('first');
    vi.setSystemTime(START + 60_000);
    expect(await secret()).toBe('first');
    expect(sm.reads).toEqual([ARN]);

    vi.setSystemTime(START + 60_001);
    expect(await secret()).toBe('rotated');
    expect(sm.reads).toEqual([ARN, ARN]);
    // the TTL runs again from the second read
    vi.setSystemTime(START + 120_001);
    expect(await secret()).toBe('rotated');
    expect(sm.reads).toHaveLength(2);
  });

  it('keeps it five minutes by default', async () => {
    const sm = secretsManager({ SecretString: 'first' }, { SecretString: 'rotated' });
    const secret = cachedSecret(sm.client, ARN);
    await secret();
    vi.setSystemTime(START + 300_000);
    expect(await secret()).toBe('first');
    vi.setSystemTime(START + 300_001);
    expect(await secret()).toBe('rotated');
    expect(sm.reads).toHaveLength(2);
  });

  it('does not keep a failed read: the call fails and the next one reads again', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const sm = secretsManager(throttled, { SecretString: 'first' });
    const secret = cachedSecret(sm.client, ARN, 60_000);
    await expect(secret()).rejects.toBe(throttled);
    expect(await secret()).toBe('first');
    expect(sm.reads).toEqual([ARN, ARN]);
  });

  it('refuses a secret without a string value, and reads again next time', async () => {
    const sm = secretsManager({ SecretBinary: new Uint8Array([1, 2, 3]) }, { SecretString: 'first' });
    const secret = cachedSecret(sm.client, ARN, 60_000);
    await expect(secret()).rejects.toThrow(`Secret ${ARN} has no string value`);
    expect(await secret()).toBe('first');
    expect(sm.reads).toHaveLength(2);
  });

  it('reads again on the call after a failed refresh, and serves what that read returns', async () => {
    const sm = secretsManager({ SecretString: 'first' }, new Error('connect ETIMEDOUT'), { SecretString: 'rotated' });
    const secret = cachedSecret(sm.client, ARN, 60_000);
    await secret();
    vi.setSystemTime(START + 60_001);
    await expect(secret()).rejects.toThrow('connect ETIMEDOUT');
    expect(await secret()).toBe('rotated');
    expect(sm.reads).toHaveLength(3);
  });
});
