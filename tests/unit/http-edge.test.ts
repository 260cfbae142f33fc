import { describe, expect, it } from 'vitest';
import { formatPath } from '#domain/parse.ts';
import { errorResult, fileResult, HttpError, json, MAX_JSON_DEPTH, parseJson, pathTooDeep, type HttpEvent, type HttpResult } from '#adapters/http.ts';
import { staffApi } from '#functions/staff-api.ts';

const SUMMARY = 'GET /v1/agencies/{agencyId}/periods/{periodId}/summary';
const PUT_PROFILE = 'PUT /v1/agencies/{agencyId}';
const summary = staffApi<'summary'>({ [SUMMARY]: async () => json(200, { ok: true }) });
const profile = staffApi<'profile'>({ [PUT_PROFILE]: async () => json(200, { ok: true }), 'GET /v1/agencies/{agencyId}': async () => json(200, { ok: true }) });

const call = async (agencyId: string, claims: Record<string, unknown> | undefined, routeKey = SUMMARY, handler = summary) => {
  const event = {
    routeKey,
    pathParameters: { agencyId },
    requestContext: { http: { method: routeKey.split(' ')[0] }, ...(claims ? { authorizer: { jwt: { claims } } } : {}) },
  } as unknown as HttpEvent;
  const result = (await handler(event, {} as never)) as HttpResult & { statusCode: number; body: string };
  return { status: result.statusCode, body: JSON.parse(result.body) };
};

describe('staff act for their own agency', () => {
  it('lets staff of the agency in the path through', async () => {
    expect((await call('SKHCN', { 'custom:agencyId': 'SKHCN' })).status).toBe(200);
  });
  it('refuses staff of another agency, and a token without an agency, with 403 naming the path', async () => {
    for (const claims of [{ 'custom:agencyId': 'SNV' }, {}, undefined, { 'cognito:groups': '[other]' }]) {
      const answer = await call('SKHCN', claims);
      expect(answer.status).toBe(403);
      expect(answer.body.error).toMatchObject({ code: 'forbidden', details: [{ path: 'path.agencyId' }] });
    }
  });
  it.each(['[cchc-admin]', '[viewers cchc-admin]', '["cchc-admin"]', 'cchc-admin'])('lets the all-agencies group through whatever the claim form (%s)', async (groups) => {
    expect((await call('SKHCN', { 'cognito:groups': groups })).status).toBe(200);
  });
});

describe('roles (CONTRACT §5)', () => {
  it('lets the province read every agency but change nothing', async () => {
    expect((await call('SNV', { 'cognito:groups': '[cchc-province]' })).status).toBe(200);
    const put = await call('SNV', { 'cognito:groups': '[cchc-province]' }, PUT_PROFILE, profile);
    expect(put.status).toBe(403);
    expect(put.body.error).toMatchObject({ code: 'forbidden', details: [{ path: '(route)' }] });
  });
  it('keeps the profile for leaders of the agency: staff may not change it, a leader of another agency neither', async () => {
    expect((await call('SKHCN', { 'custom:agencyId': 'SKHCN' }, PUT_PROFILE, profile)).status).toBe(403);
    expect((await call('SKHCN', { 'custom:agencyId': 'SKHCN', 'cognito:groups': '[cchc-leader]' }, PUT_PROFILE, profile)).status).toBe(200);
    expect((await call('SKHCN', { 'custom:agencyId': 'SNV', 'cognito:groups': '[cchc-leader]' }, PUT_PROFILE, profile)).status).toBe(403);
  });
  it('answers 404 for a route key the function does not serve', async () => {
    expect((await call('SKHCN', { 'cognito:groups': '[cchc-admin]' }, 'GET /v1/agencies/{agencyId}/uploads/{uploadId}')).status).toBe(404);
  });
});

describe('field paths', () => {
  it('writes indexes in brackets and names with dots', () => {
    expect(formatPath(['events', 3, 'data', 'dueAt'])).toBe('events[3].data.dueAt');
    expect(formatPath(['recipients', 0, 'emails', 0])).toBe('recipients[0].emails[0]');
  });
});

