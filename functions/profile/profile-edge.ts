// PUT and GET /v1/agencies/{agencyId}: the agency profile.
import * as z from 'zod';
import { agencyId } from '#events/event.schema.ts';
import { AgencyProfileSchema } from '#domain/profile.ts';
import { json, jsonBody, pathParams } from '#adapters/http.ts';
import { staffApi } from '#functions/staff-api.ts';
import { getProfile, putProfile, type ProfilePorts } from './profile.ts';

const params = z.object({ agencyId });

export function profileApi(ports: ProfilePorts) {
  return staffApi<'profile'>({
    'GET /v1/agencies/{agencyId}': async (event) => json(200, await getProfile(ports, pathParams(event, params).agencyId)),
    'PUT /v1/agencies/{agencyId}': async (event) => {
      const path = pathParams(event, params);
      return json(200, await putProfile(ports, path.agencyId, jsonBody(event, AgencyProfileSchema)));
    },
  });
}
