// POST /v1/events through ingestHandler (the middy edge the Lambda exports) over a recording
// queue: what API Gateway hands the function, what it answers and what it queues. The AWS root
// (ingest.handler.ts) only adds Secrets Manager and SQS, tested apart (secrets.test.ts, aws-adapters.test.ts).
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { HttpEvent, HttpResult } from '#adapters/http.ts';
import { ingestHandler } from '#functions/ingest/ingest-edge.ts';
import { REPLAY_WINDOW_SECONDS } from '#domain/event-senders.ts';
import { sign } from '#adapters/request-signature.ts';
import { recordingQueue } from '../support/fakes.ts';

const SECRET = 'ingest-test-secret';
const NOW = Date.parse('2023-06-20T02:00:00.000Z');
const nowSeconds = Math.floor(NOW / 1000);

const received = {
  id: 'mc-2023-000101-received',
  type: 'dossier.received',
  occurredAt: '2023-06-16T08:30:00+07:00',
  agencyId: 'SKHCN',
  data: { dossierId: 'D-101', procedureCode: '1.004503', channel: 'online', dueAt: '2023-06-26T17:00:00+07:00', portalRef: 'kept, not read' },
};
const issued = { id: 'vb-2023-000007', type: 'document.issued', occurredAt: '2023-06-16T09:00:00+07:00', agencyId: 'SKHCN', data: { documentId: 'VB-7', form: 'electronic' } };

function world() {
  const queue = recordingQueue();
  let secretReads = 0;
  const handler = ingestHandler({ keys: async () => (secretReads++, [{ sender: 'one-stop-shop', slot: 'current', secret: SECRET }]), queue: queue.queue, now: () => NOW });
  /** The API Gateway v2 event of a POST /v1/events (header names arrive in lower case). */
  const post = async (body: string, headers: Record<string, string>, isBase64Encoded = false) => {
    const event = {
      version: '2.0',
      routeKey: 'POST /v1/events',
      rawPath: '/v1/events',
      rawQueryString: '',
      headers: { 'content-type': 'application/json', ...headers },
      body: isBase64Encoded ? Buffer.from(body).toString('base64') : body,
      isBase64Encoded,
      requestContext: { http: { method: 'POST', path: '/v1/events', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'mot-cua' } },
    } as unknown as HttpEvent;
    const result = (await handler(event, {} as Context)) as HttpResult & { statusCode: number; body: string };
    return { status: result.statusCode, body: JSON.parse(result.body) as Record<string, any> };
  };
  const signed = (body: string, timestamp = String(nowSeconds), secret = SECRET) => ({ 'x-timestamp': timestamp, 'x-signature': sign(secret, timestamp, body) });
  return { queue, post, signed, secretReads: () => secretReads };
}

