// The upload-check function in AWS and locally: its ports from the configuration.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { S3Event } from 'aws-lambda';
import { loadConfig } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { log } from '#adapters/log.ts';
import { s3Client } from '#adapters/s3.ts';
import { detectType, summarizeZip } from '#adapters/uploads-content.ts';
import { dynamoUploadRecords } from '#adapters/uploads-dynamodb.ts';
import { s3UploadObjects } from '#adapters/uploads-s3.ts';
import { uploadCheckEdge } from './upload-check-edge.ts';

const config = loadConfig(['uploadsBucket', 'tableName']);

export const handler = middy<S3Event, void>().use(injectLambdaContext(log)).handler(
  uploadCheckEdge({
    objects: s3UploadObjects(s3Client(), config.uploadsBucket),
    records: dynamoUploadRecords(documentClient(), config.tableName),
    content: { detectType, summarizeZip },
    now: () => new Date(),
    log: ({ msg, ...fields }) => log.info(String(msg), fields),
  }),
);
