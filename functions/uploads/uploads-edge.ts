// POST /v1/agencies/{agencyId}/uploads, GET …/uploads/{uploadId}, GET …/periods/{periodId}/uploads.
import * as z from 'zod';
import { agencyId } from '#events/event.schema.ts';
import { uploadRequest } from '#domain/attachment.ts';
import { uploadId } from '#domain/upload-id.ts';
import { periodId } from '#domain/periods.ts';
import { json, jsonBody, pathParams } from '#adapters/http.ts';
import { staffApi } from '#functions/staff-api.ts';
import { getUpload, listPeriodUploads, requestUpload, type UploadsPorts } from './uploads.ts';

const agencyPath = z.object({ agencyId });
const uploadPath = z.object({ agencyId, uploadId });
const periodPath = z.object({ agencyId, periodId });

export function uploadsApi(ports: UploadsPorts) {
  return staffApi<'uploads'>({
    'POST /v1/agencies/{agencyId}/uploads': async (event) => {
      const path = pathParams(event, agencyPath);
      return json(201, await requestUpload(ports, path.agencyId, jsonBody(event, uploadRequest(ports.now()))));
    },
    'GET /v1/agencies/{agencyId}/uploads/{uploadId}': async (event) => json(200, await getUpload(ports, pathParams(event, uploadPath))),
    'GET /v1/agencies/{agencyId}/periods/{periodId}/uploads': async (event) => {
      const path = pathParams(event, periodPath);
      return json(200, await listPeriodUploads(ports, path.agencyId, path.periodId));
    },
  });
}
