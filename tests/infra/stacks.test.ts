import { gunzipSync } from 'node:zlib';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { TABLE_KEYS } from '../../infra/local/table.ts';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCchcStacks, type CchcStacks, defaultMailFrom, defaultStaffOrigin } from '../../infra/aws/cchc-app.ts';
import { lambdaFontDir, repoRoot, reportFontFiles } from '../../infra/aws/cchc-function.ts';
import type { FunctionName } from '../../infra/aws/stateless-stack.ts';
import { CONFIG_ENV, type ConfigKey, configEnv } from '../../shared/adapters/config.ts';

// One synth (with real esbuild bundling of every function) shared by all tests: it is the slow part.
const staffOrigin = 'https://staff.test.gov.vn';
const mailFrom = 'bao-cao@test.gov.vn';
let outdir: string;
let app: App;
let stacks: CchcStacks;
let assemblyDir: string;
let stateful: Template;
let stateless: Template;

/** The context `cdk synth` passes: cdk.json's, feature flags included, so the tests see the templates a deploy gets. */
const cdkJsonContext = (JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'cchc-cdk-'));
  app = new App({ outdir, context: { ...cdkJsonContext, staffOrigin, mailFrom } });
  stacks = addCchcStacks(app);
  // Throws when cdk-nag (a validation plugin) reports any unacknowledged finding.
  assemblyDir = app.synth().directory;
  stateful = Template.fromStack(stacks.stateful);
  stateless = Template.fromStack(stacks.stateless);
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

function logicalIdOf(name: FunctionName): string {
  const fn = stacks.stateless.functions[name];
  return stacks.stateless.getLogicalId(fn.node.defaultChild as CfnFunction);
}

function functionProps(name: FunctionName): Record<string, any> {
  return (stateless.toJSON().Resources[logicalIdOf(name)] as Resource).Properties;
}

/** Flattens the intrinsic functions of an ARN into a readable string. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, any>;
  if (v['Fn::Join']) return (v['Fn::Join'][1] as unknown[]).map(render).join(v['Fn::Join'][0]);
  if (v['Fn::ImportValue']) return `<import:${v['Fn::ImportValue']}>`;
  if (v['Fn::GetAtt']) return `<${v['Fn::GetAtt'][0]}.${v['Fn::GetAtt'][1]}>`;
  if (v.Ref) return `<${v.Ref}>`;
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

function asList<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

/** Every statement of the inline policies attached to a function's role. */
function statementsOf(name: FunctionName): Statement[] {
  const roleId = stacks.stateless.getLogicalId(stacks.stateless.functions[name].role!.node.defaultChild as any);
  const policies = Object.values(stateless.findResources('AWS::IAM::Policy')) as Resource[];
  return policies
    .filter((p) => (p.Properties.Roles as unknown[]).some((r) => render(r) === `<${roleId}>`))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

function actionsOf(name: FunctionName): string[] {
  return statementsOf(name).flatMap((s) => asList(s.Action));
}

/** The resources (rendered) on which a function's role may perform an action. */
function resourcesFor(name: FunctionName, action: string): string[] {
  return statementsOf(name)
    .filter((s) => asList(s.Action).includes(action))
    .flatMap((s) => asList(s.Resource).map(render));
}

/**
 * The settings a handler loads: the keys of the loadConfig calls in its entry file and in the function
 * modules it imports (`./…`, `#functions/…`), e.g. close-period's through reports/report-ports.ts.
 */
function settingsLoadedBy(entry: string): ConfigKey[] {
  const keys = new Set<ConfigKey>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const call of source.matchAll(/loadConfig\(\[([^\]]*)\]/g)) {
      for (const key of call[1]!.matchAll(/'(\w+)'/g)) keys.add(key[1] as ConfigKey);
    }
    for (const from of source.matchAll(/from '(\.\/[^']+|#functions\/[^']+)'/g)) {
      const specifier = from[1]!;
      visit(specifier.startsWith('#functions/') ? join(repoRoot, 'functions', specifier.slice('#functions/'.length)) : join(dirname(file), specifier));
    }
  };
  visit(join(repoRoot, entry));
  return [...keys].sort();
}

