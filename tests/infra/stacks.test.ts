import { DELIVER_MAX_RECEIVES } from '#functions/deliver/deliver-edge.ts';
import { CLOSE_MAX_RECEIVES, CLOSE_RENDER_CONCURRENCY } from '#functions/close-render/close-render-edge.ts';
import { CLOSE_CLAIM_STALE_MS } from '#functions/close-render/close-render.ts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { App, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { TABLE_KEYS } from '../../infra/local/table.ts';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCchcStacks, type CchcStacks } from '../../infra/aws/cchc-app.ts';
import { lambdaFontDir, repoRoot, reportFontFiles } from '../../infra/aws/cchc-function.ts';
import { APPLY_MAX_CONCURRENCY, RESERVED_CONCURRENCY } from '../../infra/aws/concurrency.ts';
import { ACCESS_LOG_FIELDS, EVENTS_ROUTE_THROTTLE } from '../../infra/aws/staff-api.ts';
import type { FunctionName } from '../../infra/aws/stateless-stack.ts';
import { API_ROUTES } from '../../functions/api-routes.ts';
import { CONFIG_ENV, type ConfigKey, configEnv } from '../../shared/adapters/config.ts';

// One synth of the production stage (with real esbuild bundling of every function) shared by all tests: it is the slow part.
const staffOrigin = 'https://staff.test.gov.vn';
const mailDomain = 'test.gov.vn';
const mailFrom = 'bao-cao@test.gov.vn';
const alarmEmail = 'truc-van-hanh@test.gov.vn';
const account = '111122223333';
/** The partition of an ARN as the template writes it: a literal once the region is known (feature flag), else a reference. */
const partition = '(aws|<AWS::Partition>)';
const loginDomainPrefix = 'cchc-report-test';
/** A leader of SKHCN who signs with a key of their own (a Cognito sub). */
const LEADER_SUB = '3f6c2a9e-5b1d-4c7a-9e2f-8a1b2c3d4e5f';
const prodContext = { stage: 'prod', account, region: 'ap-southeast-1', staffOrigin, mailDomain, mailFrom, alarmEmail, loginDomainPrefix, signingAgencies: 'SKHCN,SGDDT', signingLeaders: `SKHCN:${LEADER_SUB}` };
let outdir: string;
let app: App;
let stacks: CchcStacks;
let stateful: Template;
let stateless: Template;
/** The cloud assembly of `infra/aws/app.ts` with real esbuild bundling, made in a child process. */
let bundledSynth: Promise<string>;

/** The context `cdk synth` passes: cdk.json's, feature flags included, so the tests see the templates a deploy gets. */
const cdkJsonContext = (JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'cchc-cdk-'));
  // Bundling the seventeen functions takes minutes on a busy machine; done in-process it would block this
  // worker past vitest's RPC timeout. The app entry synthesizes them in a child process, as `cdk synth`
  // runs it (CDK_OUTDIR, CDK_CONTEXT_JSON), while the templates are checked here without bundling.
  bundledSynth = promisify(execFile)(process.execPath, ['--import', 'tsx', 'infra/aws/app.ts'], {
    cwd: repoRoot,
    env: { ...process.env, CDK_OUTDIR: join(outdir, 'bundled'), CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJsonContext, ...prodContext }) },
    maxBuffer: 64 * 1024 * 1024,
  }).then(() => join(outdir, 'bundled'));
  app = new App({ outdir: join(outdir, 'templates'), context: { ...cdkJsonContext, ...prodContext, 'aws:cdk:bundling-stacks': [] } });
  stacks = addCchcStacks(app);
  // Throws when cdk-nag (a validation plugin) reports any unacknowledged finding.
  app.synth();
  stateful = Template.fromStack(stacks.stateful);
  stateless = Template.fromStack(stacks.stateless);
});

afterAll(async () => {
  await bundledSynth.catch(() => undefined);
  rmSync(outdir, { recursive: true, force: true });
});

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };
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

/** The writes apply and the close make (TransactWriteItems is authorized as these, item by item). */
const tableWriteActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
/** Every table write there is: a read-only function has none of them. */
const anyTableWrite = [...tableWriteActions, 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

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
 * The settings a handler loads: the keys of the `required(config, […])` calls in its entry file and in
 * the modules it imports (`./…`, `#functions/…`, `#adapters/…`), e.g. close-period's through shared/adapters/report-ports.ts.
 */
function settingsLoadedBy(entry: string): ConfigKey[] {
  const keys = new Set<ConfigKey>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const call of source.matchAll(/required\(config, \[([^\]]*)\]/g)) {
      for (const key of call[1]!.matchAll(/'(\w+)'/g)) keys.add(key[1] as ConfigKey);
    }
    for (const from of source.matchAll(/from '(\.\/[^']+|#functions\/[^']+|#adapters\/[^']+)'/g)) {
      const specifier = from[1]!;
      const [alias, dir] = specifier.startsWith('#functions/') ? ['#functions/', 'functions'] : specifier.startsWith('#adapters/') ? ['#adapters/', 'shared/adapters'] : [undefined, undefined];
      visit(alias ? join(repoRoot, dir!, specifier.slice(alias.length)) : join(dirname(file), specifier));
    }
  };
  visit(join(repoRoot, entry));
  return [...keys].sort();
}

