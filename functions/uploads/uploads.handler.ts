// The uploads function in AWS and locally: its ports from the configuration.
import { randomBytes } from 'node:crypto';
import { uploadIdFrom } from '#domain/attachment.ts';
import { loadConfig } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { s3Client } from '#adapters/s3.ts';
import { dynamoUploadRecords } from '#adapters/uploads-dynamodb.ts';
import { s3UploadObjects } from '#adapters/uploads-s3.ts';
import { uploadsApi } from './uploads-edge.ts';

const config = loadConfig(['uploadsBucket', 'tableName']);

export const handler = uploadsApi({
  objects: s3UploadObjects(s3Client(), config.uploadsBucket),
  records: dynamoUploadRecords(documentClient(), config.tableName),
  now: () => new Date(),
  newUploadId: (now) => uploadIdFrom(now.getTime(), randomBytes(10)),
});
