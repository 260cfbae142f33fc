// GET /v1/agencies/{agencyId}/events/parked (CONTRACT §4).
import * as z from 'zod';
import { agencyId } from '#events/event.schema.ts';
import { json, pathParams } from '#adapters/http.ts';
import { staffApi } from '#functions/staff-api.ts';
import { listParked, type ParkedPorts } from './parked.ts';

const agencyPath = z.object({ agencyId });

export function parkedApi(ports: ParkedPorts) {
  return staffApi<'parked'>({
    'GET /v1/agencies/{agencyId}/events/parked': async (event) => json(200, await listParked(ports, pathParams(event, agencyPath).agencyId)),
  });
}
