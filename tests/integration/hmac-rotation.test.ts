// Rotating a sender's HMAC key without an outage: POST /v1/events through the local HTTP API, the
// ingest handler reading each sender's {"current", "previous"} keys as it does in AWS (Secrets
// Manager has no local equivalent: the readers below answer the secret's JSON), events applied to
// DynamoDB Local and counted by the summary route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localRoutes } from '../../infra/local/app.ts';
import { startHttpApi, type HttpApi } from '../../infra/local/http.ts';
import type { LocalQueue } from '../../infra/local/queue.ts';
import { senderHmacKeys } from '#adapters/secrets.ts';
import { sign } from '#adapters/request-signature.ts';
import { freshTable, localSetup } from '../setup/services.ts';

const TOKEN = 'rotation-token';
const KEY_1 = 'one-stop-shop-key-2025';
const KEY_2 = 'one-stop-shop-key-2026';
const KEY_3 = 'not-a-key-of-anyone';
const E_OFFICE_KEY = 'e-office-key-2026';

/** What each sender's secret holds now; the test rotates it as an operator would. */
const secrets = { 'one-stop-shop': { current: KEY_1, previous: '' }, 'e-office': { current: E_OFFICE_KEY, previous: '' } };

let table: Awaited<ReturnType<typeof freshTable>>;
let restoreEnv: () => void;
let api: HttpApi;
let queue: LocalQueue;
let sequence = 0;

beforeAll(async () => {
  table = await freshTable('rotation');
  const setup = localSetup({ TABLE_NAME: table.tableName, STAFF_DEV_TOKEN: TOKEN, REPORTS_BUCKET: 'unused', UPLOADS_BUCKET: 'unused', MAIL_FROM: 'bao-cao@example.vn', LOG_LEVEL: 'error' });
  const config = setup.config;
  restoreEnv = setup.restore;
  const keys = senderHmacKeys({
    'one-stop-shop': async () => JSON.stringify(secrets['one-stop-shop']),
    'e-office': async () => JSON.stringify(secrets['e-office']),
  });
  const local = localRoutes(config, keys);
  queue = local.queue;
  api = await startHttpApi({ routes: local.routes, staffToken: TOKEN });
});

afterAll(async () => {
  await api?.stop();
  queue?.stop();
  restoreEnv?.();
  await table?.drop();
});

/** Posts one new dossier received on 1/3/2023, signed with `key`; answers the status. */
async function postSignedWith(key: string): Promise<number> {
  sequence++;
  const event = {
    id: `rotation-${sequence}`,
    type: 'dossier.received',
    occurredAt: '2023-03-01T08:30:00+07:00',
    agencyId: 'SKHCN',
    data: { dossierId: `D-rotation-${sequence}`, procedureCode: '1.004503', channel: 'online', dueAt: '2023-03-10T17:00:00+07:00' },
  };
  const body = JSON.stringify({ events: [event] });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const response = await fetch(`${api.url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-timestamp': timestamp, 'x-signature': sign(key, timestamp, body) },
    body,
  });
  await response.body?.cancel();
  return response.status;
}

async function receivedInQ1(): Promise<number> {
  const response = await fetch(`${api.url}/v1/agencies/SKHCN/periods/2023-Q1/summary`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return ((await response.json()) as { dossiers: { received: { total: number } } }).dossiers.received.total;
}

describe('HMAC key rotation', () => {
  it('accepts the current key of each sender, refuses any other', async () => {
    expect(await postSignedWith(KEY_1)).toBe(202);
    expect(await postSignedWith(E_OFFICE_KEY)).toBe(202);
    expect(await postSignedWith(KEY_2)).toBe(401);
    expect(await receivedInQ1()).toBe(2);
  });

  it('during a rotation accepts both the previous and the new key, and still refuses a third', async () => {
    secrets['one-stop-shop'] = { current: KEY_2, previous: KEY_1 };
    expect(await postSignedWith(KEY_1)).toBe(202);
    expect(await postSignedWith(KEY_2)).toBe(202);
    expect(await postSignedWith(KEY_3)).toBe(401);
    // the other sender's key is untouched by this sender's rotation
    expect(await postSignedWith(E_OFFICE_KEY)).toBe(202);
    expect(await receivedInQ1()).toBe(5);
  });

  it('once the previous key is cleared, refuses it', async () => {
    secrets['one-stop-shop'] = { current: KEY_2, previous: '' };
    expect(await postSignedWith(KEY_1)).toBe(401);
    expect(await postSignedWith(KEY_2)).toBe(202);
    expect(await receivedInQ1()).toBe(6);
  });
});
