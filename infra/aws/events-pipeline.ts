import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { APPLY_BATCH_SIZE, MAX_RECEIVES } from '#functions/apply/apply-edge.ts';
import { CchcFunction } from './cchc-function.ts';
import { Concern } from './concern.ts';

export interface EventsPipelineProps {
  readonly table: ITable;
  /** The HMAC key shared with the sending systems. */
  readonly eventsSecret: ISecret;
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
    const { table, eventsSecret } = props;

    this.deadLetterQueue = new Queue(this, 'EventsDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'EventsQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS guidance for Lambda consumers: at least six times the function timeout, plus the batching window.
      visibilityTimeout: Duration.seconds(6 * applyTimeout.toSeconds() + applyBatchingWindow.toSeconds()),
      // apply parks an event on its last delivery, so it must know this count.
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVES },
    });

    this.ingest = new CchcFunction(this, 'IngestFunction', {
      entry: 'functions/ingest/ingest.handler.ts',
      description: 'POST /v1/events: checks the HMAC signature and the events, then queues them',
    })
      // The handler reads no table: its table setting is kept only so the templates stay as they were; dropping it
      // belongs with the narrowing of the grants.
      .setConfig({ tableName: table.tableName })
      .bindQueue('eventsQueueUrl', this.queue, 'send')
      .bindSecret('eventsSecretArn', eventsSecret);

    this.apply = new CchcFunction(this, 'ApplyFunction', {
      entry: 'functions/apply/apply.handler.ts',
      description: 'Applies queued events to the table',
      timeout: applyTimeout,
    }).bindTable(table, 'readWrite');
    this.apply.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: APPLY_BATCH_SIZE,
        maxBatchingWindow: applyBatchingWindow,
        reportBatchItemFailures: true,
      }),
    );

    this.parked = new CchcFunction(this, 'ParkedFunction', {
      entry: 'functions/parked/parked.handler.ts',
      description: 'GET the events of an agency that could not be applied after their retries',
    }).bindTable(table, 'read');

    this.redrive = new CchcFunction(this, 'RedriveFunction', {
      entry: 'functions/redrive/redrive.handler.ts',
      description: 'Invoked by an operator after a fix: applies the parked events again',
      timeout: redriveTimeout,
    }).bindTable(table, 'readWrite');
  }
}
