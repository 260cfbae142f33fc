// GET /v1/agencies/{agencyId}/periods/{periodId}/summary (staff)
import middy from '@middy/core';
import { documentClient } from '#adapters/dynamodb.ts';
import { loadConfig } from '#adapters/config.ts';
import { dynamoFiguresStore, type FiguresStore } from '#adapters/figures-store.ts';
import { agencyAccess, httpErrors, json, pathParams, type HttpEvent, type HttpResult } from '#adapters/http.ts';
import { agencyPeriodParams, readFigures, toSummary } from './summary.ts';

const config = loadConfig(['tableName']);

export function summaryHandler(store: FiguresStore) {
  return middy<HttpEvent, HttpResult>()
    .use(httpErrors())
    .use(agencyAccess())
    .handler(async (event) => {
      const { agencyId, periodId } = pathParams(event, agencyPeriodParams);
      return json(200, toSummary(await readFigures(store, agencyId, periodId)));
    });
}

export const handler = summaryHandler(dynamoFiguresStore(documentClient(), config.tableName));
