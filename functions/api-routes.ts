// The HTTP API's routes, the function behind each and who may call it: one table for the CDK
// stack, the local router, the staff API's access check (functions/staff-api.ts) and the OpenAPI
// document (functions/openapi/openapi-document.ts), so the local API is the deployed one, no staff
// route can skip the check and the document describes it. A route open to anyone says why in
// `publicBecause` (the stack gives it to cdk-nag as the reason the route has no authorizer).
import { EXCERPT_READERS, ISSUERS, LEADERS, PROVINCE, READERS, WRITERS, type Role } from '#domain/access.ts';

export const API_ROUTES = [
  {
    method: 'POST',
    path: '/v1/events',
    function: 'ingest',
    staff: false,
    publicBecause:
      'it is called by the one-stop-shop and e-office systems, not staff; each request is authenticated by its HMAC-SHA256 signature and timestamp in the handler (CONTRACT §4).',
  },
  { method: 'GET', path: '/v1/agencies/{agencyId}/periods/{periodId}/summary', function: 'summary', staff: true, roles: READERS },
  { method: 'PUT', path: '/v1/agencies/{agencyId}', function: 'profile', staff: true, roles: LEADERS },
  { method: 'GET', path: '/v1/agencies/{agencyId}', function: 'profile', staff: true, roles: READERS },
  { method: 'PUT', path: '/v1/agencies/{agencyId}/periods/{periodId}/sections/{sectionKey}', function: 'sections', staff: true, roles: WRITERS },
  { method: 'GET', path: '/v1/agencies/{agencyId}/periods/{periodId}/sections', function: 'sections', staff: true, roles: READERS },
  { method: 'POST', path: '/v1/agencies/{agencyId}/periods/{periodId}/reports', function: 'reports', staff: true, roles: WRITERS },
  { method: 'GET', path: '/v1/agencies/{agencyId}/periods/{periodId}/reports', function: 'reports', staff: true, roles: READERS },
  { method: 'POST', path: '/v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/submit', function: 'reports', staff: true, roles: WRITERS },
  { method: 'POST', path: '/v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/return', function: 'reports', staff: true, roles: LEADERS },
  { method: 'POST', path: '/v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/sign', function: 'reports', staff: true, roles: LEADERS },
  { method: 'POST', path: '/v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/issue', function: 'reports', staff: true, roles: ISSUERS },
  { method: 'POST', path: '/v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/deliveries/{recipient}/resend', function: 'reports', staff: true, roles: ISSUERS },
  { method: 'GET', path: '/v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/indicators.json', function: 'reports', staff: true, roles: READERS },
  {
    method: 'POST',
    path: '/v1/exchange/statuses',
    function: 'statuses',
    staff: false,
    publicBecause:
      'it is called by the province\'s document exchange gateway (LGSP), not staff; each status message is authenticated by its HMAC-SHA256 signature and timestamp in the handler, with the exchange\'s own secret (docs/contract.md §10).',
  },
  { method: 'POST', path: '/v1/agencies/{agencyId}/uploads', function: 'uploads', staff: true, roles: WRITERS },
  { method: 'GET', path: '/v1/agencies/{agencyId}/uploads/{uploadId}', function: 'uploads', staff: true, roles: READERS },
  { method: 'GET', path: '/v1/agencies/{agencyId}/periods/{periodId}/uploads', function: 'uploads', staff: true, roles: READERS },
  { method: 'GET', path: '/v1/agencies/{agencyId}/events/parked', function: 'parked', staff: true, roles: READERS },
  { method: 'GET', path: '/v1/agencies/{agencyId}/periods/{periodId}/form06.xlsx', function: 'form06', staff: true, roles: READERS },
  { method: 'GET', path: '/v1/periods/{periodId}/summary', function: 'rollup', staff: true, roles: PROVINCE },
  { method: 'GET', path: '/v1/periods/{periodId}/submissions', function: 'rollup', staff: true, roles: PROVINCE },
  { method: 'GET', path: '/v1/periods/{periodId}/form06.xlsx', function: 'form06', staff: true, roles: PROVINCE },
  // The reports function holds the issued narratives (reports bucket); the use case keeps staff and leaders to the province's agency.
  { method: 'GET', path: '/v1/periods/{periodId}/excerpts', function: 'reports', staff: true, roles: EXCERPT_READERS },
  {
    method: 'GET',
    path: '/v1/openapi.json',
    function: 'openapi',
    staff: false,
    publicBecause: 'it answers the API description integrators generate clients from, the docs/openapi.json of the repository; it reads no data.',
  },
] as const satisfies ReadonlyArray<{ method: string; path: string; function: string; staff: boolean; roles?: readonly Role[]; publicBecause?: string }>;

export type ApiRoute = (typeof API_ROUTES)[number];
export type ApiFunction = ApiRoute['function'];
export type StaffRoute = Extract<ApiRoute, { staff: true }>;
/** `METHOD /path`, as API Gateway and the local router name a route in `event.routeKey`. */
export type RouteKey<R extends ApiRoute = ApiRoute> = R extends ApiRoute ? `${R['method']} ${R['path']}` : never;
export type ApiRouteKey = RouteKey;

/** The `{name}` parameters of a route path. */
type ParamsOf<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamsOf<Rest> : never;
/** Every path parameter of the API. */
export type ApiPathParam = ParamsOf<ApiRoute['path']>;
/** The path parameters of one route, by name (`{ agencyId, periodId }`). */
export type RouteParams<K extends ApiRouteKey> = { [N in ParamsOf<K extends `${string} ${infer P}` ? P : never>]: string | number };

export const routeKey = (route: Pick<ApiRoute, 'method' | 'path'>) => `${route.method} ${route.path}` as ApiRouteKey;