const exportOf = (logicalIdPrefix: string) => new RegExp(`^<import:CchcReport-prod-Stateful:ExportsOutput\\w*${logicalIdPrefix}`);

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

  it('versions the reports bucket, locks every version for ten years (governance) and logs access to both data buckets', () => {
    const reports = stateful.toJSON().Resources[stacks.stateful.getLogicalId(stacks.stateful.reportsBucket.node.defaultChild as any)] as Resource;
    expect(reports.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(reports.Properties.ObjectLockEnabled).toBe(true);
    expect(reports.Properties.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 3650 } } });
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

  it('keeps a current and a previous HMAC key per sender in Secrets Manager, retained', () => {
    const secrets = Object.values(stateful.findResources('AWS::SecretsManager::Secret')) as Resource[];
    expect(secrets).toHaveLength(2);
    for (const secret of secrets) {
      expect(secret.DeletionPolicy).toBe('Retain');
      expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 48, GenerateStringKey: 'current', SecretStringTemplate: '{"previous":""}' });
    }
    expect(secrets.map((s) => s.Properties.Description).sort()).toEqual([expect.stringContaining('e-office'), expect.stringContaining('one-stop-shop')]);
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
  });

  it('signs the console in with the authorization code flow only (PKCE, no secret), openid email profile, at the console origin', () => {
    const [client] = Object.values(stateful.findResources('AWS::Cognito::UserPoolClient')) as Resource[];
    expect(client!.Properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [`${staffOrigin}/`],
      LogoutURLs: [`${staffOrigin}/`],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
    });
    // staff change neither their agency nor their e-mail
    expect(client!.Properties.WriteAttributes ?? []).toEqual([]);
  });

  it('mails staff invitations and codes through SES from the mail domain, in Vietnamese', () => {
    const [pool] = Object.values(stateful.findResources('AWS::Cognito::UserPool')) as Resource[];
    expect(pool!.Properties.EmailConfiguration).toMatchObject({ EmailSendingAccount: 'DEVELOPER', From: expect.stringContaining(mailFrom) });
    expect(render(pool!.Properties.EmailConfiguration.ConfigurationSet)).toMatch(/^<MailConfigurationSet\w+>$/);
    expect(render(pool!.Properties.EmailConfiguration.SourceArn)).toMatch(new RegExp(`^arn:${partition}:ses:ap-southeast-1:${account}:identity/${mailDomain}$`));
    const invitation = pool!.Properties.AdminCreateUserConfig.InviteMessageTemplate;
    expect(invitation.EmailSubject).toBe('Tài khoản hệ thống báo cáo cải cách hành chính');
    expect(invitation.EmailMessage).toContain('Tên đăng nhập: {username}');
    expect(invitation.EmailMessage).toContain('Mật khẩu tạm thời: {####}');
    expect(pool!.Properties.VerificationMessageTemplate).toMatchObject({ EmailSubject: 'Mã xác minh hệ thống báo cáo cải cách hành chính', EmailMessage: expect.stringContaining('{####}') });
  });

  it("names each staff member's agency in a custom attribute users cannot write, and has the all-agencies group", () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([Match.objectLike({ Name: 'agencyId', AttributeDataType: 'String', Mutable: true })]),
    });
    stateful.hasResourceProperties('AWS::Cognito::UserPoolClient', { ReadAttributes: Match.arrayWith(['custom:agencyId']) });
    for (const group of ['cchc-admin', 'cchc-province', 'cchc-leader', 'cchc-clerk']) stateful.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
  });

  it('mails from a domain identity with Easy DKIM, a custom MAIL FROM and the configuration set', () => {
    stateful.resourceCountIs('AWS::SES::EmailIdentity', 1);
    stateful.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: mailDomain,
      DkimAttributes: { SigningEnabled: true },
      MailFromAttributes: Match.objectLike({ MailFromDomain: `mail.${mailDomain}` }),
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: Match.anyValue() } },
    });
  });

  it('publishes the bounces and complaints of the configuration set to an encrypted topic only SES of this account may use', () => {
    stateful.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'cchc-report-prod',
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    const [destination] = Object.values(stateful.findResources('AWS::SES::ConfigurationSetEventDestination')) as Resource[];
    expect(destination!.Properties.EventDestination).toMatchObject({ Enabled: true, MatchingEventTypes: ['bounce', 'complaint'] });
    expect(render(destination!.Properties.EventDestination.SnsDestination.TopicARN)).toMatch(/^<MailEventsTopic/);
    const keyPolicy = (Object.values(stateful.findResources('AWS::KMS::Key')) as Resource[])[0]!.Properties.KeyPolicy.Statement as Statement[];
    const forSes = keyPolicy.find((st) => JSON.stringify(st).includes('ses.amazonaws.com'));
    expect(forSes?.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': account },
      ArnLike: { 'aws:SourceArn': expect.anything() },
    });
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
    'closeRender',
    'uploads',
    'uploadCheck',
    'uploadSweep',
    'parked',
    'redrive',
    'openapi',
    'rollup',
    'form06',
    'mailEvents',
  ];

  it.each(names)('%s runs nodejs22.x on arm64 with an ESM bundle, no X-Ray (docs/architecture.md, deviations) and its own log group', (name) => {
    const props = functionProps(name);
    expect(props.Runtime).toBe('nodejs22.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.Handler).toBe('index.handler');
    expect(props.TracingConfig).toBeUndefined();
    expect(props.LoggingConfig).toMatchObject({ LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } });
    // The OpenAPI function reads no data, so it has no table (least privilege below).
    // Ingest and the OpenAPI function read no table (least privilege below).
    if (name !== 'openapi' && name !== 'ingest') expect(render(props.Environment.Variables.TABLE_NAME)).toMatch(exportOf('Table'));
  });

  it('gives each function the environment of the interface table', () => {
    const env = (name: FunctionName) => functionProps(name).Environment.Variables as Record<string, unknown>;
    expect(render(env('ingest').QUEUE_URL)).toMatch(/^<EventsQueue/);
    expect(render(env('ingest').ONE_STOP_SHOP_HMAC_KEYS_ARN)).toMatch(exportOf('EventsHmacKeysonestopshop'));
    expect(render(env('ingest').E_OFFICE_HMAC_KEYS_ARN)).toMatch(exportOf('EventsHmacKeyseoffice'));
    for (const name of ['reports', 'closePeriod', 'closeRender'] as const) {
      expect(render(env(name).REPORTS_BUCKET)).toMatch(exportOf('ReportsBucket'));
      expect(env(name).MAIL_FROM).toBe(mailFrom);
      // the reports function names the configuration set (its ports are the report functions') but mails nothing itself (no ses:SendEmail below)
      expect(render(env(name).MAIL_CONFIGURATION_SET)).toMatch(exportOf('MailConfigurationSet'));
      expect(env(name).REPORT_FONT_DIR).toBe('/var/task/fonts');
      expect(functionProps(name)).toMatchObject({ MemorySize: 1024, Timeout: { reports: 20, closePeriod: 300, closeRender: CLOSE_CLAIM_STALE_MS / 1000 }[name] });
    }
    expect(render(env('closePeriod').CLOSE_QUEUE_URL)).toMatch(/^<CloseTasksQueue/);
    // the leaders of the deadline reminders come from the staff user pool; no other function reads it
    expect(render(env('closePeriod').USER_POOL_ID)).toMatch(exportOf('StaffUserPool'));
    expect(env('closeRender').USER_POOL_ID).toBeUndefined();
    for (const name of ['uploads', 'uploadCheck'] as const) {
      expect(render(env(name).UPLOADS_BUCKET)).toMatch(exportOf('UploadsBucket'));
    }
    for (const name of ['ingest', 'apply', 'summary', 'profile', 'sections', 'uploads', 'uploadCheck', 'uploadSweep', 'parked', 'redrive', 'openapi', 'mailEvents', 'rollup', 'form06'] as const) {
      expect(env(name).REPORT_FONT_DIR).toBeUndefined();
    }
  });

  it('keeps every function behind the API well under the 30 s the HTTP API waits', () => {
    const apiFunctions = [...new Set(API_ROUTES.map((route) => route.function))];
    expect(apiFunctions.sort()).toEqual(['form06', 'ingest', 'openapi', 'parked', 'profile', 'reports', 'rollup', 'sections', 'statuses', 'summary', 'uploads']);
    for (const name of apiFunctions) expect(functionProps(name).Timeout, name).toBeLessThanOrEqual(20);
    expect(functionProps('reports').Timeout).toBe(20);
    // not behind the API: the daily run opens the close run and queues its tasks, then does the day's duties
    expect(functionProps('closePeriod').Timeout).toBe(300);
  });

  it('reserves concurrency for every function, within what an account can reserve', () => {
    for (const name of names) expect(functionProps(name).ReservedConcurrentExecutions, name).toBe(RESERVED_CONCURRENCY[name]);
    const reserved = names.reduce((sum, name) => sum + RESERVED_CONCURRENCY[name], 0);
    // AWS keeps 100 of an account's usual 1 000 unreserved
    expect(reserved).toBeLessThanOrEqual(900);
    expect(RESERVED_CONCURRENCY.apply).toBeGreaterThanOrEqual(APPLY_MAX_CONCURRENCY);
  });

  it('keeps the log groups when the stack goes', () => {
    for (const name of names) {
      const logGroupId = functionProps(name).LoggingConfig.LogGroup.Ref as string;
      expect((stateless.toJSON().Resources[logGroupId] as Resource).DeletionPolicy, name).toBe('Retain');
    }
  });

  it("sets exactly the settings each handler loads, under CONFIG_ENV's names", () => {
    const runtimeVariables = ['NODE_OPTIONS', 'REPORT_FONT_DIR'];
    for (const [name, fn] of Object.entries(stacks.stateless.functions) as [FunctionName, (typeof stacks.stateless.functions)[FunctionName]][]) {
      const loaded = settingsLoadedBy(fn.entry);
      if (name !== 'openapi') expect(loaded, `${name} loads its settings with required(config, …)`).not.toEqual([]);
      const variables = Object.keys(functionProps(name).Environment.Variables as object).filter((v) => !runtimeVariables.includes(v));
      const expected = Object.keys(configEnv(Object.fromEntries(loaded.map((key) => [key, '']))));
      expect(variables.sort(), name).toEqual(expected.sort());
      expect([...fn.configKeys].sort(), name).toEqual(loaded);
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

  it('bundles the Tinos fonts with the report functions only, and defines require in the ESM bundles (the app entry, synthesized with bundling)', async () => {
    const assemblyDir = await bundledSynth;
    const bundled = JSON.parse(readFileSync(join(assemblyDir, `${stacks.stateless.stackName}.template.json`), 'utf8')) as { Resources: Record<string, Resource> };
    // The function's code asset, by its logical ID (the same in both syntheses): asset.<hash> beside the template.
    const bundleDir = (name: FunctionName) => join(assemblyDir, `asset.${(bundled.Resources[logicalIdOf(name)]!.Properties.Code.S3Key as string).replace(/\.zip$/, '')}`);
    expect(lambdaFontDir).toBe('/var/task/fonts');
    for (const name of ['reports', 'closeRender'] as const) {
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
  }, 600_000);
});

describe('stateless stack: events queue', () => {
  it('redrives to the DLQ after 5 receives and hides messages for at least 6x the apply timeout', () => {
    const queueId = stacks.stateless.getLogicalId(stacks.stateless.eventsQueue.node.defaultChild as any);
    const dlqId = stacks.stateless.getLogicalId(stacks.stateless.eventsDeadLetterQueue.node.defaultChild as any);
    const queue = (stateless.toJSON().Resources[queueId] as Resource).Properties;
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 });
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * functionProps('apply').Timeout);
  });

  it('keeps accepted events 14 days in the queue and its DLQ, and both when the stack goes', () => {
    for (const queue of [stacks.stateless.eventsQueue, stacks.stateless.eventsDeadLetterQueue]) {
      const resource = stateless.toJSON().Resources[stacks.stateless.getLogicalId(queue.node.defaultChild as any)] as Resource;
      expect(resource.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
      expect(resource.DeletionPolicy).toBe('Retain');
    }
  });

  it('encrypts every queue and refuses plain HTTP', () => {
    const queues = Object.values(stateless.findResources('AWS::SQS::Queue')) as Resource[];
    // events, close tasks, delivery, and their dead-letter queues; the period close's and the upload check's
    expect(queues).toHaveLength(8);
    for (const queue of queues) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    const tlsDenied = (Object.values(stateless.findResources('AWS::SQS::QueuePolicy')) as Resource[]).filter((policy) =>
      (policy.Properties.PolicyDocument.Statement as Statement[]).some(
        (s) => s.Effect === 'Deny' && JSON.stringify(s.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}',
      ),
    );
    expect(tlsDenied).toHaveLength(8);
  });

  it('feeds apply in batches of 5000 with a 1 s window and partial batch failures', () => {
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalIdOf('apply') },
      EventSourceArn: {
        'Fn::GetAtt': [stacks.stateless.getLogicalId(stacks.stateless.eventsQueue.node.defaultChild as any), 'Arn'],
      },
      BatchSize: 5000,
      MaximumBatchingWindowInSeconds: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      // more consumers only conflict on one agency's counter items (bench)
      ScalingConfig: { MaximumConcurrency: APPLY_MAX_CONCURRENCY },
    });
    // apply, close-render and the delivery worker
    stateless.resourceCountIs('AWS::Lambda::EventSourceMapping', 3);
  });
});

