// The local HTTP API must hand the handlers the same payload v2.0 events API Gateway would, and
// answer the authorizer's and API Gateway's own refusals without calling them. The handlers here
// are recorders: the router is under test, not the functions.
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHttpApi, type ApiResult, type HttpApi } from '../../infra/local/http.ts';

const TOKEN = 'test-staff-token';
const LIMIT = 1024 * 1024;
let api: HttpApi;
let received: APIGatewayProxyEventV2WithJWTAuthorizer[] = [];
let reply: (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<ApiResult>;

const recording = async (event: APIGatewayProxyEventV2WithJWTAuthorizer) => {
  received.push(event);
  return reply(event);
};

beforeAll(async () => {
  api = await startHttpApi({
    staffToken: TOKEN,
    routes: [
      { method: 'POST', path: '/v1/events', staff: false, handler: recording },
      { method: 'GET', path: '/v1/agencies/{agencyId}/periods/{periodId}/summary', staff: true, handler: recording },
      { method: 'PUT', path: '/v1/agencies/{agencyId}/periods/{periodId}/sections/{sectionKey}', staff: true, handler: recording },
      { method: 'POST', path: '/v1/agencies/{agencyId}/uploads', staff: true, handler: recording },
    ],
  });
});
afterAll(() => api.stop());
beforeEach(() => {
  received = [];
  reply = async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' });
});

const staff = { authorization: `Bearer ${TOKEN}` };

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string; details: unknown[] } };
  expect(body.error.code).toBe(code);
  expect(body.error.message).toEqual(expect.any(String));
  expect(body.error.details).toEqual([]);
}