describe('JSON bodies nested too deep', () => {
  /** `{"events":[{"data":{"x":{"x":…1…}}}]}` with `levels` objects under data. */
  const nestedEvent = (levels: number) => `{"events":[{"id":"a","data":{"x":${'{"x":'.repeat(levels - 1)}1${'}'.repeat(levels)}}]}`;
  const arrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
  const refusal = (text: string) => {
    try {
      parseJson(text);
    } catch (error) {
      expect(error).toBeInstanceOf(HttpError);
      const { status, code, details } = error as HttpError;
      return { status, code, details };
    }
    return undefined;
  };

  it('refuses 10,000 levels under an event field with 400, naming where the nesting goes too deep', () => {
    const refused = refusal(nestedEvent(10_000));
    expect(refused).toMatchObject({ status: 400, code: 'too_deep' });
    // events (2), events[0] (3), data (4), then x … down to level 33.
    expect(refused!.details).toEqual([{ path: `events[0].data${'.x'.repeat(MAX_JSON_DEPTH - 3)}`, message: `is nested deeper than ${MAX_JSON_DEPTH} levels` }]);
  });

  it(`takes exactly ${MAX_JSON_DEPTH} levels and refuses ${MAX_JSON_DEPTH + 1}, counting arrays and objects alike`, () => {
    expect(pathTooDeep(JSON.parse(arrays(MAX_JSON_DEPTH)))).toBeUndefined();
    expect(pathTooDeep(JSON.parse(arrays(MAX_JSON_DEPTH + 1)))).toEqual(Array(MAX_JSON_DEPTH).fill(0));
    expect(refusal(nestedEvent(MAX_JSON_DEPTH - 3))).toBeUndefined();
    expect(refusal(nestedEvent(MAX_JSON_DEPTH - 2))?.details[0]?.path).toMatch(/^events\[0\]\.data(\.x)+$/);
  });

  it('checks a million levels without overflowing the stack', () => {
    expect(refusal(arrays(1_000_000))).toMatchObject({ status: 400, details: [{ path: expect.stringMatching(/^\[0\]/) }] });
  });

  it('names the first deep place in document order, and lets wide shallow bodies through', () => {
    const body = { shallow: [1, { a: 2 }], first: JSON.parse(arrays(40)), second: JSON.parse(arrays(40)) };
    expect(pathTooDeep(body)?.slice(0, 2)).toEqual(['first', 0]);
    expect(pathTooDeep(Array.from({ length: 100_000 }, (_, i) => ({ i, tags: [i] })))).toBeUndefined();
    expect(pathTooDeep('scalar')).toBeUndefined();
  });

  it('still answers malformed and empty bodies as before', () => {
    expect(refusal('{"events": [')).toMatchObject({ status: 400, code: 'malformed_json', details: [{ path: '(body)' }] });
    expect(refusal('  ')).toMatchObject({ status: 400, code: 'malformed_json', details: [{ path: '(body)', message: 'empty' }] });
  });
});

describe('answers no cache may keep (an agency\'s figures and files)', () => {
  it('every JSON answer, errors included, and every file download say Cache-Control: no-store', async () => {
    expect(json(200, {}).headers).toMatchObject({ 'cache-control': 'no-store' });
    expect(errorResult(new HttpError(400, 'validation_failed', 'x')).headers).toMatchObject({ 'cache-control': 'no-store' });
    expect(fileResult(new Uint8Array([1]), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'bieu-06.xlsx').headers).toMatchObject({ 'cache-control': 'no-store' });
    const refused = (await summary({ routeKey: SUMMARY, pathParameters: { agencyId: 'SKHCN' }, requestContext: { http: { method: 'GET' } } } as unknown as HttpEvent, {} as never)) as HttpResult;
    expect(refused.headers).toMatchObject({ 'cache-control': 'no-store' });
  });

  it('a route may still say otherwise (the public OpenAPI document is cached for minutes)', () => {
    expect(json(200, {}, { 'cache-control': 'public, max-age=300' }).headers!['cache-control']).toBe('public, max-age=300');
  });
});