const exportOf = (logicalIdPrefix: string) => new RegExp(`^<import:CchcReportStateful:ExportsOutput\\w*${logicalIdPrefix}`);
const tableWriteActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

describe('stateful stack', () => {
  it('has one on-demand table with PITR, deletion protection, pk/sk, gsi1 and the expiresAt TTL, retained', () => {
    stateful.resourceCountIs('AWS::DynamoDB::Table', 1);
    const [table] = Object.values(stateful.findResources('AWS::DynamoDB::Table')) as Resource[];
    expect(table!.DeletionPolicy).toBe('Retain');
    expect(table!.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      // the same keys and index as the local table the tests run against
      KeySchema: TABLE_KEYS.KeySchema,
      GlobalSecondaryIndexes: TABLE_KEYS.GlobalSecondaryIndexes,
      AttributeDefinitions: expect.arrayContaining(TABLE_KEYS.AttributeDefinitions),
    });
  });

  it('blocks public access, encrypts and refuses plain HTTP on every bucket', () => {
    const buckets = stateful.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(3);
    for (const bucket of Object.values(buckets) as Resource[]) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
        SSEAlgorithm: 'AES256',
      });
      expect(bucket.DeletionPolicy).toBe('Retain');
    }
    const tlsDenied = (Object.values(stateful.findResources('AWS::S3::BucketPolicy')) as Resource[]).filter((policy) =>
      (policy.Properties.PolicyDocument.Statement as Statement[]).some(
        (s) => s.Effect === 'Deny' && JSON.stringify(s.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}',
      ),
    );
    expect(tlsDenied).toHaveLength(3);
  });

  it('versions the reports bucket and logs access to both data buckets', () => {
    const reports = stateful.toJSON().Resources[stacks.stateful.getLogicalId(stacks.stateful.reportsBucket.node.defaultChild as any)] as Resource;
    expect(reports.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(reports.Properties.LoggingConfiguration).toMatchObject({ LogFilePrefix: 'reports/' });
    const uploads = stateful.toJSON().Resources[stacks.stateful.getLogicalId(stacks.stateful.uploadsBucket.node.defaultChild as any)] as Resource;
    expect(uploads.Properties.LoggingConfiguration).toMatchObject({ LogFilePrefix: 'uploads/' });
  });

  it('lets only the staff origin POST to the uploads bucket and expires incoming/ after 1 day, quarantine/ after 30', () => {
    const uploads = stateful.toJSON().Resources[stacks.stateful.getLogicalId(stacks.stateful.uploadsBucket.node.defaultChild as any)] as Resource;
    expect(uploads.Properties.CorsConfiguration.CorsRules).toEqual([
      expect.objectContaining({ AllowedOrigins: [staffOrigin], AllowedMethods: ['POST'] }),
    ]);
    const rules = uploads.Properties.LifecycleConfiguration.Rules as Array<Record<string, unknown>>;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Prefix: 'incoming/', ExpirationInDays: 1, Status: 'Enabled' }),
        expect.objectContaining({ Prefix: 'quarantine/', ExpirationInDays: 30, Status: 'Enabled' }),
      ]),
    );
    expect(rules.some((r) => r.Prefix === 'attachments/')).toBe(false);
  });

  it('keeps the events HMAC key in Secrets Manager', () => {
    stateful.resourceCountIs('AWS::SecretsManager::Secret', 1);
    stateful.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 48 }),
    });
  });

  it('has a staff user pool without self sign-up, with a strong password policy, MFA and the Plus plan', () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      MfaConfiguration: 'ON',
      UserPoolTier: 'PLUS',
      DeletionProtection: 'ACTIVE',
    });
    stateful.hasResourceProperties('AWS::Cognito::UserPoolClient', { GenerateSecret: false, WriteAttributes: ['email'] });
  });

  it("names each staff member's agency in a custom attribute users cannot write, and has the all-agencies group", () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([Match.objectLike({ Name: 'agencyId', AttributeDataType: 'String', Mutable: true })]),
    });
    stateful.hasResourceProperties('AWS::Cognito::UserPoolClient', { ReadAttributes: Match.arrayWith(['custom:agencyId']) });
    for (const group of ['cchc-admin', 'cchc-province', 'cchc-leader']) stateful.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
  });

  it('verifies the mail-from address as an SES identity (context mailFrom)', () => {
    stateful.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: mailFrom });
  });
});

