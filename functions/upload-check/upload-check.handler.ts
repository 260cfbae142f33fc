// S3 ObjectCreated on the uploads bucket, prefix incoming/: checks and files each object.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { log } from '#adapters/log.ts';
import type { S3Event } from 'aws-lambda';
import { decodeS3EventKey } from '#domain/attachment.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { loadConfig } from '#adapters/config.ts';
import { dynamoUploadRecords } from '#adapters/uploads-dynamodb.ts';
import { s3Client } from '#adapters/s3.ts';
import { s3UploadObjects } from '#adapters/uploads-s3.ts';
import { checkUpload, type UploadCheckDeps } from './upload-check.ts';

const config = loadConfig(['uploadsBucket', 'tableName']);

/** Handles each record in turn; a failure throws, so S3's asynchronous invocation retries the event. */
export function uploadCheck(deps: UploadCheckDeps) {
  return async (event: S3Event): Promise<void> => {
    for (const record of event.Records) {
      if (!record.eventName.startsWith('ObjectCreated:')) continue;
      await checkUpload(deps, decodeS3EventKey(record.s3.object.key));
    }
  };
}

const deps: UploadCheckDeps = {
  objects: s3UploadObjects(s3Client(), config.uploadsBucket),
  records: dynamoUploadRecords(documentClient(), config.tableName),
  now: () => new Date(),
  log: ({ msg, ...fields }) => log.info(String(msg), fields),
};

export const handler = middy<S3Event, void>().use(injectLambdaContext(log)).handler(uploadCheck(deps));
