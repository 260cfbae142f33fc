// POST /v1/events and the summary route through the local HTTP API, over the same handlers and
// DynamoDB Local: every refused request answers the CONTRACT §4 error shape and changes nothing.
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localRoutes } from '../../infra/local/app.ts';
import { startHttpApi, type HttpApi } from '../../infra/local/http.ts';
import type { LocalQueue } from '../../infra/local/queue.ts';
import { postEvents } from '../../infra/local/replay-client.ts';
import { sign } from '#adapters/request-signature.ts';
import { dynamoClient, freshTable, localSetup } from '../setup/services.ts';

const SECRET = 'test-secret';
const TOKEN = 'test-token';
let table: Awaited<ReturnType<typeof freshTable>>;
let restoreEnv: () => void;
let api: HttpApi;
let queue: LocalQueue;
let raw: DynamoDBClient;

const received = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'dossier.received',
  occurredAt: '2023-03-01T08:30:00+07:00',
  agencyId: 'SKHCN',
  data: { dossierId: `D-${id}`, procedureCode: '1.004503', channel: 'online', dueAt: '2023-03-10T17:00:00+07:00', ...extra },
});

async function storedItems(): Promise<number> {
  const { Count } = await raw.send(new ScanCommand({ TableName: table.tableName, Select: 'COUNT' }));
  return Count ?? 0;
}

