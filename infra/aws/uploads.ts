import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Bucket, EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { Construct } from 'constructs';
import { CchcFunction } from './cchc-function.ts';
import { Concern } from './concern.ts';
import { uploadPrefixes } from './stateful-stack.ts';

export interface UploadsProps {
  readonly table: ITable;
  readonly uploadsBucket: IBucket;
}

const perUpload = 'the object key is chosen per upload.';

/**
 * Staff attachments: the uploads function hands out presigned POST forms for incoming/, and upload-check,
 * notified of every object created there, accepts it into attachments/ or quarantines it.
 */
export class Uploads extends Concern {
  /** POST …/uploads, GET …/uploads/{uploadId}, GET …/periods/{periodId}/uploads. */
  public readonly uploads: CchcFunction;
  public readonly uploadCheck: CchcFunction;

  constructor(scope: Construct, id: string, props: UploadsProps) {
    super(scope, id);
    const { table, uploadsBucket } = props;

    // The presigned POST is signed with the function's own credentials, so it may put under incoming/ only.
    this.uploads = new CchcFunction(this, 'UploadsFunction', {
      entry: 'functions/uploads/uploads.handler.ts',
      description: 'Hands out presigned upload forms and tells the state of an upload',
    })
      .bindTable(table, 'readWrite')
      .bindBucket('uploadsBucket', uploadsBucket, [{ access: 'put', prefix: uploadPrefixes.incoming, keys: perUpload }]);

    this.uploadCheck = new CchcFunction(this, 'UploadCheckFunction', {
      entry: 'functions/upload-check/upload-check.handler.ts',
      description: 'Checks an uploaded file and accepts it into attachments/ or quarantines it',
      timeout: Duration.seconds(30),
    })
      .bindTable(table, 'readWrite')
      .bindBucket('uploadsBucket', uploadsBucket, [
        { access: 'read', prefix: uploadPrefixes.incoming, keys: perUpload },
        { access: 'delete', prefix: uploadPrefixes.incoming, keys: perUpload },
        { access: 'put', prefix: uploadPrefixes.attachments, keys: perUpload },
        { access: 'put', prefix: uploadPrefixes.quarantine, keys: perUpload },
      ]);

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
