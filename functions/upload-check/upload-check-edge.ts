// S3 ObjectCreated on the uploads bucket, prefix incoming/: each object checked and filed.
import type { S3Event } from 'aws-lambda';
import { decodeS3EventKey } from '#adapters/object-keys.ts';
import { checkUpload, type UploadCheckPorts } from '#app/upload-check.ts';

/** Handles each record in turn; a failure throws, so S3's asynchronous invocation retries the event. */
export function uploadCheckEdge(ports: UploadCheckPorts) {
  return async (event: S3Event): Promise<void> => {
    for (const record of event.Records) {
      if (!record.eventName.startsWith('ObjectCreated:')) continue;
      await checkUpload(ports, decodeS3EventKey(record.s3.object.key));
    }
  };
}