describe('stateless stack: functions', () => {
  const names: FunctionName[] = [
    'ingest',
    'apply',
    'summary',
    'profile',
    'sections',
    'reports',
    'closePeriod',
    'uploads',
    'uploadCheck',
    'parked',
    'redrive',
    'openapi',
  ];

  it.each(names)('%s runs nodejs22.x on arm64 with an ESM bundle, no X-Ray (README, deviations) and its own log group', (name) => {
    const props = functionProps(name);
    expect(props.Runtime).toBe('nodejs22.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.Handler).toBe('index.handler');
    expect(props.TracingConfig).toBeUndefined();
    expect(props.LoggingConfig).toMatchObject({ LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } });
    // The OpenAPI function reads no data, so it has no table (least privilege below).
    if (name !== 'openapi') expect(render(props.Environment.Variables.TABLE_NAME)).toMatch(exportOf('Table'));
  });

  it('gives each function the environment of the interface table', () => {
    const env = (name: FunctionName) => functionProps(name).Environment.Variables as Record<string, unknown>;
    expect(render(env('ingest').QUEUE_URL)).toMatch(/^<EventsQueue/);
    expect(render(env('ingest').EVENTS_HMAC_SECRET_ARN)).toMatch(exportOf('EventsHmacSecret'));
    for (const name of ['reports', 'closePeriod'] as const) {
      expect(render(env(name).REPORTS_BUCKET)).toMatch(exportOf('ReportsBucket'));
      expect(env(name).MAIL_FROM).toBe(mailFrom);
      expect(env(name).REPORT_FONT_DIR).toBe('/var/task/fonts');
      expect(functionProps(name)).toMatchObject({ MemorySize: 1024, Timeout: 60 });
    }
    for (const name of ['uploads', 'uploadCheck'] as const) {
      expect(render(env(name).UPLOADS_BUCKET)).toMatch(exportOf('UploadsBucket'));
    }
    for (const name of ['ingest', 'apply', 'summary', 'profile', 'sections', 'uploads', 'uploadCheck', 'parked', 'redrive', 'openapi'] as const) {
      expect(env(name).REPORT_FONT_DIR).toBeUndefined();
    }
  });

  it("sets exactly the settings each handler loads, under CONFIG_ENV's names", () => {
    // Set without being read; kept so that moving the stack into constructs changed no template.
    const unread: Partial<Record<FunctionName, ConfigKey[]>> = { ingest: ['tableName'] };
    const runtimeVariables = ['NODE_OPTIONS', 'REPORT_FONT_DIR'];
    for (const [name, fn] of Object.entries(stacks.stateless.functions) as [FunctionName, (typeof stacks.stateless.functions)[FunctionName]][]) {
      const loaded = settingsLoadedBy(fn.entry);
      if (name !== 'openapi') expect(loaded, `${name} loads its settings with loadConfig`).not.toEqual([]);
      expect(loaded.filter((key) => unread[name]?.includes(key)), name).toEqual([]);
      const variables = Object.keys(functionProps(name).Environment.Variables as object).filter((v) => !runtimeVariables.includes(v));
      const expected = Object.keys(configEnv(Object.fromEntries([...loaded, ...(unread[name] ?? [])].map((key) => [key, '']))));
      expect(variables.sort(), name).toEqual(expected.sort());
      expect([...fn.configKeys].sort(), name).toEqual([...loaded, ...(unread[name] ?? [])].sort());
    }
  });

  it('names no setting variable in the infrastructure code (they come from CONFIG_ENV through configEnv)', () => {
    const infraDir = join(repoRoot, 'infra/aws');
    for (const file of readdirSync(infraDir).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(join(infraDir, file), 'utf8');
      for (const variable of Object.values(CONFIG_ENV)) {
        expect(source, `${file} names ${variable}`).not.toMatch(new RegExp(`['"\`]${variable}['"\`]`));
      }
    }
  });

  it('bundles the Tinos fonts with the report functions only, and defines require in the ESM bundles', () => {
    const bundleDir = (name: FunctionName) =>
      join(assemblyDir, (stacks.stateless.functions[name].node.findChild('Code') as Asset).assetPath);
    expect(lambdaFontDir).toBe('/var/task/fonts');
    for (const name of ['reports', 'closePeriod'] as const) {
      const fonts = join(bundleDir(name), 'fonts');
      expect(readdirSync(fonts).sort()).toEqual(reportFontFiles.map((f) => `${f.split('/')[1]}.gz`).sort());
      for (const file of reportFontFiles) {
        const original = readFileSync(join(repoRoot, 'node_modules/@expo-google-fonts/tinos', file));
        expect(gunzipSync(readFileSync(join(fonts, `${file.split('/')[1]!}.gz`))).equals(original)).toBe(true);
      }
    }
    for (const name of ['ingest', 'uploads'] as const) {
      expect(readdirSync(bundleDir(name))).not.toContain('fonts');
    }
    const bundle = readFileSync(join(bundleDir('reports'), 'index.mjs'), 'utf8');
    expect(bundle.split('\n')[0]).toContain('createRequire');
    expect(bundle.split('\n')[0]).toContain('const require =');
  });
});

