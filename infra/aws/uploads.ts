import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Bucket, EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { SWEEP_EVERY_MINUTES } from '#functions/upload-sweep/upload-sweep.ts';
import { type BucketGrant, CchcFunction, type TableAction } from './cchc-function.ts';
import { Concern } from './concern.ts';
import { RESERVED_CONCURRENCY } from './concurrency.ts';
import { nagName } from './nag.ts';
import { API_FUNCTION_TIMEOUT } from './reports.ts';
import { uploadPrefixes } from '#adapters/object-keys.ts';

export interface UploadsProps {
  readonly table: ITable;
  readonly uploadsBucket: IBucket;
}

const perUpload = 'the object key is chosen per upload.';
const checkTimeout = Duration.seconds(30);

/** What checking an upload takes: the record (GetItem), its decision (UpdateItem) and the content claim (PutItem in the same transaction). */
const checkTableActions: TableAction[] = ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'];
/** Read and remove what arrived in incoming/, file it under attachments/ or quarantine/. */
const checkBucketGrants: BucketGrant[] = [
  { actions: ['s3:GetObject', 's3:DeleteObject'], prefix: uploadPrefixes.incoming, keys: perUpload },
  { actions: ['s3:PutObject'], prefix: uploadPrefixes.attachments, keys: perUpload },
  { actions: ['s3:PutObject'], prefix: uploadPrefixes.quarantine, keys: perUpload },
];

/**
 * Staff attachments: the uploads function hands out presigned POST forms for incoming/, and upload-check,
 * notified of every object created there, accepts it into attachments/ or quarantines it. A notification S3
 * could not deliver after its retries lands in a dead-letter queue (alarmed), and the sweep checks again
 * whatever still waits in incoming/, so no upload stays `pending` for good.
 */
export class Uploads extends Concern {
  /** POST …/uploads, GET …/uploads/{uploadId}, GET …/periods/{periodId}/uploads. */
  public readonly uploads: CchcFunction;
  public readonly uploadCheck: CchcFunction;
  public readonly uploadSweep: CchcFunction;
  /** The S3 notifications upload-check failed on after its retries. */
  public readonly checkDeadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: UploadsProps) {
    super(scope, id);
    const { table, uploadsBucket } = props;

    // The presigned POST is signed with the function's own credentials, so it may put under incoming/ only.
    this.uploads = new CchcFunction(this, 'UploadsFunction', {
      entry: 'functions/uploads/uploads.handler.ts',
      description: 'Hands out presigned upload forms and tells the state of an upload',
      timeout: API_FUNCTION_TIMEOUT,
      reservedConcurrency: RESERVED_CONCURRENCY.uploads,
    })
      .bindTable(table, ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:Query'], { index: 'gsi1' })
      .bindBucket('uploadsBucket', uploadsBucket, [{ actions: ['s3:PutObject'], prefix: uploadPrefixes.incoming, keys: perUpload }]);

    this.uploadCheck = new CchcFunction(this, 'UploadCheckFunction', {
      entry: 'functions/upload-check/upload-check.handler.ts',
      description: 'Checks an uploaded file and accepts it into attachments/ or quarantines it',
      timeout: checkTimeout,
      reservedConcurrency: RESERVED_CONCURRENCY.uploadCheck,
    })
      .bindTable(table, checkTableActions)
      .bindBucket('uploadsBucket', uploadsBucket, checkBucketGrants);

    this.checkDeadLetterQueue = new Queue(this, 'UploadCheckDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.checkDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the on-failure destination of the upload-check asynchronous invocations, not a work queue.',
    });
    this.uploadCheck.configureAsyncInvoke({ onFailure: new SqsDestination(this.checkDeadLetterQueue), retryAttempts: 2 });

    this.uploadSweep = new CchcFunction(this, 'UploadSweepFunction', {
      entry: 'functions/upload-sweep/upload-sweep.handler.ts',
      description: 'Checks again every upload still waiting in incoming/ after the sweep delay',
      timeout: Duration.minutes(5),
      reservedConcurrency: RESERVED_CONCURRENCY.uploadSweep,
    })
      .bindTable(table, checkTableActions)
      .bindBucket('uploadsBucket', uploadsBucket, [{ ...checkBucketGrants[0]!, list: true }, ...checkBucketGrants.slice(1)]);
    // Its own role (not the stack's shared schedule-target role), so its acknowledgement names it alone.
    const sweepScheduleRole = new Role(this, 'UploadSweepScheduleRole', { assumedBy: new ServicePrincipal('scheduler.amazonaws.com') });
    new Schedule(this, 'UploadSweepSchedule', {
      description: 'Checks again the uploads a lost S3 notification left pending',
      schedule: ScheduleExpression.rate(Duration.minutes(SWEEP_EVERY_MINUTES)),
      // A missed sweep is made up by the next one.
      target: new LambdaInvoke(this.uploadSweep, { retryAttempts: 0, role: sweepScheduleRole }),
    });
    Validations.of(sweepScheduleRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagName(sweepScheduleRole, this.uploadSweep.functionArn)}:*]`,
      reason: 'The sweep schedule may invoke the upload-sweep function and its versions; it can invoke nothing else.',
    });

    // The notification is attached through a reference owned by this stack: attached to the bucket
    // object of the stateful stack it would make that stack depend on this one (a cycle).
    const uploadsBucketRef = Bucket.fromBucketAttributes(this, 'UploadsBucketRef', {
      bucketArn: uploadsBucket.bucketArn,
      bucketName: uploadsBucket.bucketName,
    });
    uploadsBucketRef.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(this.uploadCheck), {
      prefix: uploadPrefixes.incoming,
    });
    this.acknowledgeBucketNotificationsHandler();
  }

  /** The singleton function CDK adds to the stack to put the bucket notification configuration. */
  private acknowledgeBucketNotificationsHandler(): void {
    const handler = Stack.of(this).node.children.find((child) => child.node.id.startsWith('BucketNotificationsHandler'));
    if (!handler) throw new Error('BucketNotificationsHandler not found');
    Validations.of(handler).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'CDK-provided deployment-time handler that writes the bucket notification configuration; its role is not ours to shape.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'CDK-provided handler: s3:PutBucketNotification is granted on * by aws-cdk-lib and runs only at deployment.',
      },
    );
  }
}
