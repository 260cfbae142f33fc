import { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Validations } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { DELIVER_MAX_RECEIVES } from '#functions/deliver/deliver-edge.ts';
import { CchcFunction } from './cchc-function.ts';
import { Concern } from './concern.ts';
import { RESERVED_CONCURRENCY } from './concurrency.ts';
import { API_FUNCTION_TIMEOUT, reportFunction, type ReportResources } from './reports.ts';

/** One delivery: sign the envelope, one exchange call or one mail, with the in-process retries (2 s, 4 s). */
const workerTimeout = Duration.minutes(2);

/**
 * The delivery of issued reports (CONTRACT §10): the issue, the clerk's resend and the daily run put
 * one task per recipient on the delivery queue; the worker sends each over the province's document
 * exchange (LGSP) or by e-mail, retries, and after DELIVER_MAX_RECEIVES deliveries of a task parks it
 * in the dead-letter queue (alarmed by the stack). The exchange's status messages come back through
 * POST /v1/exchange/statuses (the statuses function), signed with the exchange's own secret.
 */
export class Delivery extends Concern {
  public readonly queue: Queue;
  public readonly deadLetterQueue: Queue;
  public readonly deliver: CchcFunction;
  public readonly statuses: CchcFunction;
  /** {"username", "password"} of the agency's account at the province's gateway (docs/deploy.md) */
  public readonly exchangeCredentials: Secret;
  /** {"current", "previous"}: what the gateway signs its status messages with */
  public readonly statusKeys: Secret;

  constructor(scope: Construct, id: string, resources: ReportResources, agencyKeys: readonly IKey[], exchangeUrl: string) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeliveryDeadLetterQueue', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    Validations.of(this.deadLetterQueue).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This queue is itself a dead-letter queue (of the delivery tasks), not a work queue.' });
    this.queue = new Queue(this, 'DeliveryQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS guidance for Lambda consumers: at least six times the function timeout; it is also the wait before a failed task is tried again.
      visibilityTimeout: Duration.seconds(6 * workerTimeout.toSeconds()),
      // the worker records a delivery as failed on its last delivery, so it must know this count.
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: DELIVER_MAX_RECEIVES },
    });
    this.exchangeCredentials = new Secret(this, 'ExchangeCredentials', { description: 'The agency account at the province LGSP document exchange: {"username", "password"}' });
    this.statusKeys = new Secret(this, 'ExchangeStatusKeys', {
      description: 'What the document exchange signs its status messages with: {"current", "previous"}',
      generateSecretString: { secretStringTemplate: '{"previous": ""}', generateStringKey: 'current', excludePunctuation: true, passwordLength: 48 },
    });
    for (const secret of [this.exchangeCredentials, this.statusKeys]) {
      Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'Set and rotated with the province gateway\'s operator, who holds the other end (docs/deploy.md).' });
    }

    this.deliver = reportFunction(
      this,
      'DeliverFunction',
      {
        entry: 'functions/deliver/deliver.handler.ts',
        description: 'Sends one delivery of an issued report: the document exchange (edXML signed by the agency) or e-mail',
        timeout: workerTimeout,
        reservedConcurrency: RESERVED_CONCURRENCY.deliver,
        moreBucketGrants: [{ actions: ['s3:GetObject'], prefix: 'signing/', keys: "each agency's certificate is read from signing/<agency>/certificate.pem." }],
      },
      resources,
    )
      .bindSigningKeys(agencyKeys)
      .bindQueue('deliveryQueueUrl', this.queue, 'send')
      .bindSecret('exchangeCredentialsArn', this.exchangeCredentials)
      .setConfig({ exchangeUrl });
    this.deliver.addEventSource(new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true }));

    this.statuses = new CchcFunction(this, 'StatusesFunction', {
      entry: 'functions/statuses/statuses.handler.ts',
      description: 'POST /v1/exchange/statuses: a status message of the document exchange moves its delivery',
      timeout: API_FUNCTION_TIMEOUT,
      reservedConcurrency: RESERVED_CONCURRENCY.statuses,
    })
      .bindTable(resources.table, ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], { index: 'gsi1' })
      .bindQueue('deliveryQueueUrl', this.queue, 'send')
      .bindSecret('exchangeStatusKeysArn', this.statusKeys)
      // buildReportPorts names the buckets and the sender; the intake reads no file and mails nothing itself.
      .setConfig({ reportsBucket: resources.reportsBucket.bucketName, mailFrom: resources.mailFrom, mailConfigurationSet: resources.mailConfigurationSet.configurationSetName });
  }
}