describe('stateless stack: events queue', () => {
  it('redrives to the DLQ after 5 receives and hides messages for at least 6x the apply timeout', () => {
    const queueId = stacks.stateless.getLogicalId(stacks.stateless.eventsQueue.node.defaultChild as any);
    const dlqId = stacks.stateless.getLogicalId(stacks.stateless.eventsDeadLetterQueue.node.defaultChild as any);
    const queue = (stateless.toJSON().Resources[queueId] as Resource).Properties;
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 });
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * functionProps('apply').Timeout);
  });

  it('encrypts every queue and refuses plain HTTP', () => {
    const queues = Object.values(stateless.findResources('AWS::SQS::Queue')) as Resource[];
    expect(queues).toHaveLength(3);
    for (const queue of queues) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    const tlsDenied = (Object.values(stateless.findResources('AWS::SQS::QueuePolicy')) as Resource[]).filter((policy) =>
      (policy.Properties.PolicyDocument.Statement as Statement[]).some(
        (s) => s.Effect === 'Deny' && JSON.stringify(s.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}',
      ),
    );
    expect(tlsDenied).toHaveLength(3);
  });

  it('feeds apply in batches of 1000 with a 1 s window and partial batch failures', () => {
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalIdOf('apply') },
      EventSourceArn: {
        'Fn::GetAtt': [stacks.stateless.getLogicalId(stacks.stateless.eventsQueue.node.defaultChild as any), 'Arn'],
      },
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    stateless.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
  });
});

