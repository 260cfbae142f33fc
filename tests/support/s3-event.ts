// The S3 notification a handler receives, built the way real S3 sends it.
import type { S3Event } from 'aws-lambda';
import { LOCAL_REGION } from '#local/dynamodb-local.ts';
import { encodeNotificationKey } from '#local/s3-local.ts';

/** The ObjectCreated notification S3 sends for a presigned POST: one record, the key form-encoded. */
export function objectCreated(bucket: string, key: string): S3Event {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: LOCAL_REGION,
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Post',
        userIdentity: { principalId: 'AWS:TEST' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': 'TEST', 'x-amz-id-2': 'TEST' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'upload-check',
          bucket: { name: bucket, ownerIdentity: { principalId: 'TEST' }, arn: `arn:aws:s3:::${bucket}` },
          object: { key: encodeNotificationKey(key), size: 0, eTag: '', sequencer: '0' },
        },
      },
    ],
  };
}
