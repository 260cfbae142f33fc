import middy from '@middy/core';
import { describe, expect, it } from 'vitest';
import { agencyAccess, formatPath, httpErrors, json, type HttpEvent, type HttpResult } from '#adapters/http.ts';

const handler = middy<HttpEvent, HttpResult>()
  .use(httpErrors())
  .use(agencyAccess())
  .handler(async () => json(200, { ok: true }));

const call = async (agencyId: string, claims: Record<string, unknown> | undefined) => {
  const event = {
    pathParameters: { agencyId },
    requestContext: { http: { method: 'GET' }, ...(claims ? { authorizer: { jwt: { claims } } } : {}) },
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

describe('field paths', () => {
  it('writes indexes in brackets and names with dots', () => {
    expect(formatPath(['events', 3, 'data', 'dueAt'])).toBe('events[3].data.dueAt');
    expect(formatPath(['recipients', 0, 'emails', 0])).toBe('recipients[0].emails[0]');
  });
});
