import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IEmailIdentity } from 'aws-cdk-lib/aws-ses';
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
  /** Instances kept for this function alone, and never more (the close's render workers). */
  readonly reservedConcurrency?: number;
}

/** What a function may do with the table: read it, or read and write it (the L2 grants). */
export type TableAccess = 'read' | 'readWrite';

/** What a function may do with the objects of a bucket (the L2 grants of the same names). */
type BucketAccess = 'read' | 'put' | 'delete' | 'readWrite';

export interface BucketGrant {
  readonly access: BucketAccess;
  /** Key prefix the grant is limited to, e.g. `incoming/`. @default the whole bucket */
  readonly prefix?: string;
  /** Why the function needs every key under the prefix: the reason acknowledging the grant's object wildcard. */
  readonly keys: string;
}

/**
 * The one Lambda shape of this system: Node.js 22 on arm64, an ESM bundle built by the local esbuild,
 * its own log group (JSON logs, one year) and its own role that can write only to that log group.
 *
 * Resources are given to it with the `bind…` methods, each of which does three things in step: sets the
 * setting's environment variable (named in CONFIG_ENV, through configEnv), grants what the function needs
 * of the resource, and acknowledges, on the function's role and with its reason, every cdk-nag finding
 * that grant produces (IAM5 wildcards of the L2 grants).
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
      removalPolicy: RemovalPolicy.DESTROY,
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
      ...(props.reservedConcurrency === undefined ? {} : { reservedConcurrentExecutions: props.reservedConcurrency }),
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

  /** The table (setting tableName), read or read-write; the L2 grant includes its indexes. */
  public bindTable(table: ITable, access: TableAccess): this {
    this.setConfig({ tableName: table.tableName });
    if (access === 'read') table.grantReadData(this);
    else table.grantReadWriteData(this);
    this.acknowledgeWildcard(
      `Resource::${nagName(this, table.tableArn)}/index/*`,
      "The L2 table grant covers the table's own indexes (<table ARN>/index/*), which its queries use; no other table.",
    );
    return this;
  }

  /**
   * A bucket under the given setting, with one L2 grant per entry, each on `<prefix>*` (the whole bucket
   * without a prefix). The grants' action groups and object wildcards are acknowledged with their reasons.
   */
  public bindBucket(setting: ConfigKey, bucket: IBucket, grants: readonly BucketGrant[]): this {
    this.setConfig({ [setting]: bucket.bucketName });
    const bucketName = nagName(this, bucket.bucketArn);
    for (const { access, prefix = '', keys } of grants) {
      const objects = `${prefix}*`;
      if (access === 'read') bucket.grantRead(this, objects);
      else if (access === 'put') bucket.grantPut(this, objects);
      else if (access === 'delete') bucket.grantDelete(this, objects);
      else bucket.grantReadWrite(this, objects);
      this.acknowledgeWildcard(`Resource::${bucketName}/${objects}`, prefix ? `Limited to the ${prefix} prefix; ${keys}` : keys);
      for (const [action, reason] of Object.entries(s3ActionGroups[access])) this.acknowledgeWildcard(`Action::${action}`, reason);
    }
    return this;
  }

  /** A queue the function sends to, under the given setting (its URL). Consumers are bound by their event source. */
  public bindQueue(setting: ConfigKey, queue: IQueue, _access: 'send'): this {
    this.setConfig({ [setting]: queue.queueUrl });
    queue.grantSendMessages(this);
    return this;
  }

  /** A secret the function reads, under the given setting (its ARN). */
  public bindSecret(setting: ConfigKey, secret: ISecret): this {
    this.setConfig({ [setting]: secret.secretArn });
    secret.grantRead(this);
    return this;
  }

  /** The SES identity the function mails from, and its address (setting mailFrom). */
  public bindMailFrom(identity: IEmailIdentity, address: string): this {
    this.setConfig({ mailFrom: address });
    identity.grantSendEmail(this);
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

  /** Acknowledges an IAM5 finding on this function's role (each finding once, with the first reason). */
  private acknowledgeWildcard(finding: string, reason: string): void {
    const id = `AwsSolutions-IAM5[${finding}]`;
    if (this.acknowledged.has(id)) return;
    this.acknowledged.add(id);
    Validations.of(this.role!).acknowledge({ id, reason });
  }
}

/** The wildcard actions each L2 bucket grant brings, with why each is acceptable. */
const s3Read = {
  's3:GetObject*': 'Action group of the L2 grantRead/grantReadWrite, on the resources listed in the same statement only.',
  's3:GetBucket*': 'Action group of the L2 grantRead/grantReadWrite, on this one bucket only.',
  's3:List*': 'Action group of the L2 grantRead/grantReadWrite, on this one bucket only (lets a missing key answer 404, not 403).',
};
const s3Delete = {
  's3:DeleteObject*': 'Action group of the L2 grantDelete/grantReadWrite, on the resources listed in the same statement only.',
};
const s3Put = {
  's3:Abort*': 'Action group of the L2 grantPut/grantReadWrite (aborting own multipart uploads), on the objects listed in the same statement only.',
};
const s3ActionGroups: Record<BucketAccess, Record<string, string>> = {
  read: s3Read,
  delete: s3Delete,
  put: s3Put,
  readWrite: { ...s3Read, ...s3Delete, ...s3Put },
};

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
