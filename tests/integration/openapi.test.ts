// GET /v1/openapi.json through the local HTTP API, wired from the route table like every route:
// public, and exactly the committed document.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { localRoutes } from '../../infra/local/app.ts';
import { startHttpApi, type HttpApi } from '../../infra/local/http.ts';
import type { LocalQueue } from '../../infra/local/queue.ts';
import { localSetup } from '../setup/services.ts';

let restoreEnv: () => void;
let api: HttpApi;
let queue: LocalQueue;

beforeAll(async () => {
  // Every handler composes at import; nothing here reaches the table or the buckets.
  const setup = localSetup({ TABLE_NAME: 'unused', STAFF_DEV_TOKEN: 'openapi-token', REPORTS_BUCKET: 'unused', UPLOADS_BUCKET: 'unused', MAIL_FROM: 'bao-cao@example.vn' });
  const config = setup.config;
  restoreEnv = setup.restore;
  const local = localRoutes(config, 'openapi-secret');
  queue = local.queue;
  api = await startHttpApi({ routes: local.routes, staffToken: 'openapi-token' });
});

afterAll(async () => {
  await api?.stop();
  queue?.stop();
  restoreEnv?.();
});

it('answers GET /v1/openapi.json without a token, 200, as JSON: the committed docs/openapi.json', async () => {
  const response = await fetch(`${api.url}/v1/openapi.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json\b/);
  const committed = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
  expect(await response.json()).toEqual(committed);
});
