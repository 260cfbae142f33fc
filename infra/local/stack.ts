// The embedded services of local mode in one call: DynamoDB Local, s3rver and the SMTP sink, with
// the table, the buckets and the configuration the handler roots are built with (the storage
// table of docs/architecture.md and shared/adapters/config.ts). Nothing is written to process.env: two stacks can
// run in one process.
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.ts';
import { allowBrowserUploads, startS3Local, type S3Local } from './s3-local.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';
import { startStandInExchange, type StandInExchange } from './document-exchange.ts';
import { createTable } from './table.ts';
import { AWS_ADAPTERS, type Adapters, type Config } from '#adapters/config.ts';
import { ensureLocalTestCa } from '#adapters/local-signer.ts';

export interface LocalStackOptions {
  /** Keeps DynamoDB data and S3 objects under `<dataDir>/dynamodb` and `<dataDir>/s3`; in memory / a temp dir when omitted. */
  dataDir?: string;
  /** Where the SMTP sink writes .eml files; default `out/mail`. */
  mailDir?: string;
  /** Where the stand-in exchange keeps the edXML messages; default `out/edxml`. */
  edxmlDir?: string;
  /** The stand-in exchange's delay before it pushes 03 and 06, and which it pushes (CONTRACT §10); default 1 s, 03 then 06. */
  exchangeStatuses?: { delayMs?: number; later?: Array<'01' | '02' | '03' | '04' | '05' | '06' | '13' | '15'> };
  tableName?: string;
  reportsBucket?: string;
  uploadsBucket?: string;
  /** Where the user's choices are read from (MAIL_FROM, LEADER_DIRECTORY, EVENTS_HMAC_SECRET, STAFF_DEV_TOKEN, LOCAL_SIGNING_DIR); default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

export interface LocalStack {
  dynamodb: DynamoDbLocal;
  s3: S3Local;
  smtp: SmtpSink;
  /** the stand-in document exchange (CONTRACT §10); its status messages go where `onExchangeStatus` says (the app: POST /v1/exchange/statuses) */
  exchange: StandInExchange;
  onExchangeStatus(intake: (statusXml: string) => Promise<void>): void;
  tableName: string;
  reportsBucket: string;
  uploadsBucket: string;
  /** What the handler roots are built with (infra/local/app.ts). */
  config: Config;
  /** The secrets of local mode, for the tools that call the API: EVENTS_HMAC_SECRET, STAFF_DEV_TOKEN. */
  env: Readonly<Record<'EVENTS_HMAC_SECRET' | 'STAFF_DEV_TOKEN' | 'EXCHANGE_STATUS_SECRET', string>>;
  stop(): Promise<void>;
}

export const LOCAL_DEFAULTS = {
  tableName: 'cchc-local',
  reportsBucket: 'cchc-reports-local',
  uploadsBucket: 'cchc-uploads-local',
  eventsHmacSecret: 'local-dev-secret',
  staffDevToken: 'local-dev-token',
  /** what the stand-in exchange signs its status messages with (POST /v1/exchange/statuses) */
  exchangeStatusSecret: 'local-exchange-secret',
  mailFrom: 'bao-cao-cchc@localhost',
  dataDir: '.local',
  /** the leaders deadline reminders go to: the local leader token's agency */
  leaderDirectory: { SKHCN: ['lanh-dao@skhcn.example.vn'] },
} as const;

/**
 * The adapters of local mode: the SDK clients at the embedded services (path-style S3, dummy
 * credentials), no metric lines, and the given signer and mailer; a port left out keeps its AWS
 * adapter, which a test that never signs or mails never reaches.
 */
export function localAdapters(endpoints: { dynamodb: string; s3: string }, choices: Partial<Pick<Adapters, 'signer' | 'mailer' | 'exchange'>> = {}): Adapters {
  return {
    ...AWS_ADAPTERS,
    aws: { kind: 'local', region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, endpoints },
    metrics: 'off',
    ...choices,
  };
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const source = options.env ?? process.env;
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  const tableName = options.tableName ?? LOCAL_DEFAULTS.tableName;
  const reportsBucket = options.reportsBucket ?? LOCAL_DEFAULTS.reportsBucket;
  const uploadsBucket = options.uploadsBucket ?? LOCAL_DEFAULTS.uploadsBucket;

  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    await Promise.allSettled(started.reverse().map((service) => service.stop()));
  };
  try {
    let intake: ((statusXml: string) => Promise<void>) | undefined;
    const [dynamodb, s3, smtp, exchange] = await Promise.all([
      startDynamoDbLocal(dataDir ? { dbPath: join(dataDir, 'dynamodb') } : {}).then(track),
      startS3Local(dataDir ? { directory: join(dataDir, 's3') } : {}).then(track),
      startSmtpSink({ dir: options.mailDir ?? 'out/mail' }).then(track),
      startStandInExchange({
        dir: options.edxmlDir ?? 'out/edxml',
        onStatus: async (xml) => intake?.(xml),
        ...options.exchangeStatuses,
      }).then((e) => track({ ...e, stop: () => e.close() })),
    ]);

    const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    try {
      await createTable(client, tableName);
    } finally {
      client.destroy();
    }
    await s3.ensureBuckets([reportsBucket, uploadsBucket]);
    await allowBrowserUploads(s3.endpoint, uploadsBucket);

    // Secrets and sender are the user's to choose; only defaults are filled in.
    const config: Config = {
      settings: {
        tableName,
        reportsBucket,
        uploadsBucket,
        mailFrom: source.MAIL_FROM ?? LOCAL_DEFAULTS.mailFrom,
        leaderDirectory: source.LEADER_DIRECTORY ?? JSON.stringify(LOCAL_DEFAULTS.leaderDirectory),
      },
      adapters: localAdapters(
        { dynamodb: dynamodb.endpoint, s3: s3.endpoint },
        {
          // The agencies' software signing keys (shared/adapters/signers.ts): made once, kept across runs.
          signer: { kind: 'local', dir: source.LOCAL_SIGNING_DIR ?? resolve(dataDir ?? LOCAL_DEFAULTS.dataDir, 'signing') },
          mailer: { kind: 'smtp', host: smtp.host, port: smtp.port },
          exchange: { kind: 'local', url: exchange.url },
        },
      ),
    };
    const env = {
      EVENTS_HMAC_SECRET: source.EVENTS_HMAC_SECRET ?? LOCAL_DEFAULTS.eventsHmacSecret,
      STAFF_DEV_TOKEN: source.STAFF_DEV_TOKEN ?? LOCAL_DEFAULTS.staffDevToken,
      EXCHANGE_STATUS_SECRET: source.EXCHANGE_STATUS_SECRET ?? LOCAL_DEFAULTS.exchangeStatusSecret,
    };
    // The test CA that certifies the local signing keys, made on first start (CONTRACT §6).
    if (config.adapters.signer.kind === 'local') await ensureLocalTestCa(config.adapters.signer.dir);
    const onExchangeStatus = (to: (statusXml: string) => Promise<void>) => {
      intake = to;
    };
    return { dynamodb, s3, smtp, exchange, onExchangeStatus, tableName, reportsBucket, uploadsBucket, config, env, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }

  function track<T extends { stop(): Promise<void> }>(service: T): T {
    started.push(service);
    return service;
  }
}
