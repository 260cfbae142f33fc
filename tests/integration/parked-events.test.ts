// A poison event fails alone, is parked after its retries, is listed by GET …/events/parked and is
// re-applied by the redrive once fixed — against DynamoDB Local, through the local queue, the
// local HTTP API and the `npm run redrive` script. The poison is injected through the figures
// store's port (tests/support/faulty-store.ts).
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '#events/event.schema.ts';
import { dynamoFiguresStore } from '#adapters/figures-store.ts';
import type { FiguresStore } from '#domain/figures-ports.ts';
import { dynamoParkedEvents } from '#adapters/parked-events.ts';
import type { ParkedEvents } from '#domain/event-ports.ts';
import { applyBatch, MAX_RECEIVES } from '#functions/apply/apply-edge.ts';
import { redriveParked } from '#functions/redrive/redrive.ts';
import { readFigures } from '#app/figures.ts';
import { localRoutes } from '../../infra/local/app.ts';
import { startHttpApi, type HttpApi } from '../../infra/local/http.ts';
import { LocalQueue } from '../../infra/local/queue.ts';
import { StaffClient } from '../../infra/local/staff-client.ts';
import { referenceFigures } from '../reference/figures.ts';
import { entityNamed, validationException, withFaults } from '../support/faulty-store.ts';
import { PERIODS, sampleStream } from '../support/random-events.ts';
import { dynamoClient, freshTable, localEndpoints, localSetup } from '../setup/services.ts';

const TOKEN = 'parked-test-token';
const STP_TOKEN = 'parked-test-stp-token';
let table: Awaited<ReturnType<typeof freshTable>>;
let restoreEnv: () => void;
let client: DynamoDBDocumentClient;
let store: FiguresStore;
let parked: ParkedEvents;
let queue: LocalQueue;
let api: HttpApi;
let stpApi: HttpApi;
let admin: StaffClient;

const forAgency = (events: Event[], agencyId: string, prefix: string) => events.map((e) => ({ ...e, agencyId, id: `${prefix}-${e.id}` }));
/** A dossier received and resolved: two events on one entity, which the injected fault refuses. */
const poisonDossier = (agencyId: string, dossierId: string): Event[] => [
  { id: `${dossierId}-r`, agencyId, type: 'dossier.received', occurredAt: '2023-03-01T08:30:00+07:00', data: { dossierId, procedureCode: '1.004503', channel: 'online', dueAt: '2023-03-10T17:00:00+07:00' } },
  { id: `${dossierId}-z`, agencyId, type: 'dossier.resolved', occurredAt: '2023-03-06T10:00:00+07:00', data: { dossierId } },
];

async function expectFigures(events: Event[], agencyId: string) {
  for (const periodId of PERIODS) expect(await readFigures(store, agencyId, periodId), `${agencyId} ${periodId}`).toEqual(referenceFigures(events, agencyId, periodId));
}

/** SQS records as Lambda hands them over, on their first delivery. */
function sqsBatch(events: Event[]): { batch: SQSEvent; messageIdOf: (eventId: string) => string } {
  const records: SQSRecord[] = events.map((event) => {
    const body = JSON.stringify(event);
    return {
      messageId: randomUUID(),
      receiptHandle: randomUUID(),
      body,
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'test', ApproximateFirstReceiveTimestamp: String(Date.now()) },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:ap-southeast-1:000000000000:events',
      awsRegion: 'ap-southeast-1',
    };
  });
  return { batch: { Records: records }, messageIdOf: (eventId) => records[events.findIndex((e) => e.id === eventId)]!.messageId };
}

beforeAll(async () => {
  table = await freshTable('parked');
  const setup = localSetup({ TABLE_NAME: table.tableName, STAFF_DEV_TOKEN: TOKEN, REPORTS_BUCKET: 'unused', UPLOADS_BUCKET: 'unused', MAIL_FROM: 'bao-cao@example.vn', LOG_LEVEL: 'error' });
  const config = setup.config;
  restoreEnv = setup.restore;
  client = DynamoDBDocumentClient.from(dynamoClient());
  store = dynamoFiguresStore(client, table.tableName);
  parked = dynamoParkedEvents(client, table.tableName);
  const local = localRoutes(config, 'unused-secret');
  queue = local.queue;
  api = await startHttpApi({ routes: local.routes, staffToken: TOKEN });
  // A staff member of STP only (custom:agencyId, in no group), as the Cognito authorizer would pass them.
  stpApi = await startHttpApi({ routes: local.routes, staffToken: STP_TOKEN, staffClaims: { sub: 'stp-staff', 'custom:agencyId': 'STP', token_use: 'id' } });
  admin = new StaffClient(api.url, TOKEN);
});

afterAll(async () => {
  await api?.stop();
  await stpApi?.stop();
  queue?.stop();
  client?.destroy();
  restoreEnv?.();
  await table?.drop();
});

describe('one batch with poison entities in it', () => {
  it('applies every other event, of both agencies, and reports only the poison messages', async () => {
    const goodA = forAgency(sampleStream(40, 12, 3), 'ISO-A', 'a');
    const goodB = forAgency(sampleStream(40, 12, 5), 'ISO-B', 'b');
    const refused = poisonDossier('ISO-A', 'TOO-LARGE'); // the commit of its chunk fails
    const corrupt = poisonDossier('ISO-B', 'CORRUPT'); // planning throws on its stored record
    const all = [...goodA.slice(0, 20), ...refused, ...goodB.slice(0, 20), ...corrupt, ...goodA.slice(20), ...goodB.slice(20)];
    const { batch, messageIdOf } = sqsBatch(all);
    const faulty = withFaults(store, { commit: entityNamed('TOO-LARGE'), corrupt: entityNamed('CORRUPT') });

    const response = await applyBatch(faulty, batch, { parked });

    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual([...refused, ...corrupt].map((e) => messageIdOf(e.id)).sort());
    await expectFigures(goodA, 'ISO-A');
    await expectFigures(goodB, 'ISO-B');
    // first delivery: retried by the queue, not parked yet
    expect(await parked.listAgency('ISO-A')).toEqual([]);
    expect(await parked.listAgency('ISO-B')).toEqual([]);
  });
});

