// GET …/form06.xlsx of an agency and of the province: path → use case → the workbook, base64 in the
// Lambda answer (API Gateway sends the bytes).
import { fileResult, pathParams } from '#adapters/http.ts';
import { staffApi } from '#functions/staff-api.ts';
import { agencyPeriodParams, periodParams } from '#functions/api-schemas.ts';
import { agencyForm06, provinceForm06, type Form06Ports } from './form06.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function form06Api(ports: Form06Ports) {
  return staffApi<'form06'>({
    'GET /v1/agencies/{agencyId}/periods/{periodId}/form06.xlsx': async (event) => {
      const { agencyId, periodId } = pathParams(event, agencyPeriodParams);
      return fileResult(await agencyForm06(ports, agencyId, periodId), XLSX, `bieu-06-${agencyId}-${periodId}.xlsx`);
    },
    'GET /v1/periods/{periodId}/form06.xlsx': async (event) => {
      const { periodId } = pathParams(event, periodParams);
      return fileResult(await provinceForm06(ports, periodId), XLSX, `bieu-06-${periodId}.xlsx`);
    },
  });
}
