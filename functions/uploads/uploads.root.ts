// The uploads function's composition root: its ports from the configuration.
import { randomBytes } from 'node:crypto';
import { uploadIdFrom } from '#domain/attachment.ts';
import { required, type Config } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { s3Client } from '#adapters/s3.ts';
import { dynamoUploadRecords } from '#adapters/uploads-dynamodb.ts';
import { s3UploadObjects } from '#adapters/uploads-s3.ts';
import { uploadsApi } from './uploads-edge.ts';

export function buildUploads(config: Config) {
  const { uploadsBucket, tableName } = required(config, ['uploadsBucket', 'tableName']);
  return uploadsApi({
    objects: s3UploadObjects(s3Client(config.adapters.aws), uploadsBucket),
    records: dynamoUploadRecords(documentClient(config.adapters.aws), tableName),
    now: () => new Date(),
    newUploadId: (now) => uploadIdFrom(now.getTime(), randomBytes(10)),
  });
}
