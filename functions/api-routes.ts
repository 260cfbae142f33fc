// The HTTP API's routes and the function behind each: one table for the CDK stack and the local
// router, so the local API is the deployed one.
export const API_ROUTES = [
  // Machine-to-machine: authenticated in the handler by the HMAC signature (CONTRACT §4).
  { method: 'POST', path: '/v1/events', function: 'ingest', staff: false },
  { method: 'GET', path: '/v1/agencies/{agencyId}/periods/{periodId}/summary', function: 'summary', staff: true },
  { method: 'PUT', path: '/v1/agencies/{agencyId}', function: 'profile', staff: true },
  { method: 'GET', path: '/v1/agencies/{agencyId}', function: 'profile', staff: true },
  { method: 'PUT', path: '/v1/agencies/{agencyId}/periods/{periodId}/sections/{sectionKey}', function: 'sections', staff: true },
  { method: 'POST', path: '/v1/agencies/{agencyId}/periods/{periodId}/reports', function: 'reports', staff: true },
  { method: 'GET', path: '/v1/agencies/{agencyId}/periods/{periodId}/reports', function: 'reports', staff: true },
  { method: 'POST', path: '/v1/agencies/{agencyId}/uploads', function: 'uploads', staff: true },
  { method: 'GET', path: '/v1/agencies/{agencyId}/uploads/{uploadId}', function: 'uploads', staff: true },
  { method: 'GET', path: '/v1/agencies/{agencyId}/periods/{periodId}/uploads', function: 'uploads', staff: true },
  { method: 'GET', path: '/v1/agencies/{agencyId}/events/parked', function: 'parked', staff: true },
] as const;

export type ApiRoute = (typeof API_ROUTES)[number];
export type ApiFunction = ApiRoute['function'];
