// GET /v1/agencies/{agencyId}/events/parked (staff): the agency's events that were accepted but
// could not be applied after their retries, oldest first (CONTRACT §4).
import middy from '@middy/core';
import * as z from 'zod';
import { agencyId } from '#events/event.schema.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { loadConfig } from '#adapters/config.ts';
import { agencyAccess, httpErrors, json, pathParams, type HttpEvent, type HttpResult } from '#adapters/http.ts';
import { dynamoParkedEvents, type ParkedEvents } from '#adapters/parked-events.ts';

const config = loadConfig(['tableName']);

const agencyPath = z.object({ agencyId });

export function parkedHandler(parked: ParkedEvents) {
  return middy<HttpEvent, HttpResult>()
    .use(httpErrors())
    .use(agencyAccess())
    .handler(async (event) => {
      const path = pathParams(event, agencyPath);
      const events = await parked.listAgency(path.agencyId);
      return json(200, {
        events: events.map(({ event, reason, parkedAt, attempts, firstFailedAt, lastFailedAt }) => ({ event, reason, parkedAt, attempts, firstFailedAt, lastFailedAt })),
      });
    });
}

export const handler = parkedHandler(dynamoParkedEvents(documentClient(), config.tableName));
