import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
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

export interface StaffApiProps {
  readonly userPool: IUserPool;
  /** The staff web app's client: the tokens' audience. */
  readonly userPoolClient: IUserPoolClient;
  /** Origin of the staff web app, allowed by CORS. */
  readonly staffOrigin: string;
  /** The function behind each route of API_ROUTES (functions/api-routes.ts, shared with the local router), but the API's own document. */
  readonly routeFunctions: Readonly<Record<Exclude<ApiFunction, 'openapi'>, IFunction>>;
}

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
    });
    const routeFunctions: Record<ApiFunction, IFunction> = { ...props.routeFunctions, openapi: this.openapi };

    const staffAuthorizer = new HttpUserPoolAuthorizer('StaffAuthorizer', props.userPool, {
      userPoolClients: [props.userPoolClient],
    });
    this.api = new HttpApi(this, 'Api', {
      apiName: 'cchc-report',
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
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'ApiDefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
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
      if (route.staff) continue;
      for (const machineRoute of added) {
        Validations.of(machineRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${routeKey(route)} has no authorizer: ${route.publicBecause}`,
        });
      }
    }
  }
}
