// The functions' configuration, the only module besides the handler roots that reads the
// environment. Two parts:
// - settings: one environment variable per setting, named here once. The CDK stack sets them
//   (`configEnv`), the handler roots read them (`configFromEnv`, then `required`).
// - adapters: which implementation stands behind each port that differs between AWS and this
//   machine (the SDK clients' endpoints, the signer, the mailer, the metrics). In AWS nothing is set
//   and every choice is AWS's; the local stack builds a `Config` and hands it to the handler roots'
//   `build…(config)` itself, so two local stacks can run in one process.
import * as z from 'zod';

export const CONFIG_ENV = {
  tableName: 'TABLE_NAME',
  reportsBucket: 'REPORTS_BUCKET',
  uploadsBucket: 'UPLOADS_BUCKET',
  eventsQueueUrl: 'QUEUE_URL',
  closeQueueUrl: 'CLOSE_QUEUE_URL',
  /** the delivery queue (CONTRACT §10): the issue, the resend and the daily run queue one task per recipient; functions/deliver takes them */
  deliveryQueueUrl: 'DELIVERY_QUEUE_URL',
  /** the secret {"current", "previous"} the exchange signs its status messages with (POST /v1/exchange/statuses) */
  exchangeStatusKeysArn: 'EXCHANGE_STATUS_KEYS_ARN',
  oneStopShopKeysArn: 'ONE_STOP_SHOP_HMAC_KEYS_ARN',
  eOfficeKeysArn: 'E_OFFICE_HMAC_KEYS_ARN',
  mailConfigurationSet: 'MAIL_CONFIGURATION_SET',
  mailFrom: 'MAIL_FROM',
  /** optional JSON {"<agencyId>": ["leader@…", …]}: who deadline reminders go to besides the office (local mode) */
  leaderDirectory: 'LEADER_DIRECTORY',
  /** the staff user pool, whose cchc-leader group names the leaders deadline reminders go to (the close-period function in AWS) */
  userPoolId: 'USER_POOL_ID',
  /** the province's LGSP/VXP document exchange gateway, its base URL (docs/deploy.md) */
  exchangeUrl: 'EXCHANGE_URL',
  /** the secret {"username", "password"} of the agency's account at that gateway */
  exchangeCredentialsArn: 'EXCHANGE_CREDENTIALS_ARN',
} as const;

export type ConfigKey = keyof typeof CONFIG_ENV;

/** The variable that carries the adapter choice as JSON (`Adapters`); unset in AWS. */
const ADAPTERS_ENV = 'CCHC_ADAPTERS';

const kind = <K extends string>(name: K) => z.literal(name);

/**
 * One choice per port that has an AWS and a local implementation. A new one (a document exchange,
 * a signer per leader) is one more member here with its AWS default in AWS_ADAPTERS, and one more
 * branch in the `build…` factory that reads it (shared/adapters/report-ports.ts).
 */
const adaptersSchema = z.object({
  /** where the SDK clients go: AWS's own endpoints, or the embedded services (path-style S3, fixed credentials) */
  aws: z.discriminatedUnion('kind', [
    z.object({ kind: kind('aws') }),
    z.object({
      kind: kind('local'),
      region: z.string(),
      credentials: z.object({ accessKeyId: z.string(), secretAccessKey: z.string() }),
      endpoints: z.object({ dynamodb: z.string(), s3: z.string() }),
    }),
  ]),
  /** who signs an agency's issued PDF: its KMS key (certificate in the reports bucket), or a software key under `dir` */
  signer: z.discriminatedUnion('kind', [z.object({ kind: kind('kms') }), z.object({ kind: kind('local'), dir: z.string() })]),
  /** how report mail leaves: SES through the configuration set, or SMTP (the local sink) */
  mailer: z.discriminatedUnion('kind', [z.object({ kind: kind('ses') }), z.object({ kind: kind('smtp'), host: z.string(), port: z.number().int() })]),
  /** where edXML envelopes go: the province's LGSP gateway (EXCHANGE_URL), or the local stand-in exchange at `url` */
  exchange: z.discriminatedUnion('kind', [
    z.object({ kind: kind('lgsp') }),
    z.object({ kind: kind('local'), url: z.string(), credentials: z.object({ username: z.string(), password: z.string() }).optional() }),
  ]),
  /** EMF lines become metrics only in CloudWatch Logs; locally they would flood the output */
  metrics: z.enum(['emf', 'off']),
});

export type Adapters = z.output<typeof adaptersSchema>;
export type AwsClients = Adapters['aws'];

export const AWS_ADAPTERS: Adapters = { aws: { kind: 'aws' }, signer: { kind: 'kms' }, mailer: { kind: 'ses' }, exchange: { kind: 'lgsp' }, metrics: 'emf' };

export interface Config {
  settings: Partial<Record<ConfigKey, string>>;
  adapters: Adapters;
}

/** The configuration the environment carries (a Lambda's, set by the CDK stack). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const settings = Object.fromEntries(
    Object.entries(CONFIG_ENV)
      .filter(([, variable]) => env[variable])
      .map(([key, variable]) => [key, env[variable]!]),
  );
  const adapters = env[ADAPTERS_ENV] ? adaptersSchema.parse(JSON.parse(env[ADAPTERS_ENV])) : AWS_ADAPTERS;
  return { settings, adapters };
}

/** The settings a function needs; a missing one stops it at init, naming every variable missing. */
export function required<K extends ConfigKey>(config: Config, keys: readonly K[]): Record<K, string> {
  const missing = keys.filter((key) => !config.settings[key]).map((key) => CONFIG_ENV[key]);
  if (missing.length > 0) throw new Error(`Environment variable${missing.length > 1 ? 's' : ''} not set: ${missing.join(', ')}`);
  return Object.fromEntries(keys.map((key) => [key, config.settings[key]!])) as Record<K, string>;
}

/** The environment variables that carry the given settings (for the stacks that set them). */
export function configEnv(values: Partial<Record<ConfigKey, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [CONFIG_ENV[key as ConfigKey], value!]));
}

/** The environment variable that carries an adapter choice (for a process started with a configuration of its own). */
export function adaptersEnv(adapters: Adapters): Record<string, string> {
  return { [ADAPTERS_ENV]: JSON.stringify(adapters) };
}

/**
 * Where the Lambda bundle keeps the gzipped Tinos TTFs (REPORT_FONT_DIR, set by the CDK construct
 * of the report functions); unset, the renderer reads them from node_modules. A property of the
 * bundle, the same for every stack in a process.
 */
export const reportFontDir = (env: NodeJS.ProcessEnv = process.env): string | undefined => env.REPORT_FONT_DIR || undefined;

/**
 * The log settings of the process: the service name (POWERTOOLS_SERVICE_NAME) and the level
 * (POWERTOOLS_LOG_LEVEL or LOG_LEVEL, any case), unless Lambda's advanced logging controls
 * (AWS_LAMBDA_LOG_LEVEL) set it. Read at each line: the local scripts and the tests set LOG_LEVEL
 * after their (hoisted) imports built the logger.
 */
export const logSettings = (env: NodeJS.ProcessEnv = process.env) => ({
  service: env.POWERTOOLS_SERVICE_NAME || 'cchc-report',
  level: (env.POWERTOOLS_LOG_LEVEL || env.LOG_LEVEL || '').toUpperCase(),
  lambdaControlsLevel: Boolean(env.AWS_LAMBDA_LOG_LEVEL),
});
