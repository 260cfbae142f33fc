// Every staff route is served through staffApi: errors answered in the contract's shape, the caller
// taken from the token, and the route table's roles and the caller's agency checked before any
// handler runs. A handler cannot forget the check; a route key the function does not serve is a 404.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { authorize, type Caller } from '#domain/access.ts';
import { callerOf, httpErrors, HttpError, type HttpEvent, type HttpResult } from '#adapters/http.ts';
import { log } from '#adapters/log.ts';
import { API_ROUTES, type ApiFunction, type RouteKey, type StaffRoute } from './api-routes.ts';

export type StaffRouteHandler = (event: HttpEvent, caller: Caller) => Promise<HttpResult>;

/** The staff route keys one function serves. */
export type StaffRoutesOf<F extends ApiFunction> = RouteKey<Extract<StaffRoute, { function: F }>>;

const STAFF_ROUTES = new Map<string, StaffRoute>(API_ROUTES.filter((r): r is StaffRoute => r.staff).map((r) => [`${r.method} ${r.path}`, r]));

/** The Lambda handler of a function's staff routes: one handler per route key, each behind the access check. */
export function staffApi<F extends ApiFunction>(handlers: { [K in StaffRoutesOf<F>]: StaffRouteHandler }) {
  const byKey = handlers as Record<string, StaffRouteHandler>;
  return middy<HttpEvent, HttpResult>()
    .use(injectLambdaContext(log))
    .use(httpErrors())
    .handler(async (event) => {
      const route = STAFF_ROUTES.get(event.routeKey);
      const handle = byKey[event.routeKey];
      if (!route || !handle) throw new HttpError(404, 'not_found', `No route ${event.routeKey}`);
      const caller = callerOf(event);
      authorize(caller, route.roles, event.pathParameters?.agencyId);
      return handle(event, caller);
    });
}