describe('ingestHandler', () => {
  it('answers 202 with the accepted count and queues each event as validated, one body per event', async () => {
    const w = world();
    const body = JSON.stringify({ events: [received, issued] });
    expect(await w.post(body, w.signed(body))).toEqual({ status: 202, body: { accepted: 2 } });
    expect(w.queue.batches).toHaveLength(1);
    expect(w.queue.bodies().map((b) => JSON.parse(b))).toEqual([
      received,
      // the contract's default filled in
      { ...issued, data: { ...issued.data, confidential: false } },
    ]);
    expect(w.secretReads()).toBe(1);
  });

  it('takes a base64-encoded body as API Gateway passes it, the signature being over the raw text', async () => {
    const w = world();
    const body = JSON.stringify({ events: [{ ...received, data: { ...received.data, procedureName: 'Thủ tục cấp giấy phép tiến hành công việc bức xạ' } }] });
    expect(await w.post(body, w.signed(body), true)).toEqual({ status: 202, body: { accepted: 1 } });
    expect(JSON.parse(w.queue.bodies()[0]!).data.procedureName).toBe('Thủ tục cấp giấy phép tiến hành công việc bức xạ');
  });

  it('accepts a timestamp at the edge of the replay window, on either side of the clock', async () => {
    const w = world();
    const body = JSON.stringify({ events: [received] });
    for (const skew of [-REPLAY_WINDOW_SECONDS, REPLAY_WINDOW_SECONDS]) expect((await w.post(body, w.signed(body, String(nowSeconds + skew)))).status).toBe(202);
  });

  it.each([
    ['a signature over another body', (body: string, w: ReturnType<typeof world>) => ({ ...w.signed(body), 'x-signature': w.signed('{"events":[]}')['x-signature'] }), 'unauthorized', [{ path: 'headers.X-Signature', message: 'mismatch' }]],
    ['a signature with another secret', (body: string, w: ReturnType<typeof world>) => w.signed(body, String(nowSeconds), 'not-the-secret'), 'unauthorized', [{ path: 'headers.X-Signature', message: 'mismatch' }]],
    ['a stale timestamp', (body: string, w: ReturnType<typeof world>) => w.signed(body, String(nowSeconds - REPLAY_WINDOW_SECONDS - 1)), 'stale_timestamp', [{ path: 'headers.X-Timestamp', message: 'outside the replay window' }]],
    ['a timestamp from the future', (body: string, w: ReturnType<typeof world>) => w.signed(body, String(nowSeconds + REPLAY_WINDOW_SECONDS + 1)), 'stale_timestamp', [{ path: 'headers.X-Timestamp', message: 'outside the replay window' }]],
    ['a timestamp in milliseconds', (body: string, w: ReturnType<typeof world>) => w.signed(body, String(NOW)), 'unauthorized', [{ path: 'headers.X-Timestamp', message: 'not unix seconds' }]],
    ['a timestamp that is not unix seconds', (body: string, w: ReturnType<typeof world>) => w.signed(body, '2023-06-20T02:00:00Z'), 'unauthorized', [{ path: 'headers.X-Timestamp', message: 'not unix seconds' }]],
    ['no signature headers', () => ({}), 'unauthorized', [{ path: 'headers.X-Timestamp', message: 'required' }, { path: 'headers.X-Signature', message: 'required' }]],
  ])('answers 401 for %s, naming the header, and queues nothing', async (_, headers, code, details) => {
    const w = world();
    const body = JSON.stringify({ events: [received] });
    const answer = await w.post(body, headers(body, w));
    expect(answer).toMatchObject({ status: 401, body: { error: { code, details } } });
    expect(w.queue.batches).toEqual([]);
  });

  it('refuses the whole batch with 400 when one event is invalid, naming it, and queues nothing', async () => {
    const w = world();
    const bad = { ...received, id: 'mc-2023-000102-received', data: { ...received.data, dueAt: '2023-06-31T17:00:00+07:00' } };
    const body = JSON.stringify({ events: [received, bad, issued] });
    const answer = await w.post(body, w.signed(body));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: 'events[1].data.dueAt', message: 'is not a real date and time' }] });
    expect(w.queue.batches).toEqual([]);
  });

  it('answers 400 for a signed body that is not JSON or has no events, and queues nothing', async () => {
    const w = world();
    for (const [body, code, path] of [
      ['{"events": [', 'malformed_json', '(body)'],
      ['{"events": []}', 'validation_failed', 'events'],
      ['{"events": [], "extra": 1}', 'validation_failed', '(body)'],
    ] as const) {
      const answer = await w.post(body, w.signed(body));
      expect(answer, body).toMatchObject({ status: 400, body: { error: { code, details: expect.arrayContaining([expect.objectContaining({ path })]) } } });
    }
    expect(w.queue.batches).toEqual([]);
  });

  it('answers 500 without detail when the queue refuses, so the sender retries the whole request', async () => {
    const w = world();
    w.queue.failNext(1);
    const body = JSON.stringify({ events: [received] });
    const answer = await w.post(body, w.signed(body));
    expect(answer).toEqual({ status: 500, body: { error: { code: 'internal', message: 'Internal error; the request changed nothing that was not already committed', details: [] } } });
    expect(await w.post(body, w.signed(body))).toEqual({ status: 202, body: { accepted: 1 } });
    expect(w.queue.bodies()).toHaveLength(1);
  });
});
