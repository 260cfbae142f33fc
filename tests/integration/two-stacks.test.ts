// Wiring is configuration, not environment: two local APIs in one process, each built with the
// configuration of its own table, keep their figures apart. Stack A gets the first part of the
// sample stream, stack B all of it; each answers the reference figures of what it was sent.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '#events/event.schema.ts';
import { postEvents } from '../../infra/local/replay-client.ts';
import { referenceFigures } from '../reference/figures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';

const ADMIN = 'two-stacks-admin';
const SECRET = 'two-stacks-secret';
const AGENCY = 'SKHCN';
const PERIOD = '2023-H1';

const stream = readFileSync('events/samples/skhcn-2023.jsonl', 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Event);
const sent = { a: stream.slice(0, 300), b: stream };

let a: TestApi;
let b: TestApi;

beforeAll(async () => {
  [a, b] = await Promise.all([startTestApi('stack-a', { staffToken: ADMIN, secret: SECRET }), startTestApi('stack-b', { staffToken: ADMIN, secret: SECRET })]);
  for (const [api, events] of [[a, sent.a], [b, sent.b]] as const) {
    for (let i = 0; i < events.length; i += 500) {
      const answer = await postEvents(api.api.url, SECRET, events.slice(i, i + 500));
      expect(answer.status, await answer.clone().text()).toBe(202);
    }
  }
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

const figuresOf = async (api: TestApi) => {
  const answer = await fetch(`${api.api.url}/v1/agencies/${AGENCY}/periods/${PERIOD}/summary?by=field`, { headers: { authorization: `Bearer ${ADMIN}` } });
  expect(answer.status).toBe(200);
  return answer.json();
};

describe('two local stacks in one process', () => {
  it('are built over different tables', () => {
    expect(a.config.settings.tableName).not.toBe(b.config.settings.tableName);
  });

  it('give each the figures of its own events', async () => {
    const [figuresA, figuresB] = await Promise.all([figuresOf(a), figuresOf(b)]);
    expect(figuresA).toEqual(referenceFigures(sent.a, AGENCY, PERIOD));
    expect(figuresB).toEqual(referenceFigures(sent.b, AGENCY, PERIOD));
    expect(figuresA).not.toEqual(figuresB);
  });
});