describe('stateless stack: HTTP API', () => {
  const staffRoutes = [
    'GET /v1/agencies/{agencyId}/periods/{periodId}/summary',
    'GET /v1/agencies/{agencyId}',
    'PUT /v1/agencies/{agencyId}',
    'PUT /v1/agencies/{agencyId}/periods/{periodId}/sections/{sectionKey}',
    'POST /v1/agencies/{agencyId}/periods/{periodId}/reports',
    'GET /v1/agencies/{agencyId}/periods/{periodId}/reports',
    'POST /v1/agencies/{agencyId}/uploads',
    'GET /v1/agencies/{agencyId}/uploads/{uploadId}',
    'GET /v1/agencies/{agencyId}/periods/{periodId}/uploads',
    'GET /v1/agencies/{agencyId}/events/parked',
  ];
  const publicRoutes = ['POST /v1/events', 'GET /v1/openapi.json'];
  const routes = () =>
    new Map(
      (Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')) as Resource[]).map((r) => [
        r.Properties.RouteKey as string,
        r.Properties,
      ]),
    );

  it('has exactly the contract routes', () => {
    expect([...routes().keys()].sort()).toEqual([...staffRoutes, ...publicRoutes].sort());
  });

  it('puts the Cognito JWT authorizer on every staff route and none on POST /v1/events and GET /v1/openapi.json', () => {
    const [authorizerId] = Object.keys(stateless.findResources('AWS::ApiGatewayV2::Authorizer'));
    for (const key of staffRoutes) {
      expect(routes().get(key), key).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
    }
    for (const key of publicRoutes) {
      expect(routes().get(key), key).toMatchObject({ AuthorizationType: 'NONE' });
      expect(routes().get(key)!.AuthorizerId, key).toBeUndefined();
    }
  });

  it('checks tokens against the staff user pool and its web client', () => {
    const [authorizer] = Object.values(stateless.findResources('AWS::ApiGatewayV2::Authorizer')) as Resource[];
    expect(authorizer!.Properties.AuthorizerType).toBe('JWT');
    expect(render(authorizer!.Properties.JwtConfiguration.Issuer)).toMatch(
      /^https:\/\/cognito-idp\.<AWS::Region>\.amazonaws\.com\/<import:CchcReportStateful:ExportsOutputRefStaffUserPool/,
    );
    expect(authorizer!.Properties.JwtConfiguration.Audience.map(render)).toEqual([
      expect.stringMatching(exportOf('StaffUserPoolStaffWebClient')),
    ]);
  });

  it('routes each path to its function', () => {
    const integrationTarget = (routeKey: string) => {
      const target = render(routes().get(routeKey)!.Target); // integrations/<IntegrationId>
      const integrationId = target.replace(/^integrations\/<(.+)>$/, '$1');
      return render((stateless.toJSON().Resources[integrationId] as Resource).Properties.IntegrationUri);
    };
    expect(integrationTarget('POST /v1/events')).toBe(`<${logicalIdOf('ingest')}.Arn>`);
    expect(integrationTarget('GET /v1/agencies/{agencyId}/periods/{periodId}/summary')).toBe(`<${logicalIdOf('summary')}.Arn>`);
    expect(integrationTarget('PUT /v1/agencies/{agencyId}')).toBe(`<${logicalIdOf('profile')}.Arn>`);
    expect(integrationTarget('PUT /v1/agencies/{agencyId}/periods/{periodId}/sections/{sectionKey}')).toBe(
      `<${logicalIdOf('sections')}.Arn>`,
    );
    expect(integrationTarget('POST /v1/agencies/{agencyId}/periods/{periodId}/reports')).toBe(`<${logicalIdOf('reports')}.Arn>`);
    expect(integrationTarget('GET /v1/agencies/{agencyId}/uploads/{uploadId}')).toBe(`<${logicalIdOf('uploads')}.Arn>`);
    expect(integrationTarget('GET /v1/agencies/{agencyId}/events/parked')).toBe(`<${logicalIdOf('parked')}.Arn>`);
    expect(integrationTarget('GET /v1/openapi.json')).toBe(`<${logicalIdOf('openapi')}.Arn>`);
  });

  it('logs access and throttles on the default stage; CORS allows the staff origin', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
      DefaultRouteSettings: Match.objectLike({ ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 }),
    });
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: [staffOrigin] }),
    });
  });
});

describe('stateless stack: triggers', () => {
  it('notifies upload-check of objects created under incoming/ only', () => {
    const [notifications] = Object.values(stateless.findResources('Custom::S3BucketNotifications')) as Resource[];
    expect(render(notifications!.Properties.BucketName)).toMatch(exportOf('UploadsBucket'));
    expect(notifications!.Properties.NotificationConfiguration).toEqual({
      LambdaFunctionConfigurations: [
        {
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } },
          LambdaFunctionArn: { 'Fn::GetAtt': [logicalIdOf('uploadCheck'), 'Arn'] },
        },
      ],
    });
  });

  it('closes the period at 07:00 Vietnam time on the 15th of Mar/Jun/Sep/Dec with retries and a DLQ', () => {
    const dlqId = stacks.stateless.getLogicalId(stacks.stateless.periodCloseDeadLetterQueue.node.defaultChild as any);
    stateless.resourceCountIs('AWS::Scheduler::Schedule', 1);
    stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 7 15 3,6,9,12 ? *)',
      ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
      State: 'ENABLED',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [logicalIdOf('closePeriod'), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
      }),
    });
    const [schedule] = Object.values(stateless.findResources('AWS::Scheduler::Schedule')) as Resource[];
    expect(JSON.parse(schedule!.Properties.Target.Input)).toEqual({ scheduledTime: '<aws.scheduler.scheduled-time>' });
  });

  it('sends failed asynchronous close-period runs to the same DLQ', () => {
    const dlqId = stacks.stateless.getLogicalId(stacks.stateless.periodCloseDeadLetterQueue.node.defaultChild as any);
    stateless.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalIdOf('closePeriod') },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
    });
  });
});