describe('a poison event after its retries', () => {
  const goodSkhcn = forAgency(sampleStream(30, 10, 7), 'SKHCN', 's');
  const goodStp = forAgency(sampleStream(30, 10, 9), 'STP', 't');
  const poison = poisonDossier('SKHCN', 'HS-OVERSIZED');
  const reasonNow = 'ValidationException: Item size has exceeded the maximum allowed size';

  it('lands in the DLQ after 5 receives, the rest of its batches applied, and is parked with its reason', async () => {
    const faulty = withFaults(store, { commit: entityNamed('HS-OVERSIZED') });
    const testQueue = new LocalQueue((batch) => applyBatch(faulty, batch, { parked }), { maxReceiveCount: MAX_RECEIVES, backoffMs: () => 1, log: () => {} });
    await testQueue.send([...goodSkhcn.slice(0, 15), ...poison, ...goodStp, ...goodSkhcn.slice(15)].map((e) => JSON.stringify(e)));
    await testQueue.drain();
    testQueue.stop();

    expect(testQueue.deadLetters.map((m) => [JSON.parse(m.body).id, m.receiveCount])).toEqual(poison.map((e) => [e.id, 5]));
    await expectFigures(goodSkhcn, 'SKHCN');
    await expectFigures(goodStp, 'STP');
  });

  it('is listed by GET /v1/agencies/{agencyId}/events/parked, oldest first, for that agency only', async () => {
    const answer = await admin.request<{ events: Array<Record<string, unknown>> }>('GET', '/v1/agencies/SKHCN/events/parked');
    expect(answer.status).toBe(200);
    expect(answer.body.events).toEqual(
      poison.map((event) => ({ event, reason: reasonNow, parkedAt: expect.any(String), attempts: 5, firstFailedAt: expect.any(String), lastFailedAt: expect.any(String) })),
    );
    const [first] = answer.body.events;
    expect(Date.parse(first!.parkedAt as string)).toBeGreaterThanOrEqual(Date.parse(first!.firstFailedAt as string));
    expect(await admin.ok('GET', '/v1/agencies/STP/events/parked')).toEqual({ events: [] });
  });

  it('is not shown to the staff of another agency (403); they see their own list', async () => {
    const stp = new StaffClient(stpApi.url, STP_TOKEN);
    const foreign = await stp.request<{ error: { code: string; details: Array<{ path: string }> } }>('GET', '/v1/agencies/SKHCN/events/parked');
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toMatchObject({ code: 'forbidden', details: [{ path: 'path.agencyId' }] });
    expect(await stp.ok('GET', '/v1/agencies/STP/events/parked')).toEqual({ events: [] });
  });

  it('answers 400 for an agency id that is not one', async () => {
    const answer = await admin.request<{ error: { details: Array<{ path: string }> } }>('GET', '/v1/agencies/S%20KHCN/events/parked');
    expect(answer.status).toBe(400);
    expect(answer.body.error.details.map((d) => d.path)).toEqual(['path.agencyId']);
  });

  it('stays parked, with the new reason and one more attempt, when the redrive still fails', async () => {
    const stillBroken = withFaults(store, { commit: entityNamed('HS-OVERSIZED'), commitError: () => validationException('Item size still exceeds the limit') });
    const report = await redriveParked({ figures: stillBroken, parked, now: () => new Date() });
    expect(report).toMatchObject({ applied: 0, failed: 2 });
    expect(report.events.map((e) => [e.eventId, e.outcome])).toEqual(poison.map((e) => [e.id, 'failed']));
    const listed = await parked.listAgency('SKHCN');
    expect(listed.map((p) => [p.event.id, p.attempts, p.reason])).toEqual(poison.map((e) => [e.id, 6, 'ValidationException: Item size still exceeds the limit']));
    expect(listed[0]!.lastFailedAt > listed[0]!.parkedAt).toBe(true);
    await expectFigures(goodSkhcn, 'SKHCN');
  });

  it('is re-applied by `npm run redrive` once fixed: counted in the figures, gone from the parked list', async () => {
    // "Fixed": the script's own apply has no fault injected, as after a deployment of the fix.
    const run = await runScript('infra/local/redrive.ts', ['--dynamodb', localEndpoints().dynamodb, '--table', table.tableName]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Redrove 2 parked event(s) of any agency:');
    for (const event of poison) expect(run.stdout).toMatch(new RegExp(`SKHCN\\s+${event.id}\\s+re-applied`));
    expect(run.stdout).toContain('2 re-applied (2 new to the figures, 0 already in them), 0 still parked.');

    await expectFigures([...goodSkhcn, ...poison], 'SKHCN');
    await expectFigures(goodStp, 'STP');
    expect(await admin.ok('GET', '/v1/agencies/SKHCN/events/parked')).toEqual({ events: [] });

    const again = await runScript('infra/local/redrive.ts', ['--dynamodb', localEndpoints().dynamodb, '--table', table.tableName, '--agency', 'SKHCN']);
    expect(again.stdout.trim()).toBe('No parked events for agency SKHCN.');
  });
});

function runScript(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
