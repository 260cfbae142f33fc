// HTTP API (staff): POST /v1/agencies/{agencyId}/uploads, GET …/uploads/{uploadId},
// GET …/periods/{periodId}/uploads.
import { randomBytes } from 'node:crypto';
import middy from '@middy/core';
import * as z from 'zod';
import { agencyId } from '#events/event.schema.ts';
import { uploadId, uploadIdFrom, uploadRequest } from '#domain/attachment.ts';
import { periodId } from '#domain/periods.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { loadConfig } from '#adapters/config.ts';
import { HttpError, agencyAccess, httpErrors, json, jsonBody, pathParams, type HttpEvent, type HttpResult } from '#adapters/http.ts';
import { dynamoUploadRecords } from '#adapters/uploads-dynamodb.ts';
import { s3Client } from '#adapters/s3.ts';
import { s3UploadObjects } from '#adapters/uploads-s3.ts';
import { getUpload, listPeriodUploads, requestUpload, type UploadsDeps } from './uploads.ts';

const config = loadConfig(['uploadsBucket', 'tableName']);

const uploadPath = z.object({ agencyId, uploadId });
const periodPath = z.object({ agencyId, periodId });

/** The three routes over one set of ports, chosen by the route key API Gateway (or the local router) sets. */
export function uploadsApi(deps: UploadsDeps) {
  return async (event: HttpEvent): Promise<HttpResult> => {
    switch (event.routeKey) {
      case 'POST /v1/agencies/{agencyId}/uploads': {
        const path = pathParams(event, z.object({ agencyId }));
        const request = jsonBody(event, uploadRequest(deps.now()));
        return json(201, await requestUpload(deps, path.agencyId, request));
      }
      case 'GET /v1/agencies/{agencyId}/uploads/{uploadId}': {
        const view = await getUpload(deps, pathParams(event, uploadPath));
        if (!view) throw new HttpError(404, 'not_found', 'No such upload for this agency');
        return json(200, view);
      }
      case 'GET /v1/agencies/{agencyId}/periods/{periodId}/uploads': {
        const path = pathParams(event, periodPath);
        return json(200, await listPeriodUploads(deps, path.agencyId, path.periodId));
      }
      default:
        throw new HttpError(404, 'not_found', `No route ${event.routeKey}`);
    }
  };
}

const deps: UploadsDeps = {
  objects: s3UploadObjects(s3Client(), config.uploadsBucket),
  records: dynamoUploadRecords(documentClient(), config.tableName),
  now: () => new Date(),
  newUploadId: (now) => uploadIdFrom(now.getTime(), randomBytes(10)),
};

export const handler = middy<HttpEvent, HttpResult>().use(httpErrors()).use(agencyAccess()).handler(uploadsApi(deps));
