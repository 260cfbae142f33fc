import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { FONT_FILES } from '#render/fonts.ts';

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
  /** Every function gets TABLE_NAME; grants are given by the stack, per function. */
  readonly table: ITable;
  readonly environment?: Record<string, string>;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** Put the Tinos TTFs, gzipped, into the bundle and point REPORT_FONT_DIR at them (report rendering). */
  readonly reportFonts?: boolean;
}

/**
 * The one Lambda shape of this system: Node.js 22 on arm64, an ESM bundle built by the local esbuild,
 * its own log group (JSON logs, one year) and its own role that can write only to that log group.
 */
export class CchcFunction extends NodejsFunction {
  /** The function's log group, kept so alarms and tests can find it. */
  public readonly logGroupRef: LogGroup;

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
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      projectRoot: repoRoot,
      depsLockFilePath: join(repoRoot, 'package-lock.json'),
      environment: {
        TABLE_NAME: props.table.tableName,
        NODE_OPTIONS: '--enable-source-maps',
        ...(props.reportFonts ? { REPORT_FONT_DIR: lambdaFontDir } : {}),
        ...props.environment,
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

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'nodejs22.x is the runtime the project targets and tests against (package engines, esbuild target node22).',
    });
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