describe('stateless stack: HTTP API', () => {
  const staffRoutes = [
    'GET /v1/agencies/{agencyId}/periods/{periodId}/summary',
    'GET /v1/agencies/{agencyId}',
    'PUT /v1/agencies/{agencyId}',
    'PUT /v1/agencies/{agencyId}/periods/{periodId}/sections/{sectionKey}',
    'GET /v1/agencies/{agencyId}/periods/{periodId}/sections',
    'POST /v1/agencies/{agencyId}/periods/{periodId}/reports',
    'GET /v1/agencies/{agencyId}/periods/{periodId}/reports',
    'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/submit',
    'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/return',
    'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/sign',
    'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/issue',
    'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/deliveries/{recipient}/resend',
    'GET /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/indicators.json',
    'POST /v1/agencies/{agencyId}/uploads',
    'GET /v1/agencies/{agencyId}/uploads/{uploadId}',
    'GET /v1/agencies/{agencyId}/periods/{periodId}/uploads',
    'GET /v1/agencies/{agencyId}/events/parked',
    'GET /v1/agencies/{agencyId}/periods/{periodId}/form06.xlsx',
    'GET /v1/periods/{periodId}/summary',
    'GET /v1/periods/{periodId}/submissions',
    'GET /v1/periods/{periodId}/form06.xlsx',
    'GET /v1/periods/{periodId}/excerpts',
  ];
  const publicRoutes = ['POST /v1/events', 'POST /v1/exchange/statuses', 'GET /v1/openapi.json'];
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
      /^https:\/\/cognito-idp\.ap-southeast-1\.amazonaws\.com\/<import:CchcReport-prod-Stateful:ExportsOutputRefStaffUserPool/,
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

  it('logs access and throttles on the default stage, POST /v1/events tighter; CORS allows the staff origin', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
      DefaultRouteSettings: Match.objectLike({ ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50, DetailedMetricsEnabled: true }),
      RouteSettings: {
        'POST /v1/events': { ThrottlingRateLimit: EVENTS_ROUTE_THROTTLE.rateLimit, ThrottlingBurstLimit: EVENTS_ROUTE_THROTTLE.burstLimit, DetailedMetricsEnabled: true },
      },
    });
    expect(EVENTS_ROUTE_THROTTLE.rateLimit).toBeLessThan(50);
    // the stage names the route: it is deployed after it
    const [stageId] = Object.keys(stateless.findResources('AWS::ApiGatewayV2::Stage'));
    const eventsRouteId = Object.entries(stateless.findResources('AWS::ApiGatewayV2::Route')).find(([, r]) => (r as Resource).Properties.RouteKey === 'POST /v1/events')![0];
    expect((stateless.toJSON().Resources[stageId!] as { DependsOn?: string[] }).DependsOn).toContain(eventsRouteId);
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      Name: 'cchc-report-prod',
      CorsConfiguration: Match.objectLike({ AllowOrigins: [staffOrigin] }),
    });
  });

  it('writes who, what, the answer and how long into every access log line', () => {
    const [stage] = Object.values(stateless.findResources('AWS::ApiGatewayV2::Stage')) as Resource[];
    const format = JSON.parse(stage!.Properties.AccessLogSettings.Format as string) as Record<string, string>;
    expect(format).toEqual(ACCESS_LOG_FIELDS);
    expect(format).toMatchObject({
      sub: '$context.authorizer.claims.sub',
      agencyId: '$context.authorizer.claims.custom:agencyId',
      method: '$context.httpMethod',
      path: '$context.path',
      status: '$context.status',
      latencyMs: '$context.responseLatency',
    });
    const logGroupId = render(stage!.Properties.AccessLogSettings.DestinationArn).replace(/^<(.+)\.Arn>$/, '$1');
    expect((stateless.toJSON().Resources[logGroupId] as Resource).DeletionPolicy).toBe('Retain');
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

  it('sends the S3 notifications upload-check failed on after 2 retries to its dead-letter queue', () => {
    const dlqId = stacks.stateless.getLogicalId(stacks.stateless.uploadCheckDeadLetterQueue.node.defaultChild as any);
    stateless.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalIdOf('uploadCheck') },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
    });
  });

  it('runs the upload sweep every 15 minutes', () => {
    stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(15 minutes)',
      State: 'ENABLED',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalIdOf('uploadSweep'), 'Arn'] } }),
    });
  });

  it('runs the close-period function daily at 07:00 Vietnam time (closes every 15th, deadlines and reminders) with retries and a DLQ', () => {
    const dlqId = stacks.stateless.getLogicalId(stacks.stateless.periodCloseDeadLetterQueue.node.defaultChild as any);
    stateless.resourceCountIs('AWS::Scheduler::Schedule', 2);
    stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 7 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
      State: 'ENABLED',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [logicalIdOf('closePeriod'), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
      }),
    });
    const close = (Object.values(stateless.findResources('AWS::Scheduler::Schedule')) as Resource[]).find((r) => r.Properties.ScheduleExpression.startsWith('cron'));
    expect(JSON.parse(close!.Properties.Target.Input)).toEqual({ scheduledTime: '<aws.scheduler.scheduled-time>' });
  });

  it('sends failed asynchronous close-period runs to the same DLQ', () => {
    const dlqId = stacks.stateless.getLogicalId(stacks.stateless.periodCloseDeadLetterQueue.node.defaultChild as any);
    stateless.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalIdOf('closePeriod') },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
    });
  });

  it('feeds mail-events from the SES events topic', () => {
    stateless.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [logicalIdOf('mailEvents'), 'Arn'] },
      TopicArn: { 'Fn::ImportValue': Match.stringLikeRegexp('MailEventsTopic') },
    });
  });
});

