// POST and GET /v1/agencies/{agencyId}/periods/{periodId}/reports (staff).
import middy from '@middy/core';
import * as z from 'zod';
import { agencyAccess, httpErrors, json, parseJson, parseWith, pathParams, rawBody, type HttpEvent, type HttpResult } from '#adapters/http.ts';
import { agencyPeriodParams } from '#functions/summary/summary.ts';
import { renderReport, reportFileName, type ReportPorts } from './render-report.ts';

export const renderRequest = z.strictObject({ deliver: z.boolean().default(true) });
const DOWNLOAD_LINK_SECONDS = 300;

export function reportsHandler(ports: ReportPorts) {
  return middy<HttpEvent, HttpResult>()
    .use(httpErrors())
    .use(agencyAccess())
    .handler(async (event) => {
      const { agencyId, periodId } = pathParams(event, agencyPeriodParams);
      if (event.requestContext.http.method === 'POST') {
        const text = rawBody(event);
        const { deliver } = parseWith(renderRequest, text.trim() === '' ? {} : parseJson(text));
        const outcome = await renderReport(ports, { agencyId, periodId, trigger: 'staff', deliver });
        return json(outcome.created ? 201 : 200, { created: outcome.created, report: outcome.report, deliveries: outcome.deliveries });
      }
      const [versions, deliveries] = await Promise.all([ports.versions.listVersions(agencyId, periodId), ports.deliveries.listDeliveries(agencyId, periodId)]);
      const expiresAt = new Date(ports.now().getTime() + DOWNLOAD_LINK_SECONDS * 1000).toISOString();
      const reports = await Promise.all(
        versions.map(async (report) => ({
          ...report,
          downloads: {
            docx: await ports.files.downloadUrl(report.files.docx.key, reportFileName(report, 'docx'), DOWNLOAD_LINK_SECONDS),
            pdf: await ports.files.downloadUrl(report.files.pdf.key, reportFileName(report, 'pdf'), DOWNLOAD_LINK_SECONDS),
            expiresAt,
          },
          deliveries: deliveries.filter((d) => d.version === report.version),
        })),
      );
      return json(200, { agencyId, periodId, reports });
    });
}
