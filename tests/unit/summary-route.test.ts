// The summary route's optional additions (CONTRACT §4 `?by=` and `?compare=`): each is the figures
// the same route answers for that period alone, and without them the answer is the plain summary.
import { describe, expect, it } from 'vitest';
import type { HttpEvent, HttpResult } from '#adapters/http.ts';
import { applyEvents } from '#app/apply-events.ts';
import { summaryApi } from '#functions/summary/summary-edge.ts';
import { referenceFigures } from '../reference/figures.ts';
import { memoryFiguresStore } from '../support/fakes.ts';
import { SAMPLE_EVENTS } from '../support/report-world.ts';

const { store } = memoryFiguresStore();
await applyEvents(store, SAMPLE_EVENTS);
const route = summaryApi({ figures: store });

async function summary(periodId: string, query?: Record<string, string>) {
  const event = {
    routeKey: 'GET /v1/agencies/{agencyId}/periods/{periodId}/summary',
    pathParameters: { agencyId: 'SKHCN', periodId },
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: { http: { method: 'GET' }, authorizer: { jwt: { claims: { 'custom:agencyId': 'SKHCN' } } } },
  } as unknown as HttpEvent;
  const result = (await route(event, {} as never)) as HttpResult & { statusCode: number; body: string };
  return { status: result.statusCode, body: JSON.parse(result.body) };
}

const plain = ({ fields: _fields, ...rest }: ReturnType<typeof referenceFigures>) => rest;

describe('GET …/summary', () => {
  it('answers the plain summary without options, and adds the form-06 rows with by=field', async () => {
    const reference = referenceFigures(SAMPLE_EVENTS, 'SKHCN', '2023-H1');
    expect(await summary('2023-H1')).toEqual({ status: 200, body: plain(reference) });
    expect(await summary('2023-H1', { by: 'field' })).toEqual({ status: 200, body: reference });
  });

  it('adds each month of the period with by=month, and the compared periods with compare=', async () => {
    const { status, body } = await summary('2023-H1', { by: 'field,month', compare: 'previous,yearEarlier' });
    expect(status).toBe(200);
    expect(body.fields).toEqual(referenceFigures(SAMPLE_EVENTS, 'SKHCN', '2023-H1').fields);
    expect(body.months.map((m: { period: { id: string } }) => m.period.id)).toEqual(['2023-M01', '2023-M02', '2023-M03', '2023-M04', '2023-M05', '2023-M06']);
    for (const month of body.months) expect(month).toEqual(plain(referenceFigures(SAMPLE_EVENTS, 'SKHCN', month.period.id)));
    expect(body.previous).toEqual(plain(referenceFigures(SAMPLE_EVENTS, 'SKHCN', '2022-H2')));
    expect(body.yearEarlier).toEqual(plain(referenceFigures(SAMPLE_EVENTS, 'SKHCN', '2022-H1')));
    // the sample's carried-over dossiers make the months differ: the chart is not one month repeated
    expect(new Set(body.months.map((m: { dossiers: { received: { total: number } } }) => m.dossiers.received.total)).size).toBeGreaterThan(1);
  });

  it('answers null for a compared period before 2000', async () => {
    const { body } = await summary('2000-M01', { compare: 'previous,yearEarlier' });
    expect(body.previous).toBeNull();
    expect(body.yearEarlier).toBeNull();
    expect(body).not.toHaveProperty('months');
  });

  it('refuses an unknown or repeated choice with 400 naming the query parameter', async () => {
    for (const query of [{ by: 'week' }, { by: 'month,month' }, { compare: 'next' }, { by: '' }] as Array<Record<string, string>>) {
      const { status, body } = await summary('2023-H1', query);
      expect(status, JSON.stringify(query)).toBe(400);
      expect(body.error.details[0].path).toMatch(/^query\.(by|compare)/);
    }
  });
});