async function post(body: string, headers: Record<string, string> = {}) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return fetch(`${api.url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-timestamp': timestamp, 'x-signature': sign(SECRET, timestamp, body), ...headers },
    body,
  });
}

/** The request is refused with the status and field paths given, and nothing is queued or stored. */
async function expectRefused(response: Response, status: number, paths: string[]) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string; details: Array<{ path: string }> } };
  expect(body.error.code).toEqual(expect.any(String));
  expect(body.error.message).toEqual(expect.any(String));
  for (const path of paths) expect(body.error.details.map((d) => d.path)).toContain(path);
  expect(queue.size).toBe(0);
  expect(queue.deadLetters).toEqual([]);
  expect(await storedItems()).toBe(0);
}

beforeAll(async () => {
  table = await freshTable('api');
  // Every handler composes at import; the buckets are named but unused here.
  const setup = localSetup({ TABLE_NAME: table.tableName, STAFF_DEV_TOKEN: TOKEN, REPORTS_BUCKET: 'unused', UPLOADS_BUCKET: 'unused', MAIL_FROM: 'bao-cao@example.vn' });
  const config = setup.config;
  restoreEnv = setup.restore;
  raw = dynamoClient();
  ({ queue } = await Promise.resolve(localRoutes(config, SECRET)).then(async ({ routes, queue }) => ({ queue, api: (api = await startHttpApi({ routes, staffToken: TOKEN })) })));
});

afterAll(async () => {
  await api.stop();
  queue.stop();
  raw.destroy();
  restoreEnv();
  await table.drop();
});

describe('POST /v1/events refuses bad input and takes nothing', () => {
  it('malformed JSON', async () => {
    await expectRefused(await post('{"events": [ {'), 400, ['(body)']);
  });
  it('wrong types', async () => {
    await expectRefused(await post(JSON.stringify({ events: [received('a', { channel: 42 })] })), 400, ['events[0].data.channel']);
  });
  it('an unknown event type', async () => {
    await expectRefused(await post(JSON.stringify({ events: [{ ...received('a'), type: 'dossier.lost' }] })), 400, ['events[0].type']);
  });
  it('missing fields', async () => {
    const event = received('a');
    delete (event.data as Record<string, unknown>).dueAt;
    const { id: _id, ...noId } = received('b');
    await expectRefused(await post(JSON.stringify({ events: [event, noId] })), 400, ['events[0].data.dueAt', 'events[1].id']);
  });
  it('a timestamp without an offset', async () => {
    await expectRefused(await post(JSON.stringify({ events: [{ ...received('a'), occurredAt: '2023-03-01T08:30:00' }] })), 400, ['events[0].occurredAt']);
  });
  it('an impossible date', async () => {
    await expectRefused(await post(JSON.stringify({ events: [received('a', { dueAt: '2023-02-30T08:00:00+07:00' })] })), 400, ['events[0].data.dueAt']);
  });
  it('one bad event among good ones refuses the whole request', async () => {
    const events = [received('a'), received('b'), { ...received('c'), agencyId: 'bad agency!' }];
    await expectRefused(await post(JSON.stringify({ events })), 400, ['events[2].agencyId']);
  });
  it('more than 500 events', async () => {
    const events = Array.from({ length: 501 }, (_, i) => received(`e${i}`));
    await expectRefused(await post(JSON.stringify({ events })), 400, ['events']);
  });
  it('no events and unknown top-level fields', async () => {
    await expectRefused(await post(JSON.stringify({ events: [] })), 400, ['events']);
    await expectRefused(await post(JSON.stringify({ events: [received('a')], extra: 1 })), 400, ['(body)']);
  });
  it('a body over 1 MB with 413', async () => {
    const events = [received('a', { procedureName: 'x'.repeat(1024 * 1024) })];
    await expectRefused(await post(JSON.stringify({ events })), 413, []);
  });
  it('a bad signature, a missing one, and a stale timestamp with 401', async () => {
    const body = JSON.stringify({ events: [received('a')] });
    await expectRefused(await post(body, { 'x-signature': `sha256=${'0'.repeat(64)}` }), 401, ['headers.X-Signature']);
    await expectRefused(await fetch(`${api.url}/v1/events`, { method: 'POST', body }), 401, ['headers.X-Timestamp', 'headers.X-Signature']);
    const stale = String(Math.floor(Date.now() / 1000) - 301);
    await expectRefused(await post(body, { 'x-timestamp': stale, 'x-signature': sign(SECRET, stale, body) }), 401, ['headers.X-Timestamp']);
    await expectRefused(await post(body, { 'x-signature': sign('another-secret', String(Math.floor(Date.now() / 1000)), body) }), 401, ['headers.X-Signature']);
  });
});

describe('the summary route', () => {
  const summary = (agency: string, period: string, token = TOKEN) =>
    fetch(`${api.url}/v1/agencies/${agency}/periods/${period}/summary`, { headers: { authorization: `Bearer ${token}` } });

  it('refuses an unknown period id, a bad agency and a missing token', async () => {
    await expectRefused(await summary('SKHCN', '2023-Q5'), 400, ['path.periodId']);
    await expectRefused(await summary('SKHCN', '2023-H3'), 400, ['path.periodId']);
    await expectRefused(await summary('SK%20HCN', '2023-H1'), 400, ['path.agencyId']);
    await expectRefused(await summary('SKHCN', '2023-H1', 'wrong'), 401, []);
  });

  it('sees accepted events as soon as POST /v1/events answers', async () => {
    const events = [received('ok1'), received('ok2', { channel: 'direct' }), { id: 'ok3', type: 'dossier.resolved', occurredAt: '2023-03-05T10:00:00+07:00', agencyId: 'SKHCN', data: { dossierId: 'D-ok1' } }];
    const response = await postEvents(api.url, SECRET, events);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 3 });
    expect(await postEvents(api.url, SECRET, events).then((r) => r.status)).toBe(202);
    const answer = await summary('SKHCN', '2023-Q1');
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      agencyId: 'SKHCN',
      period: { id: '2023-Q1', from: '2022-12-15', to: '2023-03-14' },
      dossiers: {
        received: { total: 2, carriedOver: 0, online: 1, direct: 1, postal: 0 },
        resolved: { total: 1, early: 1, onTime: 0, late: 0 },
        withdrawn: 0,
        returned: 0,
        pending: { total: 1, withinDeadline: 0, overdue: 1 }, // due 10/3, still open at 15/3
      },
      documents: { issued: { total: 0, electronic: 0, electronicWithPaper: 0, paper: 0 } },
      rates: {
        onTime: { numerator: 1, denominator: 1 },
        online: { numerator: 1, denominator: 2 },
        fullyOnline: { numerator: 0, denominator: 2 },
        digitized: { numerator: 0, denominator: 2 },
        resultElectronic: { numerator: 0, denominator: 1 },
      },
    });
  });
});