describe('local HTTP API', () => {
  it('passes POST /v1/events to its handler without a token, as a v2.0 event', async () => {
    reply = async () => ({ statusCode: 202, headers: { 'content-type': 'application/json', 'x-extra': 'yes' }, body: '{"accepted":2}' });
    const body = JSON.stringify({ events: [{ id: 'ê' }] });
    const response = await fetch(`${api.url}/v1/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Timestamp': '1700000000', 'X-Signature': 'sha256=ab' },
      body,
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-extra')).toBe('yes');
    expect(await response.json()).toEqual({ accepted: 2 });

    expect(received).toHaveLength(1);
    const event = received[0]!;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /v1/events',
      rawPath: '/v1/events',
      rawQueryString: '',
      body,
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/v1/events' }, routeKey: 'POST /v1/events', stage: '$default' },
    });
    expect(event.headers['x-timestamp']).toBe('1700000000');
    expect(event.headers['x-signature']).toBe('sha256=ab');
    expect(event.pathParameters).toBeUndefined();
    expect(event.requestContext.authorizer.jwt.claims).toEqual({});
  });

  it('refuses a staff route without the bearer token with 401, calling nothing', async () => {
    const url = `${api.url}/v1/agencies/SKHCN/periods/2023-H1/summary`;
    await expectError(await fetch(url), 401, 'unauthorized');
    await expectError(await fetch(url, { headers: { authorization: 'Bearer wrong' } }), 401, 'unauthorized');
    await expectError(await fetch(url, { headers: { authorization: TOKEN } }), 401, 'unauthorized');
    expect(received).toEqual([]);
  });

  it('gives a staff route its decoded path parameters, query and JWT claims', async () => {
    const response = await fetch(`${api.url}/v1/agencies/S%E1%BB%9F%20KH/periods/2023-H1/summary?a=1&b=x%20y&a=2`, { headers: staff });
    expect(response.status).toBe(200);
    const event = received[0]!;
    expect(event.routeKey).toBe('GET /v1/agencies/{agencyId}/periods/{periodId}/summary');
    expect(event.rawPath).toBe('/v1/agencies/S%E1%BB%9F%20KH/periods/2023-H1/summary');
    expect(event.pathParameters).toEqual({ agencyId: 'Sở KH', periodId: '2023-H1' });
    expect(event.rawQueryString).toBe('a=1&b=x%20y&a=2');
    expect(event.queryStringParameters).toEqual({ a: '1,2', b: 'x y' });
    expect(event.requestContext.authorizer.jwt.claims.sub).toBe('local-staff');
    expect(event.body).toBeUndefined();
    expect(event.isBase64Encoded).toBe(false);
  });

  it('matches three parameters on the sections route', async () => {
    await fetch(`${api.url}/v1/agencies/SKHCN/periods/2023-H1/sections/digital-government`, {
      method: 'PUT',
      headers: { ...staff, 'content-type': 'application/json; charset=utf-8' },
      body: '{"paragraphs":["Chuyển đổi số"]}',
    });
    expect(received[0]!.pathParameters).toEqual({ agencyId: 'SKHCN', periodId: '2023-H1', sectionKey: 'digital-government' });
    expect(received[0]!.body).toBe('{"paragraphs":["Chuyển đổi số"]}');
    expect(received[0]!.isBase64Encoded).toBe(false);
  });

  it('refuses bad percent-encoding in a path parameter with 400 naming it, calling nothing', async () => {
    for (const [path, names] of [
      ['/v1/agencies/%E0%A4%A/periods/2023-H1/summary', ['path.agencyId']],
      ['/v1/agencies/SKHCN/periods/%ZZ/summary', ['path.periodId']],
      ['/v1/agencies/%ED%A0%80/periods/%/summary', ['path.agencyId', 'path.periodId']], // a UTF-8 surrogate, a bare %
    ] as const) {
      const response = await fetch(`${api.url}${path}`, { headers: staff });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string; details: Array<{ path: string; message: string }> } };
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.message).toContain(names[0]);
      expect(body.error.details).toEqual(names.map((name) => ({ path: name, message: 'is not valid percent-encoded UTF-8' })));
    }
    // Authentication still comes first.
    await expectError(await fetch(`${api.url}/v1/agencies/%E0%A4%A/periods/2023-H1/summary`), 401, 'unauthorized');
    expect(received).toEqual([]);
  });

  it('answers 404 for an unknown path or a method the path does not take', async () => {
    await expectError(await fetch(`${api.url}/v1/nothing`, { headers: staff }), 404, 'not_found');
    await expectError(await fetch(`${api.url}/v1/events`), 404, 'not_found');
    await expectError(await fetch(`${api.url}/v1/agencies/SKHCN/periods/2023-H1/summary/extra`, { headers: staff }), 404, 'not_found');
    expect(received).toEqual([]);
  });

  it('answers 413 for a body over 1 MB without calling the handler, and takes exactly 1 MB', async () => {
    const over = await fetch(`${api.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(LIMIT + 1) });
    await expectError(over, 413, 'payload_too_large');
    expect(received).toEqual([]);

    const atLimit = await fetch(`${api.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(LIMIT) });
    expect(atLimit.status).toBe(200);
    expect(received[0]!.body).toHaveLength(LIMIT);
  });

  it('base64-encodes a binary body, and a body without a content type', async () => {
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0xfe, 0x0a]);
    await fetch(`${api.url}/v1/agencies/SKHCN/uploads`, { method: 'POST', headers: { ...staff, 'content-type': 'application/pdf' }, body: bytes });
    expect(received[0]!.isBase64Encoded).toBe(true);
    expect(Buffer.from(received[0]!.body!, 'base64')).toEqual(bytes);

    await fetch(`${api.url}/v1/events`, { method: 'POST', body: new Uint8Array(Buffer.from('{"events":[]}')) });
    expect(received[1]!.headers['content-type']).toBeUndefined();
    expect(received[1]!.isBase64Encoded).toBe(true);
    expect(Buffer.from(received[1]!.body!, 'base64').toString()).toBe('{"events":[]}');
  });

  it('sends a base64 result as bytes and a plain object result as 200 JSON', async () => {
    reply = async () => ({ statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([1, 2, 255]).toString('base64'), isBase64Encoded: true });
    const binary = await fetch(`${api.url}/v1/events`, { method: 'POST', body: 'x' });
    expect(Buffer.from(await binary.arrayBuffer())).toEqual(Buffer.from([1, 2, 255]));

    reply = async () => ({ accepted: 1 });
    const inferred = await fetch(`${api.url}/v1/events`, { method: 'POST', body: 'x' });
    expect(inferred.status).toBe(200);
    expect(inferred.headers.get('content-type')).toMatch(/application\/json/);
    expect(await inferred.json()).toEqual({ accepted: 1 });
  });

  it('answers a 500 in the error shape when the handler throws', async () => {
    reply = async () => {
      throw new Error('boom');
    };
    const response = await fetch(`${api.url}/v1/events`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: { code: 'internal' } });
  });
});
