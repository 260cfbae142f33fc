import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IConfigurationSet, IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type ConfigKey, configEnv } from '#adapters/config.ts';
import { FONT_FILES } from '#render/fonts.ts';
import { nagName } from './nag.ts';

/** The repository root: entries, package-lock.json and node_modules are resolved from here, not from the cwd. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the bundled report functions find the Tinos TTFs at run time (the renderer reads REPORT_FONT_DIR). */
export const lambdaFontDir = '/var/task/fonts';

/** The four Tinos faces the PDF renderer embeds, as paths inside @expo-google-fonts/tinos. */
export const reportFontFiles: readonly string[] = Object.values(FONT_FILES);

const fontPackageDir = 'node_modules/@expo-google-fonts/tinos';
const brotliShimDir = join(repoRoot, 'shared/render/brotli');

// ESM bundles have no `require`; CJS dependencies bundled into them (pdfkit, fontkit, …) still call it.
const esmRequireBanner =
  "import { createRequire as cchcCreateRequire } from 'node:module'; const require = cchcCreateRequire(import.meta.url);";

export interface CchcFunctionProps {
  /** Handler file relative to the repository root, e.g. `functions/ingest/ingest.handler.ts`; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** Put the Tinos TTFs, gzipped, into the bundle and point REPORT_FONT_DIR at them (report rendering). */
  readonly reportFonts?: boolean;
  /** How many instances may run at once: a share of the account's concurrency reserved for it, and its cap. */
  readonly reservedConcurrency: number;
}

/**
 * The DynamoDB calls a function makes, as IAM actions (a TransactWriteItems is authorized item by item as
 * PutItem/UpdateItem; a BatchGetItem as itself): exactly what the adapters it uses send, no Scan, no streams.
 */
export type TableAction = 'dynamodb:GetItem' | 'dynamodb:BatchGetItem' | 'dynamodb:Query' | 'dynamodb:PutItem' | 'dynamodb:UpdateItem' | 'dynamodb:DeleteItem';

/** The S3 calls on objects (HeadObject and the source of CopyObject are s3:GetObject). */
type ObjectAction = 's3:GetObject' | 's3:PutObject' | 's3:DeleteObject';

export interface BucketGrant {
  readonly actions: readonly ObjectAction[];
  /** Key prefix the grant is limited to, e.g. `incoming/`. */
  readonly prefix: string;
  /** Why the function needs every key under the prefix: the reason acknowledging the grant's object wildcard. */
  readonly keys: string;
  /** Also ListBucket, limited to the prefix (the sweep lists what waits under incoming/). */
  readonly list?: boolean;
}

/**
 * The one Lambda shape of this system: Node.js 22 on arm64, an ESM bundle built by the local esbuild,
 * its own log group (JSON logs, one year) and its own role that can write only to that log group.
 *
 * Resources are given to it with the `bind…` methods, each of which does three things in step: sets the
 * setting's environment variable (named in CONFIG_ENV, through configEnv), grants exactly the calls the
 * function's adapters make on the resource (no L2 grant: those bring Scan, stream reads, object-version
 * deletes and retention changes), and acknowledges, on the function's role and with its reason, the one
 * cdk-nag finding that remains (IAM5: the object wildcard under a key prefix).
 */
export class CchcFunction extends NodejsFunction {
  /** The function's log group, kept so alarms and tests can find it. */
  public readonly logGroupRef: LogGroup;
  /** The handler file, relative to the repository root. */
  public readonly entry: string;
  /** Its name in this system: the construct id without `Function`, e.g. `closePeriod` for ClosePeriodFunction. */
  public readonly shortName: string;
  private readonly settings = new Set<ConfigKey>();
  private readonly acknowledged = new Set<string>();

