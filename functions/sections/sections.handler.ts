// PUT /v1/agencies/{agencyId}/periods/{periodId}/sections/{sectionKey} (staff): one section's narrative.
import middy from '@middy/core';
import { SectionKeySchema, sectionBodySchemaFor } from '#domain/sections.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { loadConfig } from '#adapters/config.ts';
import { agencyAccess, httpErrors, json, jsonBody, pathParams, type HttpEvent, type HttpResult } from '#adapters/http.ts';
import { dynamoReportStore, type SectionStore } from '#adapters/report-store.ts';
import { agencyPeriodParams } from '#functions/summary/summary.ts';

const config = loadConfig(['tableName']);

const params = agencyPeriodParams.extend({ sectionKey: SectionKeySchema });

export function sectionsHandler(store: SectionStore, now: () => Date) {
  return middy<HttpEvent, HttpResult>()
    .use(httpErrors())
    .use(agencyAccess())
    .handler(async (event) => {
      const { agencyId, periodId, sectionKey } = pathParams(event, params);
      const { paragraphs } = jsonBody(event, sectionBodySchemaFor(sectionKey));
      await store.putSection(agencyId, periodId, sectionKey, paragraphs, now().toISOString());
      return json(200, { agencyId, periodId, sectionKey, paragraphs });
    });
}

export const handler = sectionsHandler(dynamoReportStore(documentClient(), config.tableName), () => new Date());