describe('stateless stack: fan-out close', () => {
  const tasksQueue = () => stacks.stateless.node.findAll().find((n) => n.node.id === 'CloseTasksQueue')!;
  const logicalIdOfNode = (id: string) => stacks.stateless.getLogicalId(stacks.stateless.node.findAll().find((n) => n.node.id === id)!.node.defaultChild as any);

  it('queues close tasks, parks them after CLOSE_MAX_RECEIVES receives and hides them for 6x the render timeout', () => {
    const queue = (stateless.toJSON().Resources[logicalIdOfNode('CloseTasksQueue')] as Resource).Properties;
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOfNode('CloseTasksDeadLetterQueue'), 'Arn'] }, maxReceiveCount: CLOSE_MAX_RECEIVES });
    expect(queue.VisibilityTimeout).toBe(6 * functionProps('closeRender').Timeout);
    expect(tasksQueue()).toBeDefined();
  });

  it('runs at most CLOSE_RENDER_CONCURRENCY render workers: reserved concurrency and the event source maxConcurrency, one task each', () => {
    expect(functionProps('closeRender').ReservedConcurrentExecutions).toBe(CLOSE_RENDER_CONCURRENCY);
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalIdOf('closeRender') },
      EventSourceArn: { 'Fn::GetAtt': [logicalIdOfNode('CloseTasksQueue'), 'Arn'] },
      BatchSize: 1,
      ScalingConfig: { MaximumConcurrency: CLOSE_RENDER_CONCURRENCY },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('alarms as soon as a close task is parked', () => {
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOfNode('CloseTasksDeadLetterQueue'), 'QueueName'] } }],
      Threshold: 0,
    });
  });

  it('the close-period function may queue close tasks and write the table; it renders and mails only for the daily duties, never signs', () => {
    // the tasks, the failed deliveries queued again, and its own failed asynchronous invocations to the period-close DLQ
    expect(resourcesFor('closePeriod', 'sqs:SendMessage').sort()).toEqual([
      expect.stringMatching(/^<CloseTasksQueue\w+\.Arn>$/),
      expect.stringMatching(/^<DeliveryQueue\w+\.Arn>$/),
      expect.stringMatching(/^<PeriodCloseDeadLetterQueue\w+\.Arn>$/),
    ]);
    expect(actionsOf('closePeriod')).toEqual(expect.arrayContaining(tableWriteActions));
    for (const name of ['closePeriod', 'closeRender'] as const) expect(actionsOf(name).filter((a) => a.startsWith('kms:')), name).toEqual([]);
  });
});

describe('stateless stack: the delivery (CONTRACT §10)', () => {
  it('the issue only queues (sqs:SendMessage on the delivery queue alone); the worker takes the queue, retries, then the DLQ with its alarm', () => {
    expect(resourcesFor('reports', 'sqs:SendMessage')).toEqual([expect.stringMatching(/^<DeliveryQueue\w+\.Arn>$/)]);
    expect(actionsOf('reports')).not.toContain('ses:SendEmail');
    expect(resourcesFor('deliver', 'ses:SendEmail')).toHaveLength(2);
    expect(resourcesFor('deliver', 'secretsmanager:GetSecretValue')).toEqual([expect.stringMatching(/^<ExchangeCredentials\w+>$/)]);
    expect(resourcesFor('statuses', 'secretsmanager:GetSecretValue')).toEqual([expect.stringMatching(/^<ExchangeStatusKeys\w+>$/)]);
    const queues = stateless.findResources('AWS::SQS::Queue');
    const [queueId, queue] = Object.entries(queues).find(([id]) => id.startsWith('DeliveryQueue'))!;
    expect(queue.Properties.RedrivePolicy).toMatchObject({ maxReceiveCount: DELIVER_MAX_RECEIVES });
    expect(queue.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0]).toMatch(/^DeliveryDeadLetterQueue/);
    const mappings = Object.values(stateless.findResources('AWS::Lambda::EventSourceMapping')).filter((m) => m.Properties.EventSourceArn['Fn::GetAtt']?.[0] === queueId);
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties).toMatchObject({ BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    const alarms = Object.values(stateless.findResources('AWS::CloudWatch::Alarm')).filter((a) => JSON.stringify(a.Properties.Dimensions ?? []).includes('DeliveryDeadLetterQueue'));
    expect(alarms).toHaveLength(1);
  });
});

