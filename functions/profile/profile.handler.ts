// PUT and GET /v1/agencies/{agencyId} (staff): the agency profile the report is written from.
import middy from '@middy/core';
import * as z from 'zod';
import { agencyId } from '#events/event.schema.ts';
import { AgencyProfileSchema } from '#domain/profile.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { loadConfig } from '#adapters/config.ts';
import { HttpError, agencyAccess, httpErrors, json, jsonBody, pathParams, type HttpEvent, type HttpResult } from '#adapters/http.ts';
import { dynamoReportStore, type ProfileStore } from '#adapters/report-store.ts';

const config = loadConfig(['tableName']);

const params = z.object({ agencyId });

export function profileHandler(store: ProfileStore, now: () => Date) {
  return middy<HttpEvent, HttpResult>()
    .use(httpErrors())
    .use(agencyAccess())
    .handler(async (event) => {
      const { agencyId } = pathParams(event, params);
      if (event.requestContext.http.method === 'GET') {
        const profile = await store.getProfile(agencyId);
        if (!profile) throw new HttpError(404, 'not_found', `Agency ${agencyId} has no profile`);
        return json(200, profile);
      }
      const profile = jsonBody(event, AgencyProfileSchema);
      if (profile.agencyId !== agencyId) {
        throw new HttpError(400, 'validation_failed', 'agencyId in the body differs from the path', [{ path: 'agencyId', message: `must be ${agencyId}` }]);
      }
      await store.putProfile(profile, now().toISOString());
      return json(200, profile);
    });
}

export const handler = profileHandler(dynamoReportStore(documentClient(), config.tableName), () => new Date());
