// GET /v1/periods/{periodId}/summary and …/submissions: path → use case → the shapes of CONTRACT §8.
import { json, pathParams } from '#adapters/http.ts';
import { rollup, submissions, type RollupPorts } from '#app/rollup.ts';
import { periodParams } from '#functions/api-schemas.ts';
import { staffApi } from '#functions/staff-api.ts';

export function rollupApi(ports: RollupPorts) {
  return staffApi<'rollup'>({
    'GET /v1/periods/{periodId}/summary': async (event) => json(200, await rollup(ports, pathParams(event, periodParams).periodId)),
    'GET /v1/periods/{periodId}/submissions': async (event) => json(200, await submissions(ports, pathParams(event, periodParams).periodId)),
  });
}
