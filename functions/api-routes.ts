// The HTTP API's routes, the function behind each and who may call it: one table for the CDK
// stack, the local router and the staff API's access check (functions/staff-api.ts), so the local
// API is the deployed one and no staff route can skip the check.
import { LEADERS, READERS, WRITERS, type Role } from '#domain/access.ts';

export const API_ROUTES = [
  // Machine-to-machine: authenticated in the handler by the HMAC signature (CONTRACT §4).
  { method: 'POST', path: '/v1/events', function: 'ingest', staff: false },
  { method: 'GET', path: '/v1/agencies/{agencyId}/periods/{periodId}/summary', function: 'summary', staff: true, roles: READERS },
  { method: 'PUT', path: '/v1/agencies/{agencyId}', function: 'profile', staff: true, roles: LEADERS },
  { method: 'GET', path: '/v1/agencies/{agencyId}', function: 'profile', staff: true, roles: READERS },
  { method: 'PUT', path: '/v1/agencies/{agencyId}/periods/{periodId}/sections/{sectionKey}', function: 'sections', staff: true, roles: WRITERS },
  { method: 'POST', path: '/v1/agencies/{agencyId}/periods/{periodId}/reports', function: 'reports', staff: true, roles: WRITERS },
  { method: 'GET', path: '/v1/agencies/{agencyId}/periods/{periodId}/reports', function: 'reports', staff: true, roles: READERS },
  { method: 'POST', path: '/v1/agencies/{agencyId}/uploads', function: 'uploads', staff: true, roles: WRITERS },
  { method: 'GET', path: '/v1/agencies/{agencyId}/uploads/{uploadId}', function: 'uploads', staff: true, roles: READERS },
  { method: 'GET', path: '/v1/agencies/{agencyId}/periods/{periodId}/uploads', function: 'uploads', staff: true, roles: READERS },
  { method: 'GET', path: '/v1/agencies/{agencyId}/events/parked', function: 'parked', staff: true, roles: READERS },
] as const satisfies ReadonlyArray<{ method: string; path: string; function: string; staff: boolean; roles?: readonly Role[] }>;

export type ApiRoute = (typeof API_ROUTES)[number];
export type ApiFunction = ApiRoute['function'];
export type StaffRoute = Extract<ApiRoute, { staff: true }>;
/** `METHOD /path`, as API Gateway names a route in `event.routeKey`. */
export type RouteKey<R extends ApiRoute = ApiRoute> = R extends ApiRoute ? `${R['method']} ${R['path']}` : never;