describe('stateless stack: least privilege', () => {
  it('ingest may queue events and read the secret, but not touch the table or the buckets', () => {
    expect(resourcesFor('ingest', 'sqs:SendMessage')).toEqual([expect.stringMatching(/^<EventsQueue\w+\.Arn>$/)]);
    expect(resourcesFor('ingest', 'secretsmanager:GetSecretValue')).toEqual([expect.stringMatching(exportOf('EventsHmacSecret'))]);
    expect(actionsOf('ingest').filter((a) => a.startsWith('dynamodb:') || a.startsWith('s3:'))).toEqual([]);
  });

  it('apply writes the table and nothing else; summary only reads it', () => {
    expect(actionsOf('apply')).toEqual(expect.arrayContaining(tableWriteActions));
    expect(actionsOf('apply').filter((a) => a.startsWith('s3:') || a.startsWith('sqs:Send'))).toEqual([]);
    expect(actionsOf('summary')).toContain('dynamodb:Query');
    expect(actionsOf('summary').filter((a) => tableWriteActions.includes(a))).toEqual([]);
  });

  it('parked only reads the table; redrive writes it and touches nothing else', () => {
    const otherServices = (a: string) => /^(s3|sqs|ses|secretsmanager):/.test(a);
    expect(actionsOf('parked')).toContain('dynamodb:Query');
    expect(actionsOf('parked').filter((a) => tableWriteActions.includes(a) || otherServices(a))).toEqual([]);
    expect(actionsOf('redrive')).toEqual(expect.arrayContaining([...tableWriteActions, 'dynamodb:Query', 'dynamodb:BatchGetItem']));
    expect(actionsOf('redrive').filter(otherServices)).toEqual([]);
    // no route: an operator invokes it, and it may take a while over many parked events
    expect(functionProps('redrive').Timeout).toBe(300);
    const outputs = stateless.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.RedriveFunctionName!.Value).toEqual({ Ref: logicalIdOf('redrive') });
    expect(outputs.EventsDeadLetterQueueUrl!.Value).toEqual({ Ref: stacks.stateless.getLogicalId(stacks.stateless.eventsDeadLetterQueue.node.defaultChild as any) });
  });

  it('openapi may touch no data: no table, bucket, queue, secret or mail', () => {
    expect(actionsOf('openapi').filter((a) => /^(dynamodb|s3|sqs|ses|secretsmanager):/.test(a))).toEqual([]);
  });

  it('uploads may put objects under incoming/ only and read none', () => {
    expect(resourcesFor('uploads', 's3:PutObject')).toEqual([expect.stringMatching(/UploadsBucket\w*>\/incoming\/\*$/)]);
    expect(actionsOf('uploads').filter((a) => a.startsWith('s3:Get') || a.startsWith('s3:Delete'))).toEqual([]);
  });

  it('upload-check reads and deletes incoming/ and writes attachments/ and quarantine/ only', () => {
    const objectPrefixes = (action: string) =>
      resourcesFor('uploadCheck', action)
        .filter((r) => r.includes('/'))
        .map((r) => r.replace(/^<import:[^>]+>\//, ''))
        .sort();
    expect(objectPrefixes('s3:GetObject*')).toEqual(['incoming/*']);
    expect(objectPrefixes('s3:DeleteObject*')).toEqual(['incoming/*']);
    expect(objectPrefixes('s3:PutObject')).toEqual(['attachments/*', 'quarantine/*']);
    for (const statement of statementsOf('uploadCheck')) {
      for (const resource of asList(statement.Resource).map(render)) {
        if (resource.includes('UploadsBucket')) expect(resource).toMatch(/UploadsBucket\w*>(\/(incoming|attachments|quarantine)\/\*)?$/);
      }
    }
  });

  it('the report functions may mail from the mail-from identity only and use the reports bucket', () => {
    for (const name of ['reports', 'closePeriod'] as const) {
      expect(resourcesFor(name, 'ses:SendEmail')).toEqual([expect.stringMatching(/:identity\/<import:[^>]*MailFromIdentity/)]);
      expect(resourcesFor(name, 's3:PutObject').sort()).toEqual([
        expect.stringMatching(/ReportsBucket\w*>$/),
        expect.stringMatching(/ReportsBucket\w*>\/\*$/),
      ]);
      expect(actionsOf(name)).toEqual(expect.arrayContaining(tableWriteActions));
    }
    const others: FunctionName[] = ['ingest', 'apply', 'summary', 'profile', 'sections', 'uploads', 'uploadCheck', 'parked', 'redrive', 'openapi'];
    for (const name of others) expect(actionsOf(name).filter((a) => a.startsWith('ses:'))).toEqual([]);
  });

  it('roles carry no AWS managed policies', () => {
    for (const name of ['ingest', 'reports', 'uploadCheck'] as const) {
      const roleId = stacks.stateless.getLogicalId(stacks.stateless.functions[name].role!.node.defaultChild as any);
      expect((stateless.toJSON().Resources[roleId] as Resource).Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('stateless stack: alarms', () => {
  const alarms = () => Object.values(stateless.findResources('AWS::CloudWatch::Alarm')) as Resource[];

  it('alarms when either dead-letter queue holds a message', () => {
    for (const queue of [stacks.stateless.eventsDeadLetterQueue, stacks.stateless.periodCloseDeadLetterQueue]) {
      const queueId = stacks.stateless.getLogicalId(queue.node.defaultChild as any);
      const alarm = alarms().find(
        (a) =>
          a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          JSON.stringify(a.Properties.Dimensions) ===
            JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }]),
      );
      expect(alarm?.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [expect.anything()] });
    }
  });

  it('alarms on the errors of every function', () => {
    const errorAlarms = alarms().filter((a) => a.Properties.MetricName === 'Errors');
    const alarmed = errorAlarms.map((a) => a.Properties.Dimensions[0].Value.Ref as string).sort();
    const names = Object.keys(stacks.stateless.functions) as FunctionName[];
    expect(alarmed).toEqual(names.map(logicalIdOf).sort());
    for (const a of errorAlarms) expect(a.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
  });
});

describe('stateless stack: logical IDs', () => {
  it('keeps those whose change would replace what a replacement loses: the API URL, queued messages, logs, the alarm topic', () => {
    // The stack's concerns group constructs but do not name resources (infra/aws/concern.ts).
    const kept = [
      'ApiF70053CD',
      'ApiDefaultStage829AE46A',
      'ApiAccessLogsE9DF007D',
      'EventsQueueB96EB0D2',
      'EventsDeadLetterQueue404572C7',
      'PeriodCloseDeadLetterQueueCCED8321',
      'IngestFunctionLogsAF4D8C26',
      'ApplyFunctionLogs2C4DC86C',
      'SummaryFunctionLogs95120D7C',
      'ProfileFunctionLogs18A3ECCA',
      'SectionsFunctionLogs188C2865',
      'ReportsFunctionLogs6FB7553F',
      'ClosePeriodFunctionLogs5EDAA66A',
      'UploadsFunctionLogs9FE2605A',
      'UploadCheckFunctionLogs8A7B41BF',
      'ParkedFunctionLogsEFB598FE',
      'RedriveFunctionLogs96AEEB16',
      'AlarmTopicKey57B0D3A7',
      'AlarmTopicD01E77F9',
    ];
    expect(Object.keys(stateless.toJSON().Resources)).toEqual(expect.arrayContaining(kept));
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged finding on the app', () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    const findings = report.violations.map((v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
  });

  it('does report findings on an unhardened bucket (the check is live)', () => {
    const control = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    new Bucket(new Stack(control, 'Control'), 'Plain');
    const rules = new AwsSolutionsChecks().validateScope(control).violations.map((v) => v.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  });
});

describe('context defaults', () => {
  it('uses the default staff origin and mail-from when the context gives none', () => {
    // Bundling skipped: only the templates are looked at.
    const bare = new App({ outdir: mkdtempSync(join(tmpdir(), 'cchc-cdk-')), context: { 'aws:cdk:bundling-stacks': [] } });
    const defaults = addCchcStacks(bare);
    Template.fromStack(defaults.stateful).hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedOrigins: [defaultStaffOrigin] })] },
    });
    Template.fromStack(defaults.stateful).hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: defaultMailFrom });
    rmSync(bare.outdir, { recursive: true, force: true });
  });
});
