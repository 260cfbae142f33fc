// GET /v1/periods/{periodId}/summary and …/submissions: path → use case → the shapes of CONTRACT §8.
import * as z from 'zod';
import { json, pathParams } from '#adapters/http.ts';
import { periodId } from '#domain/periods.ts';
import { staffApi } from '#functions/staff-api.ts';
import { rollup, submissions, type RollupPorts } from './rollup.ts';

export const periodParams = z.object({ periodId });

export function rollupApi(ports: RollupPorts) {
  return staffApi<'rollup'>({
    'GET /v1/periods/{periodId}/summary': async (event) => json(200, await rollup(ports, pathParams(event, periodParams).periodId)),
    'GET /v1/periods/{periodId}/submissions': async (event) => json(200, await submissions(ports, pathParams(event, periodParams).periodId)),
  });
}