  constructor(scope: Construct, id: string, props: CchcFunctionProps) {
    const entry = join(repoRoot, props.entry);
    if (!existsSync(entry)) throw new Error(`CchcFunction ${id}: entry ${props.entry} does not exist`);

    // Created beside the function because the role and the log group must exist before super().
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.ONE_YEAR,
      // The logs are the audit trail of what the function did: they outlive the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // An own role instead of the default one, which carries the AWSLambdaBasicExecutionRole managed policy
    // (logs:CreateLogGroup on *); this one may write to its own log group only.
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${id}`,
    });
    logGroup.grantWrite(role);

    super(scope, id, {
      entry,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      reservedConcurrentExecutions: props.reservedConcurrency,
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      projectRoot: repoRoot,
      depsLockFilePath: join(repoRoot, 'package-lock.json'),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        ...(props.reportFonts ? { REPORT_FONT_DIR: lambdaFontDir } : {}),
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: esmRequireBanner,
        minify: true,
        logLevel: LogLevel.WARNING,
        sourceMap: true,
        sourcesContent: false,
        // The nodejs22.x runtime carries AWS SDK v3: leaving it out keeps bundles small and cold starts short.
        bundleAwsSDK: false,
        // fontkit's pure-JS Brotli (WOFF2 only) swapped for Node's built-in one.
        esbuildArgs: { '--alias:brotli': brotliShimDir },
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) =>
            props.reportFonts ? copyReportFontsCommands(inputDir, outputDir) : [],
        },
      },
    });
    this.logGroupRef = logGroup;
    this.entry = props.entry;
    this.shortName = id.replace(/Function$/, '').replace(/^./, (first) => first.toLowerCase());

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'nodejs22.x is the runtime the project targets and tests against (package engines, esbuild target node22).',
    });
  }

  /** The settings given to this function, in the order given (their variables are CONFIG_ENV's). */
  public get configKeys(): ConfigKey[] {
    return [...this.settings];
  }

  /**
   * Sets settings' environment variables without granting anything; the `bind…` methods call it. A
   * setting is set once: binding two resources to one setting is a mistake.
   */
  public setConfig(values: Partial<Record<ConfigKey, string>>): this {
    for (const key of Object.keys(values) as ConfigKey[]) {
      if (this.settings.has(key)) throw new Error(`${this.node.path}: setting ${key} is set twice`);
      this.settings.add(key);
    }
    for (const [name, value] of Object.entries(configEnv(values))) this.addEnvironment(name, value);
    return this;
  }

  /** The table (setting tableName) with exactly the given calls; `index` adds the one index its queries use. */
  public bindTable(table: ITable, actions: readonly TableAction[], options: { index?: string } = {}): this {
    this.setConfig({ tableName: table.tableName });
    const resourceArns = [table.tableArn, ...(options.index ? [`${table.tableArn}/index/${options.index}`] : [])];
    this.addToRolePolicy(new PolicyStatement({ actions: [...actions], resources: resourceArns }));
    return this;
  }

  /**
   * A bucket under the given setting, with exactly the given object calls, each grant on `<prefix>*`;
   * the object wildcard of each is acknowledged with its reason.
   */
  public bindBucket(setting: ConfigKey, bucket: IBucket, grants: readonly BucketGrant[]): this {
    this.setConfig({ [setting]: bucket.bucketName });
    const bucketName = nagName(this, bucket.bucketArn);
    for (const { actions, prefix, keys, list } of grants) {
      const objects = `${prefix}*`;
      this.addToRolePolicy(new PolicyStatement({ actions: [...actions], resources: [bucket.arnForObjects(objects)] }));
      if (list) {
        this.addToRolePolicy(
          new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn], conditions: { StringLike: { 's3:prefix': [objects] } } }),
        );
      }
      this.acknowledgeWildcard(`Resource::${bucketName}/${objects}`, `Limited to the ${prefix} prefix; ${keys}`);
    }
    return this;
  }

  /** A queue the function sends to, under the given setting (its URL). Consumers are bound by their event source. */
  public bindQueue(setting: ConfigKey, queue: IQueue, _access: 'send'): this {
    this.setConfig({ [setting]: queue.queueUrl });
    // SendMessageBatch is authorized as SendMessage; the queue is SQS-encrypted, so no KMS.
    this.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
    return this;
  }

  /** A secret the function reads, under the given setting (its ARN). */
  public bindSecret(setting: ConfigKey, secret: ISecret): this {
    this.setConfig({ [setting]: secret.secretArn });
    this.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }));
    return this;
  }

  /**
   * The SES identity the function mails from, its address (setting mailFrom) and the configuration set
   * every mail goes through (setting mailConfigurationSet): SendEmail is authorized on both.
   */
  public bindMailFrom(identity: IEmailIdentity, address: string, configurationSet: IConfigurationSet): this {
    this.setConfig({ mailFrom: address, mailConfigurationSet: configurationSet.configurationSetName });
    const stack = Stack.of(this);
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity.emailIdentityName }),
          stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSet.configurationSetName }),
        ],
      }),
    );
    return this;
  }

  /**
   * Signing with the agencies' KMS keys (kms:Sign only: the public key and the certificate are not
   * the function's business). No setting: the signer names a key by its agency's alias.
   */
  public bindSigningKeys(keys: readonly IKey[]): this {
    for (const key of keys) key.grant(this, 'kms:Sign');
    return this;
  }

  /** The leaders of the staff user pool, for the deadline reminders (ListUsersInGroup only). */
  public bindLeaderDirectory(userPool: IUserPool): this {
    this.setConfig({ userPoolId: userPool.userPoolId });
    userPool.grant(this, 'cognito-idp:ListUsersInGroup');
    return this;
  }

  /** Acknowledges an IAM5 finding on this function's role (each finding once, with the first reason). */
  private acknowledgeWildcard(finding: string, reason: string): void {
    const id = `AwsSolutions-IAM5[${finding}]`;
    if (this.acknowledged.has(id)) return;
    this.acknowledged.add(id);
    Validations.of(this.role!).acknowledge({ id, reason });
  }
}

function copyReportFontsCommands(inputDir: string, outputDir: string): string[] {
  const fontDir = join(outputDir, 'fonts');
  return [
    `mkdir -p ${quote(fontDir)}`,
    // Gzipped (-n: no name or time stamp, so the bundle is reproducible): the four faces are 2.2 MB raw.
    ...reportFontFiles.map((file) => `gzip -9 -n -c ${quote(join(inputDir, fontPackageDir, file))} > ${quote(join(fontDir, `${basename(file)}.gz`))}`),
  ];
}

function quote(path: string): string {
  return `'${path.replaceAll("'", "'\\''")}'`;
}
