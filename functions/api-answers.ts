// The JSON each route answers, as the use cases return it: the console's typed client
// (web/src/api.ts) reads its answer types here, so they follow the use cases' return types.
import type { Delivery } from '#domain/delivery.ts';
import type { IndicatorValuesDocument } from '#domain/indicator-values.ts';
import type { Excerpt } from '#domain/excerpts.ts';
import type { AgencyProfile } from '#domain/profile.ts';
import type { ProvinceSummary, Submission } from '#domain/rollup.ts';
import type { SummaryAnswer } from '#app/figures.ts';
import type { IssueOutcome, RenderOutcome, ReportListing, ReportVersion } from '#domain/report-version.ts';
import type { listParked } from './parked/parked.ts';
import type { PeriodSections, SectionText } from './sections/sections.ts';
import type { getUpload, listPeriodUploads } from './uploads/uploads.ts';
import type { UploadTicket } from '#domain/attachment-ports.ts';

type Answer<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

/** Every staff route's answer (web/src/api.ts indexes it by every staff route key, so one missing does not compile). */
export interface ApiAnswers {
  'GET /v1/agencies/{agencyId}/periods/{periodId}/summary': SummaryAnswer;
  'PUT /v1/agencies/{agencyId}': AgencyProfile;
  'GET /v1/agencies/{agencyId}': AgencyProfile;
  'PUT /v1/agencies/{agencyId}/periods/{periodId}/sections/{sectionKey}': SectionText;
  'GET /v1/agencies/{agencyId}/periods/{periodId}/sections': PeriodSections;
  'POST /v1/agencies/{agencyId}/periods/{periodId}/reports': RenderOutcome;
  'GET /v1/agencies/{agencyId}/periods/{periodId}/reports': ReportListing;
  'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/submit': { report: ReportVersion };
  'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/return': { report: ReportVersion };
  'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/sign': { report: ReportVersion };
  'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/issue': IssueOutcome;
  'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/deliveries/{recipient}/resend': { deliveries: Delivery[] };
  'GET /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/indicators.json': IndicatorValuesDocument;
  'POST /v1/agencies/{agencyId}/uploads': UploadTicket;
  'GET /v1/agencies/{agencyId}/uploads/{uploadId}': Answer<typeof getUpload>;
  'GET /v1/agencies/{agencyId}/periods/{periodId}/uploads': Answer<typeof listPeriodUploads>;
  'GET /v1/agencies/{agencyId}/events/parked': Answer<typeof listParked>;
  'GET /v1/agencies/{agencyId}/periods/{periodId}/form06.xlsx': Blob;
  'GET /v1/periods/{periodId}/summary': ProvinceSummary;
  'GET /v1/periods/{periodId}/submissions': Submission[];
  'GET /v1/periods/{periodId}/form06.xlsx': Blob;
  'GET /v1/periods/{periodId}/excerpts': Excerpt[];
}
