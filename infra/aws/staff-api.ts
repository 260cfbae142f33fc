import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  type HttpRoute,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { API_ROUTES, routeKey, type ApiFunction } from '#functions/api-routes.ts';
import { CchcFunction } from './cchc-function.ts';
import { Concern } from './concern.ts';
import { RESERVED_CONCURRENCY } from './concurrency.ts';
import { API_FUNCTION_TIMEOUT } from './reports.ts';

export interface StaffApiProps {
  readonly userPool: IUserPool;
  /** The staff web app's client: the tokens' audience. */
  readonly userPoolClient: IUserPoolClient;
  /** Origin of the staff web app, allowed by CORS. */
  readonly staffOrigin: string;
  /** The function behind each route of API_ROUTES (functions/api-routes.ts, shared with the local router), but the API's own document. */
  readonly routeFunctions: Readonly<Record<Exclude<ApiFunction, 'openapi'>, IFunction>>;
  /** The stage name (`dev`, `prod`): in the API's name. */
  readonly stageName: string;
}

/** The whole API: requests a second on average, and in a burst. */
const API_THROTTLE = { rateLimit: 50, burstLimit: 100 };
/**
 * POST /v1/events, reached without a token (its HMAC is checked inside): held tighter, so a sender gone
 * wrong cannot take the staff routes' share. A batch holds up to 500 events, so 10 a second is 5 000 events.
 */
export const EVENTS_ROUTE_THROTTLE = { rateLimit: 10, burstLimit: 20 };
const EVENTS_ROUTE = 'POST /v1/events';

/**
 * One JSON line per request: who (the token's sub and custom:agencyId; empty on the public routes), what
 * (method, path, route), the answer (status, length, errors) and how long it took, so every staff action
 * leaves a per-user trail.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  sub: '$context.authorizer.claims.sub',
  agencyId: '$context.authorizer.claims.custom:agencyId',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
} as const;

/**
 * The HTTP API: every route of API_ROUTES to its function, each behind the staff user pool's JWT
 * authorizer unless the route says why not (`publicBecause`: POST /v1/events, authenticated by its HMAC
 * signature, and the OpenAPI document); a `$default` stage with throttling and access logs.
 */
export class StaffApi extends Concern {
  public readonly api: HttpApi;
  public readonly stage: HttpStage;
  /** GET /v1/openapi.json: the API's own description, bundled with the function. */
  public readonly openapi: CchcFunction;

  constructor(scope: Construct, id: string, props: StaffApiProps) {
    super(scope, id);
    this.openapi = new CchcFunction(this, 'OpenApiFunction', {
      entry: 'functions/openapi/openapi.handler.ts',
      description: 'GET /v1/openapi.json: the OpenAPI document of this API, bundled; reads no data',
      timeout: API_FUNCTION_TIMEOUT,
      reservedConcurrency: RESERVED_CONCURRENCY.openapi,
    });
    const routeFunctions: Record<ApiFunction, IFunction> = { ...props.routeFunctions, openapi: this.openapi };

    const staffAuthorizer = new HttpUserPoolAuthorizer('StaffAuthorizer', props.userPool, {
      userPoolClients: [props.userPoolClient],
    });
    this.api = new HttpApi(this, 'Api', {
      apiName: `cchc-report-${props.stageName}`,
      description: 'CCHC report API v1',
      createDefaultStage: false,
      // Every route needs a staff token unless the route table says why not (publicBecause).
      defaultAuthorizer: staffAuthorizer,
      corsPreflight: {
        allowOrigins: [props.staffOrigin],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT],
        allowHeaders: ['authorization', 'content-type'],
        maxAge: Duration.hours(1),
      },
    });
    // The audit trail of staff actions: kept a year, and kept when the stack goes.
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this, 'ApiDefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      // Per-route 5xx and latency for the alarms and the dashboard.
      detailedMetricsEnabled: true,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });


    // One integration per function, shared by its routes.
    const integrations = new Map<ApiFunction, HttpLambdaIntegration>();
    for (const route of API_ROUTES) {
      let integration = integrations.get(route.function);
      if (!integration) {
        const name = route.function[0]!.toUpperCase() + route.function.slice(1);
        integration = new HttpLambdaIntegration(`${name}Integration`, routeFunctions[route.function]);
        integrations.set(route.function, integration);
      }
      const added = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        // Staff routes keep the API's default JWT authorizer.
        ...(route.staff ? {} : { authorizer: new HttpNoneAuthorizer() }),
      });
      if (routeKey(route) === EVENTS_ROUTE) this.throttleEventsRoute(added);
      if (route.staff) continue;
      for (const machineRoute of added) {
        Validations.of(machineRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${routeKey(route)} has no authorizer: ${route.publicBecause}`,
        });
      }
    }
  }

  /** The stage's own throttle for POST /v1/events; the stage can name the route only once it exists. */
  private throttleEventsRoute(routes: readonly HttpRoute[]): void {
    (this.stage.node.defaultChild as CfnStage).routeSettings = {
      [EVENTS_ROUTE]: {
        ThrottlingRateLimit: EVENTS_ROUTE_THROTTLE.rateLimit,
        ThrottlingBurstLimit: EVENTS_ROUTE_THROTTLE.burstLimit,
        DetailedMetricsEnabled: true,
      },
    };
    for (const route of routes) this.stage.node.addDependency(route);
  }
}