describe('stateless stack: least privilege', () => {
  /** What each role may do besides writing its own logs: exactly the calls its adapters make. */
  const exactActions: Record<FunctionName, string[]> = {
    ingest: ['secretsmanager:GetSecretValue', 'sqs:SendMessage'],
    // the SQS actions are the event source mapping's, which reads the queue for the function
    apply: ['dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
    summary: ['dynamodb:Query'],
    profile: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    // GET lists the sections (Query), PUT writes one
    sections: ['dynamodb:PutItem', 'dynamodb:Query'],
    // kms:Sign: issuing signs the PDF with the agency's key; sqs:SendMessage queues the deliveries (it mails nothing itself: no ses:SendEmail)
    reports: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'kms:Sign', 's3:GetObject', 's3:PutObject', 'sqs:SendMessage'],
    // the delivery worker: the envelope signed with the agency's key, the exchange's credentials, the mail, the e-mail fallback queued; the other SQS actions are its event source mapping's
    deliver: [
      'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'kms:Sign', 's3:GetObject', 's3:PutObject', 'secretsmanager:GetSecretValue', 'ses:SendEmail',
      'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage', 'sqs:SendMessage',
    ],
    // the status intake: the exchange's keys, the delivery it names, the e-mail fallback queued
    statuses: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'secretsmanager:GetSecretValue', 'sqs:SendMessage'],
    // DeleteItem gives back a notice claim whose mail failed; the SQS actions queue the tasks and send failed asynchronous runs to the dead-letter queue
    // cognito-idp: the leaders of the deadline reminders (the pool's cchc-leader group)
    closePeriod: ['cognito-idp:ListUsersInGroup', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 's3:GetObject', 's3:PutObject', 'ses:SendEmail', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
    // the SQS actions are the close-task event source mapping's
    closeRender: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 's3:GetObject', 's3:PutObject', 'ses:SendEmail', 'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
    uploads: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 's3:PutObject'],
    uploadCheck: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 's3:DeleteObject', 's3:GetObject', 's3:PutObject', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
    uploadSweep: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 's3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject'],
    parked: ['dynamodb:Query'],
    redrive: ['dynamodb:BatchGetItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    openapi: [],
    mailEvents: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
    // the profiles list (gsi1), each agency's figures and versions
    rollup: ['dynamodb:Query'],
    // and one agency's profile
    form06: ['dynamodb:GetItem', 'dynamodb:Query'],
  };

  it.each(Object.keys(exactActions) as FunctionName[])('%s may make exactly the calls of its adapters, and write its own logs', (name) => {
    const actions = [...new Set(actionsOf(name))].sort();
    expect(actions.filter((a) => !a.startsWith('logs:')), name).toEqual(exactActions[name]);
    expect(actions.filter((a) => a.startsWith('logs:'))).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(resourcesFor(name, 'logs:PutLogEvents')).toEqual([`<${functionProps(name).LoggingConfig.LogGroup.Ref}.Arn>`]);
  });

  it('no role may scan, batch-write, read streams, or use a wildcard action', () => {
    for (const name of Object.keys(exactActions) as FunctionName[]) {
      for (const action of actionsOf(name)) expect(action, name).not.toMatch(/\*|Scan|BatchWriteItem|GetRecords|GetShardIterator|DescribeStream|ListStreams/);
    }
  });

  it('ingest may queue events and read the two senders\' keys, but not touch the table or the buckets', () => {
    expect(resourcesFor('ingest', 'sqs:SendMessage')).toEqual([expect.stringMatching(/^<EventsQueue\w+\.Arn>$/)]);
    expect(resourcesFor('ingest', 'secretsmanager:GetSecretValue').sort()).toEqual([
      expect.stringMatching(exportOf('EventsHmacKeyseoffice')),
      expect.stringMatching(exportOf('EventsHmacKeysonestopshop')),
    ]);
  });

  it('apply writes the table and nothing else; summary and the province functions only read it', () => {
    expect(actionsOf('apply')).toEqual(expect.arrayContaining(tableWriteActions));
    expect(actionsOf('apply').filter((a) => a.startsWith('s3:') || a.startsWith('sqs:Send'))).toEqual([]);
    for (const name of ['summary', 'rollup', 'form06'] as const) {
      expect(actionsOf(name)).toContain('dynamodb:Query');
      expect(actionsOf(name).filter((a) => anyTableWrite.includes(a))).toEqual([]);
    }
  });

  it('the table is granted itself, and gsi1 only to the functions that query it', () => {
    const table = expect.stringMatching(new RegExp(`${exportOf('Table').source}[^/]*$`));
    const index = expect.stringMatching(/\/index\/gsi1$/);
    for (const name of ['reports', 'closePeriod', 'closeRender', 'uploads', 'redrive', 'rollup', 'form06'] as const) {
      expect(resourcesFor(name, 'dynamodb:Query').sort(), name).toEqual([table, index]);
    }
    for (const name of ['summary', 'sections', 'parked', 'mailEvents'] as const) expect(resourcesFor(name, 'dynamodb:Query'), name).toEqual([table]);
  });

  it('redrive has no route: an operator invokes it, and it may take a while over many parked events', () => {
    expect(functionProps('redrive').Timeout).toBe(300);
    const outputs = stateless.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.RedriveFunctionName!.Value).toEqual({ Ref: logicalIdOf('redrive') });
    expect(outputs.EventsDeadLetterQueueUrl!.Value).toEqual({ Ref: stacks.stateless.getLogicalId(stacks.stateless.eventsDeadLetterQueue.node.defaultChild as any) });
  });

  it('uploads may put objects under incoming/ only', () => {
    expect(resourcesFor('uploads', 's3:PutObject')).toEqual([expect.stringMatching(/UploadsBucket\w*>\/incoming\/\*$/)]);
  });

  it('upload-check and the sweep read and delete incoming/ and write attachments/ and quarantine/ only; the sweep lists incoming/', () => {
    for (const name of ['uploadCheck', 'uploadSweep'] as const) {
      const objectPrefixes = (action: string) => resourcesFor(name, action).map((r) => r.replace(/^<import:[^>]+>\//, '')).sort();
      expect(objectPrefixes('s3:GetObject'), name).toEqual(['incoming/*']);
      expect(objectPrefixes('s3:DeleteObject'), name).toEqual(['incoming/*']);
      expect(objectPrefixes('s3:PutObject'), name).toEqual(['attachments/*', 'quarantine/*']);
    }
    const list = statementsOf('uploadSweep').find((st) => asList(st.Action).includes('s3:ListBucket'))!;
    expect(render(list.Resource)).toMatch(exportOf('UploadsBucket'));
    expect(list.Condition).toEqual({ StringLike: { 's3:prefix': ['incoming/*'] } });
  });

  it('the report functions may put and get under reports/ only, never erase a version or change its retention, and mail through the identity and configuration set', () => {
    for (const name of ['reports', 'closePeriod', 'closeRender', 'deliver'] as const) {
      expect(resourcesFor(name, 's3:PutObject')).toEqual([expect.stringMatching(/ReportsBucket\w*>\/reports\/\*$/)]);
      // the reports function also reads the signing certificates (signing/<agency>/certificate.pem)
      // and the signing images, accepted uploads (attachments/ of the uploads bucket)
      expect(resourcesFor(name, 's3:GetObject').sort()).toEqual([
        expect.stringMatching(/ReportsBucket\w*>\/reports\/\*$/),
        ...(name === 'reports' ? [expect.stringMatching(/ReportsBucket\w*>\/signing\/\*$/), expect.stringMatching(/UploadsBucket\w*>\/attachments\/\*$/)] : []),
        // the delivery worker reads the agency's certificate for the edXML signature
        ...(name === 'deliver' ? [expect.stringMatching(/ReportsBucket\w*>\/signing\/\*$/)] : []),
      ]);
      for (const forbidden of ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObjectRetention', 's3:PutObjectLegalHold', 's3:BypassGovernanceRetention']) {
        expect(actionsOf(name), `${name} ${forbidden}`).not.toContain(forbidden);
      }
      // the issue queues its deliveries: the reports function mails nothing itself
      if (name === 'reports') {
        expect(actionsOf(name)).not.toContain('ses:SendEmail');
        continue;
      }
      expect(resourcesFor(name, 'ses:SendEmail').sort()).toEqual([
        expect.stringMatching(new RegExp(`^arn:${partition}:ses:ap-southeast-1:${account}:configuration-set/<import:CchcReport-prod-Stateful:ExportsOutputRefMailConfigurationSet`)),
        expect.stringMatching(new RegExp(`^arn:${partition}:ses:ap-southeast-1:${account}:identity/<import:CchcReport-prod-Stateful:ExportsOutputRefMailDomainIdentity`)),
      ]);
    }
    const others: FunctionName[] = ['ingest', 'apply', 'summary', 'profile', 'sections', 'uploads', 'uploadCheck', 'uploadSweep', 'parked', 'redrive', 'openapi', 'rollup', 'form06', 'mailEvents', 'statuses'];
    for (const name of others) expect(actionsOf(name).filter((a) => a.startsWith('ses:'))).toEqual([]);
  });

  it('roles carry no AWS managed policies', () => {
    for (const name of ['ingest', 'reports', 'uploadCheck'] as const) {
      const roleId = stacks.stateless.getLogicalId(stacks.stateless.functions[name].role!.node.defaultChild as any);
      expect((stateless.toJSON().Resources[roleId] as Resource).Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('signing keys', () => {
  /** The signing keys (the stateful stack also has the SES events topic's key). */
  const keys = () => stateful.findResources('AWS::KMS::Key', { Properties: { KeyUsage: 'SIGN_VERIFY' } }) as Record<string, Resource>;
  const keyIdOf = (agencyId: string, leader?: string) =>
    stacks.stateful.getLogicalId(stacks.stateful.signingKeys.find((k) => k.agencyId === agencyId && k.leaderUserId === leader)!.key.node.defaultChild as any);

  it("has one retained asymmetric RSA-2048 signing key per signing agency and per signing leader (context signingAgencies, signingLeaders), under its alias", () => {
    expect(Object.keys(keys()).sort()).toEqual([keyIdOf('SGDDT'), keyIdOf('SKHCN'), keyIdOf('SKHCN', LEADER_SUB)].sort());
    const leaderKey = keys()[keyIdOf('SKHCN', LEADER_SUB)]!;
    expect(leaderKey.Properties).toMatchObject({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    expect(leaderKey.DeletionPolicy).toBe('Retain');
    stateful.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: `alias/cchc-report-signing/SKHCN/leaders/${LEADER_SUB}`,
      TargetKeyId: { 'Fn::GetAtt': [keyIdOf('SKHCN', LEADER_SUB), 'Arn'] },
    });
    for (const agencyId of ['SKHCN', 'SGDDT']) {
      const key = keys()[keyIdOf(agencyId)]!;
      expect(key.Properties).toMatchObject({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
      expect(key.DeletionPolicy).toBe('Retain');
      expect(key.UpdateReplacePolicy).toBe('Retain');
      stateful.hasResourceProperties('AWS::KMS::Alias', {
        AliasName: `alias/cchc-report-signing/${agencyId}`,
        TargetKeyId: { 'Fn::GetAtt': [keyIdOf(agencyId), 'Arn'] },
      });
    }
  });

  it('lets the reports function, and only its role, sign with the keys (kms:Sign, nothing else of KMS)', () => {
    const kmsActions = (statements: Statement[]) => statements.flatMap((s) => asList(s.Action)).filter((a) => a.startsWith('kms:'));
    expect([...new Set(kmsActions(statementsOf('reports')))]).toEqual(['kms:Sign']);
    // the delivery worker signs the edXML envelopes with the agencies' own keys, never a leader's
    expect([...new Set(kmsActions(statementsOf('deliver')))]).toEqual(['kms:Sign']);
    expect(resourcesFor('deliver', 'kms:Sign')).toHaveLength(2);
    const signable = resourcesFor('reports', 'kms:Sign');
    expect(signable).toHaveLength(3);
    for (const keyId of [keyIdOf('SKHCN'), keyIdOf('SGDDT'), keyIdOf('SKHCN', LEADER_SUB)]) expect(signable.filter((arn) => exportOf(keyId).test(arn))).toHaveLength(1);
    const reportsRole = stacks.stateless.getLogicalId(stacks.stateless.functions.reports.role!.node.defaultChild as any);
    for (const template of [stateful, stateless]) {
      for (const policy of Object.values(template.findResources('AWS::IAM::Policy')) as Resource[]) {
        const statements = policy.Properties.PolicyDocument.Statement as Statement[];
        if (kmsActions(statements).length === 0) continue;
        const deliverRole = stacks.stateless.getLogicalId(stacks.stateless.functions.deliver.role!.node.defaultChild as any);
        expect([`<${reportsRole}>`, `<${deliverRole}>`]).toContain((policy.Properties.Roles as unknown[]).map(render)[0]);
      }
    }
    // The key policies name no role: only the account, whose IAM policies then decide (the one above).
    for (const key of Object.values(keys())) {
      const principals = (key.Properties.KeyPolicy.Statement as Array<{ Principal: { AWS: unknown } }>).map((s) => render(s.Principal.AWS));
      expect(principals).toEqual([expect.stringMatching(new RegExp(`^arn:${partition}:iam::(${account}|<AWS::AccountId>):root$`))]);
    }
  });

  it('lets the reports function read the certificates in the reports bucket (signing/<agencyId>/certificate.pem)', () => {
    expect(resourcesFor('reports', 's3:GetObject')).toEqual(expect.arrayContaining([expect.stringMatching(/ReportsBucket\w*>\/signing\/\*$/)]));
    for (const name of ['closePeriod', 'closeRender'] as const) expect(resourcesFor(name, 's3:GetObject').filter((r) => r.includes('signing/')), name).toEqual([]);
  });

  it('refuses a signing leader of an agency that does not sign, or whose id cannot name a key', () => {
    const app = (signingLeaders: string) => new App({ context: { 'aws:cdk:bundling-stacks': [], signingAgencies: 'SKHCN', signingLeaders } });
    expect(() => addCchcStacks(app('STP:abc'))).toThrow('context signingLeaders: "STP:abc" names STP, which is not in signingAgencies');
    expect(() => addCchcStacks(app('SKHCN:a b'))).toThrow('context signingLeaders: "SKHCN:a b" is not AGENCY:userId');
    expect(() => addCchcStacks(app('SKHCN:abc,SKHCN:abc'))).toThrow('context signingLeaders names a leader twice');
  });

  it('refuses a signing agency that is not an agency id', () => {
    const bad = new App({ context: { 'aws:cdk:bundling-stacks': [], signingAgencies: 'SKHCN,SỞ TƯ PHÁP' } });
    expect(() => addCchcStacks(bad)).toThrow('context signingAgencies: "SỞ TƯ PHÁP" is not an agency id');
  });
});

describe('stateless stack: alarms', () => {
  const alarms = () => Object.values(stateless.findResources('AWS::CloudWatch::Alarm')) as Resource[];
  const topicId = () => stacks.stateless.getLogicalId(stacks.stateless.alarms.topic.node.defaultChild as any);

  it("lets this account's CloudWatch alarms, and only them, publish to the encrypted topic; the alarm e-mail subscribes", () => {
    const [policy] = Object.values(stateless.findResources('AWS::SNS::TopicPolicy')) as Resource[];
    const statements = policy!.Properties.PolicyDocument.Statement as Array<Statement & { Principal?: unknown }>;
    const allow = statements.find((st) => st.Effect === 'Allow');
    expect(allow).toMatchObject({ Action: 'sns:Publish', Principal: { Service: 'cloudwatch.amazonaws.com' }, Resource: { Ref: topicId() } });
    const condition = allow!.Condition as { StringEquals: Record<string, string>; ArnLike: Record<string, unknown> };
    expect(condition.StringEquals).toEqual({ 'aws:SourceAccount': account });
    expect(render(condition.ArnLike['aws:SourceArn'])).toMatch(new RegExp(`^arn:${partition}:cloudwatch:ap-southeast-1:${account}:alarm:\\*$`));
    expect(statements.some((st) => st.Effect === 'Deny' && JSON.stringify(st.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}')).toBe(true);
    const keyStatements = (Object.values(stateless.findResources('AWS::KMS::Key')) as Resource[])[0]!.Properties.KeyPolicy.Statement as Statement[];
    const forCloudWatch = keyStatements.find((st) => JSON.stringify(st).includes('cloudwatch.amazonaws.com'));
    expect(forCloudWatch?.Condition).toEqual(allow!.Condition);
    stateless.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: alarmEmail, TopicArn: { Ref: topicId() } });
    for (const alarm of alarms()) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId() }]);
  });

  const alarmOn = (metricName: string, namespace?: string) =>
    alarms().filter((a) => a.Properties.MetricName === metricName && (namespace === undefined || a.Properties.Namespace === namespace));

  it('alarms when any dead-letter queue holds a message', () => {
    for (const queue of [stacks.stateless.eventsDeadLetterQueue, stacks.stateless.periodCloseDeadLetterQueue, stacks.stateless.uploadCheckDeadLetterQueue]) {
      const queueId = stacks.stateless.getLogicalId(queue.node.defaultChild as any);
      const alarm = alarmOn('ApproximateNumberOfMessagesVisible').find(
        (a) => JSON.stringify(a.Properties.Dimensions) === JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }]),
      );
      expect(alarm?.Properties, queueId).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    }
  });

  it('alarms when the oldest event has waited 15 minutes (apply stalled)', () => {
    const queueId = stacks.stateless.getLogicalId(stacks.stateless.eventsQueue.node.defaultChild as any);
    expect(alarmOn('ApproximateAgeOfOldestMessage')).toEqual([
      expect.objectContaining({ Properties: expect.objectContaining({ Threshold: 900, Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }] }) }),
    ]);
  });

  it('alarms on the errors, throttles and near-timeout durations of every function', () => {
    const names = Object.keys(stacks.stateless.functions) as FunctionName[];
    for (const metric of ['Errors', 'Throttles', 'Duration']) {
      const alarmed = alarmOn(metric, 'AWS/Lambda').map((a) => a.Properties.Dimensions[0].Value.Ref as string).sort();
      expect(alarmed, metric).toEqual(names.map(logicalIdOf).sort());
    }
    for (const name of names) {
      const duration = alarmOn('Duration', 'AWS/Lambda').find((a) => a.Properties.Dimensions[0].Value.Ref === logicalIdOf(name))!;
      expect(duration.Properties.Threshold, name).toBe(functionProps(name).Timeout * 800);
    }
  });

  it('alarms on API 5xx and latency, DynamoDB throttles and system errors, scheduler target errors, SES bounce and complaint rates', () => {
    expect(alarmOn('5xx', 'AWS/ApiGateway')).toHaveLength(1);
    expect(alarmOn('Latency', 'AWS/ApiGateway')[0]?.Properties).toMatchObject({ ExtendedStatistic: 'p95', Threshold: 5000 });
    const expressions = alarms().filter((a) => a.Properties.Metrics).map((a) => JSON.stringify(a.Properties.Metrics));
    expect(expressions.some((m) => m.includes('ThrottledRequests'))).toBe(true);
    expect(expressions.some((m) => m.includes('SystemErrors'))).toBe(true);
    expect(alarmOn('TargetErrorCount', 'AWS/Scheduler')).toHaveLength(1);
    expect(alarmOn('InvocationDroppedCount', 'AWS/Scheduler')).toHaveLength(1);
    expect(alarmOn('Reputation.BounceRate', 'AWS/SES')[0]?.Properties.Threshold).toBe(0.025);
    expect(alarmOn('Reputation.ComplaintRate', 'AWS/SES')[0]?.Properties.Threshold).toBe(0.0005);
  });

  it('alarms when a period close started and did not complete that day, from the metrics the close emits', () => {
    const incomplete = alarms().find((a) => JSON.stringify(a.Properties.Metrics ?? []).includes('PeriodCloseCompleted'));
    const metrics = incomplete!.Properties.Metrics as Array<{ Id: string; Expression?: string; MetricStat?: { Metric: { MetricName: string; Namespace: string }; Period: number } }>;
    expect(metrics.find((m) => m.Expression)!.Expression).toBe('IF(FILL(started, 0) > 0 AND FILL(completed, 0) == 0, 1, 0)');
    expect(metrics.filter((m) => m.MetricStat).map((m) => [m.Id, m.MetricStat!.Metric.Namespace, m.MetricStat!.Metric.MetricName, m.MetricStat!.Period]).sort()).toEqual([
      ['completed', 'CchcReport', 'PeriodCloseCompleted', 86400],
      ['started', 'CchcReport', 'PeriodCloseStarted', 86400],
    ]);
  });

  it('has a dashboard with the alarms\' metrics and the business metrics', () => {
    const [dashboard] = Object.values(stateless.findResources('AWS::CloudWatch::Dashboard')) as Resource[];
    const body = JSON.stringify(dashboard!.Properties.DashboardBody);
    for (const metric of ['EventsApplied', 'EventsParked', 'ReportsRendered', 'MailsSent', 'MailsBounced', 'PeriodCloseCompleted', 'ApproximateAgeOfOldestMessage', '5xx', 'Throttles', 'Reputation.BounceRate']) {
      expect(body, metric).toContain(metric);
    }
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

describe('staff console hosting', () => {
  it('keeps the console in a private bucket that only CloudFront reads, through origin access control', () => {
    const [bucketId] = Object.keys(stateless.findResources('AWS::S3::Bucket'));
    expect(stateless.toJSON().Resources[bucketId!].Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    stateless.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    stateless.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' })]) },
    });
  });

  it('serves HTTPS only with a strict CSP, HSTS and the other security headers', () => {
    stateless.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ DefaultRootObject: 'index.html', DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }) }),
    });
    const [policy] = Object.values(stateless.findResources('AWS::CloudFront::ResponseHeadersPolicy')) as Resource[];
    const headers = policy!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = JSON.stringify(headers.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 730 * 86400, IncludeSubdomains: true, Override: true });
    expect(headers.FrameOptions.FrameOption).toBe('DENY');
    expect(headers.ContentTypeOptions.Override).toBe(true);
    expect(headers.ReferrerPolicy.ReferrerPolicy).toBe('no-referrer');
  });

  it('deploys the built console with its runtime config.json (API URL, client id, login domain) and invalidates the cache', () => {
    const [deployment] = Object.values(stateless.findResources('Custom::CDKBucketDeployment')) as Resource[];
    expect(deployment!.Properties.SourceObjectKeys).toHaveLength(2);
    expect(deployment!.Properties.DistributionId).toBeDefined();
    // config.json's values are deploy-time tokens: the API, the user pool and its client, the login domain.
    const markers = JSON.stringify(deployment!.Properties.SourceMarkers[1]);
    expect(markers).toContain(stacks.stateless.getLogicalId(stacks.stateless.api.node.defaultChild as any));
    for (const name of ['UserPool', 'StaffWebClient', 'StaffLogin']) expect(markers).toContain(name);
  });

  it('signs in through the hosted login with the code flow, back to the staff origin only', () => {
    stateful.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    stateful.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      CallbackURLs: [`${staffOrigin}/`],
      LogoutURLs: [`${staffOrigin}/`],
    });
  });
});

