import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { EventSender } from '#domain/event-senders.ts';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { APPLY_BATCH_SIZE } from '#app/apply-events.ts';
import { MAX_RECEIVES } from '#functions/apply/apply-edge.ts';
import { CchcFunction } from './cchc-function.ts';
import { APPLY_MAX_CONCURRENCY, RESERVED_CONCURRENCY } from './concurrency.ts';
import { Concern } from './concern.ts';

export interface EventsPipelineProps {
  readonly table: ITable;
  /** The HMAC keys of each sending system. */
  readonly eventsSecrets: Readonly<Record<EventSender, ISecret>>;
}

const applyTimeout = Duration.seconds(30);
const applyBatchingWindow = Duration.seconds(1);
const redriveTimeout = Duration.minutes(5);

/**
 * The events from the one-stop-shop and e-office systems: ingest checks and queues them, apply applies
 * them in batches and parks the one still failing on its last delivery, the parked route lists those,
 * and redrive (invoked by an operator after a fix) applies them again.
 */
export class EventsPipeline extends Concern {
  public readonly queue: Queue;
  public readonly deadLetterQueue: Queue;
  /** POST /v1/events. */
  public readonly ingest: CchcFunction;
  /** The queue's consumer. */
  public readonly apply: CchcFunction;
  /** GET /v1/agencies/{agencyId}/events/parked. */
  public readonly parked: CchcFunction;
  public readonly redrive: CchcFunction;

  constructor(scope: Construct, id: string, props: EventsPipelineProps) {
    super(scope, id);
    const { table, eventsSecrets } = props;

    // Both queues hold accepted events (a 202 was answered for them): kept 14 days, the most SQS keeps,
    // and retained if the stack goes, so a teardown or a replacement loses none.
    this.deadLetterQueue = new Queue(this, 'EventsDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.queue = new Queue(this, 'EventsQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
      // AWS guidance for Lambda consumers: at least six times the function timeout, plus the batching window.
      visibilityTimeout: Duration.seconds(6 * applyTimeout.toSeconds() + applyBatchingWindow.toSeconds()),
      // apply parks an event on its last delivery, so it must know this count.
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVES },
    });

    this.ingest = new CchcFunction(this, 'IngestFunction', {
      entry: 'functions/ingest/ingest.handler.ts',
      description: 'POST /v1/events: checks the HMAC signature and the events, then queues them',
      reservedConcurrency: RESERVED_CONCURRENCY.ingest,
    })
      .bindQueue('eventsQueueUrl', this.queue, 'send')
      .bindSecret('oneStopShopKeysArn', eventsSecrets['one-stop-shop'])
      .bindSecret('eOfficeKeysArn', eventsSecrets['e-office']);

    this.apply = new CchcFunction(this, 'ApplyFunction', {
      entry: 'functions/apply/apply.handler.ts',
      description: 'Applies queued events to the table',
      timeout: applyTimeout,
      reservedConcurrency: RESERVED_CONCURRENCY.apply,
      // figures-store (BatchGetItem, transactions of Put/Update) and the parked event (UpdateItem)
    }).bindTable(table, ['dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    this.apply.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: APPLY_BATCH_SIZE,
        maxBatchingWindow: applyBatchingWindow,
        reportBatchItemFailures: true,
        maxConcurrency: APPLY_MAX_CONCURRENCY,
      }),
    );

    this.parked = new CchcFunction(this, 'ParkedFunction', {
      entry: 'functions/parked/parked.handler.ts',
      description: 'GET the events of an agency that could not be applied after their retries',
      reservedConcurrency: RESERVED_CONCURRENCY.parked,
    }).bindTable(table, ['dynamodb:Query']);

    this.redrive = new CchcFunction(this, 'RedriveFunction', {
      entry: 'functions/redrive/redrive.handler.ts',
      description: 'Invoked by an operator after a fix: applies the parked events again',
      timeout: redriveTimeout,
      reservedConcurrency: RESERVED_CONCURRENCY.redrive,
      // the parked events (Query on the table and gsi1, UpdateItem, DeleteItem) and apply's calls
    }).bindTable(table, ['dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], { index: 'gsi1' });
  }
}
