// The embedded services of local mode in one call: DynamoDB Local, s3rver and the SMTP sink, with
// the table, the buckets and the environment the handlers read (the README's storage table and shared/adapters/config.ts).
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.ts';
import { allowBrowserUploads, startS3Local, type S3Local } from './s3-local.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';
import { createTable } from './table.ts';
import { configEnv } from '#adapters/config.ts';
import { ensureLocalTestCa } from '#adapters/local-signer.ts';

export interface LocalStackOptions {
  /** Keeps DynamoDB data and S3 objects under `<dataDir>/dynamodb` and `<dataDir>/s3`; in memory / a temp dir when omitted. */
  dataDir?: string;
  /** Where the SMTP sink writes .eml files; default `out/mail`. */
  mailDir?: string;
  tableName?: string;
  reportsBucket?: string;
  uploadsBucket?: string;
  /** The environment to fill in; default `process.env` (the handlers run in this process). */
  env?: NodeJS.ProcessEnv;
}

export interface LocalStack {
  dynamodb: DynamoDbLocal;
  s3: S3Local;
  smtp: SmtpSink;
  tableName: string;
  reportsBucket: string;
  uploadsBucket: string;
  /** The variables set for the handlers. */
  env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

export const LOCAL_DEFAULTS = {
  tableName: 'cchc-local',
  reportsBucket: 'cchc-reports-local',
  uploadsBucket: 'cchc-uploads-local',
  eventsHmacSecret: 'local-dev-secret',
  staffDevToken: 'local-dev-token',
  mailFrom: 'bao-cao-cchc@localhost',
  dataDir: '.local',
  /** the leaders deadline reminders go to: the local leader token's agency */
  leaderDirectory: { SKHCN: ['lanh-dao@skhcn.example.vn'] },
} as const;

/** The AWS settings every local handler needs: endpoints, path-style S3, dummy credentials, no metric lines. */
export function localAwsEnv(endpoints: { dynamodb: string; s3: string }): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    // s3rver would store aws-chunked (streaming checksum) bodies verbatim.
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    // EMF lines become metrics only in CloudWatch Logs; here they would flood the output.
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const target = options.env ?? process.env;
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  const tableName = options.tableName ?? LOCAL_DEFAULTS.tableName;
  const reportsBucket = options.reportsBucket ?? LOCAL_DEFAULTS.reportsBucket;
  const uploadsBucket = options.uploadsBucket ?? LOCAL_DEFAULTS.uploadsBucket;

  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    await Promise.allSettled(started.reverse().map((service) => service.stop()));
  };
  try {
    const [dynamodb, s3, smtp] = await Promise.all([
      startDynamoDbLocal(dataDir ? { dbPath: join(dataDir, 'dynamodb') } : {}).then(track),
      startS3Local(dataDir ? { directory: join(dataDir, 's3') } : {}).then(track),
      startSmtpSink({ dir: options.mailDir ?? 'out/mail' }).then(track),
    ]);

    const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    try {
      await createTable(client, tableName);
    } finally {
      client.destroy();
    }
    await s3.ensureBuckets([reportsBucket, uploadsBucket]);
    await allowBrowserUploads(s3.endpoint, uploadsBucket);

    const env: Record<string, string> = {
      ...localAwsEnv({ dynamodb: dynamodb.endpoint, s3: s3.endpoint }),
      ...configEnv({
        tableName,
        reportsBucket,
        uploadsBucket,
        mailFrom: target.MAIL_FROM ?? LOCAL_DEFAULTS.mailFrom,
        leaderDirectory: target.LEADER_DIRECTORY ?? JSON.stringify(LOCAL_DEFAULTS.leaderDirectory),
      }),
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      // Secrets and sender are the user's to choose; only defaults are filled in.
      EVENTS_HMAC_SECRET: target.EVENTS_HMAC_SECRET ?? LOCAL_DEFAULTS.eventsHmacSecret,
      STAFF_DEV_TOKEN: target.STAFF_DEV_TOKEN ?? LOCAL_DEFAULTS.staffDevToken,
      // The agencies' software signing keys (shared/adapters/signers.ts): made once, kept across runs.
      LOCAL_SIGNING_DIR: target.LOCAL_SIGNING_DIR ?? resolve(dataDir ?? LOCAL_DEFAULTS.dataDir, 'signing'),
    };
    Object.assign(target, env);
    // The test CA that certifies the local signing keys, made on first start (CONTRACT §6).
    await ensureLocalTestCa(env.LOCAL_SIGNING_DIR!);
    return { dynamodb, s3, smtp, tableName, reportsBucket, uploadsBucket, env, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }

  function track<T extends { stop(): Promise<void> }>(service: T): T {
    started.push(service);
    return service;
  }
}