describe('stages', () => {
  // Bundling skipped: only the templates are looked at.
  const synthOf = (context: Record<string, unknown>) => {
    const bare = new App({ outdir: mkdtempSync(join(tmpdir(), 'cchc-cdk-')), context: { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [], ...context } });
    try {
      const built = addCchcStacks(bare);
      return { built, stateful: Template.fromStack(built.stateful), stateless: Template.fromStack(built.stateless) };
    } finally {
      rmSync(bare.outdir, { recursive: true, force: true });
    }
  };

  it('refuses a production synth without its required values, naming them', () => {
    expect(() => synthOf({ stage: 'prod' })).toThrow('Stage prod needs account, region, staffOrigin, mailDomain, alarmEmail, loginDomainPrefix');
    expect(() => synthOf({ ...prodContext, alarmEmail: undefined })).toThrow(/^Stage prod needs alarmEmail: pass -c alarmEmail=…/);
    expect(() => synthOf({ stage: 'test' })).toThrow('Unknown stage test: use one of dev, prod');
    expect(() => synthOf({ ...prodContext, mailFrom: 'bao-cao@other.vn' })).toThrow('mailFrom bao-cao@other.vn must be an address at the mail domain test.gov.vn');
  });

  it('stops the app entry (npm run synth -- -c stage=prod) before anything is built, naming the missing values', async () => {
    const synth = promisify(execFile)(process.execPath, ['--import', 'tsx', 'infra/aws/app.ts'], {
      cwd: repoRoot,
      env: { ...process.env, CDK_OUTDIR: join(outdir, 'refused'), CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJsonContext, stage: 'prod' }) },
    });
    await expect(synth).rejects.toMatchObject({ stderr: expect.stringContaining('Stage prod needs account, region, staffOrigin, mailDomain, alarmEmail, loginDomainPrefix') });
  });

  it('names the stacks, their exports and the API after the stage, so two stages share an account', () => {
    expect(stacks.stateful.stackName).toBe('CchcReport-prod-Stateful');
    expect(stacks.stateless.stackName).toBe('CchcReport-prod-Stateless');
    const dev = synthOf({});
    expect(dev.built.stateful.stackName).toBe('CchcReport-dev-Stateful');
    expect(JSON.stringify(dev.stateless.toJSON())).toContain('CchcReport-dev-Stateful:ExportsOutput');
    dev.stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'cchc-report-dev' });
  });

  it('deploys production to its account and region, with termination protection; dev stays environment-agnostic and unprotected', () => {
    expect(stacks.stateful.account).toBe(account);
    expect(stacks.stateful.region).toBe('ap-southeast-1');
    for (const stack of [stacks.stateful, stacks.stateless]) expect(stack.terminationProtection).toBe(true);
    const dev = synthOf({});
    expect(dev.built.stateful.terminationProtection).toBe(false);
    expect(Token.isUnresolved(dev.built.stateless.account)).toBe(true);
  });

  it("mails staff through Cognito's own sender until the mail domain is verified (dev, or a first deploy), with the same Vietnamese texts", () => {
    for (const template of [synthOf({}).stateful, synthOf({ ...prodContext, staffMailThroughSes: 'false' }).stateful]) {
      const [pool] = Object.values(template.findResources('AWS::Cognito::UserPool')) as Resource[];
      expect(pool!.Properties.EmailConfiguration).toEqual({ EmailSendingAccount: 'COGNITO_DEFAULT' });
      expect(pool!.Properties.AdminCreateUserConfig.InviteMessageTemplate.EmailSubject).toBe('Tài khoản hệ thống báo cáo cải cách hành chính');
    }
    expect(() => synthOf({ ...prodContext, staffMailThroughSes: 'yes' })).toThrow('staffMailThroughSes must be true or false, not yes');
  });

  it('turns the period-close schedule off outside production, and subscribes no alarm e-mail without one', () => {
    const dev = synthOf({});
    dev.stateless.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(0 7 * * ? *)', State: 'DISABLED' });
    dev.stateless.resourceCountIs('AWS::SNS::Subscription', 1);
    dev.stateless.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda' });
  });

  it('tags every resource with Project, Stage and DataClassification', () => {
    const taggable = [stateful, stateless].flatMap((template) =>
      Object.entries(template.toJSON().Resources as Record<string, { Type: string; Properties?: { Tags?: unknown } }>).filter(([, r]) => Array.isArray(r.Properties?.Tags)),
    );
    // functions, roles, queues, buckets, table, secrets, keys, topics, log groups…
    expect(taggable.length).toBeGreaterThan(40);
    {
      for (const [id, resource] of taggable) {
        expect(resource.Properties!.Tags, id).toEqual(
          expect.arrayContaining([
            { Key: 'Project', Value: 'cchc-report' },
            { Key: 'Stage', Value: 'prod' },
            { Key: 'DataClassification', Value: 'internal' },
          ]),
        );
      }
    }
    // the stacks themselves carry them too (CloudFormation passes stack tags to what it creates)
    expect(stacks.stateful.tags.tagValues()).toMatchObject({ Project: 'cchc-report', Stage: 'prod', DataClassification: 'internal' });
  });
});
