// The ports of the upload check (shared/app/upload-check.ts), built from the configuration for the
// functions that run it: upload-check and upload-sweep.
import type { UploadCheckPorts } from '#app/upload-check.ts';
import { required, type Config } from './config.ts';
import { documentClient } from './dynamodb.ts';
import { log } from './log.ts';
import { s3Client } from './s3.ts';
import { detectType, summarizeZip } from './uploads-content.ts';
import { dynamoUploadRecords } from './uploads-dynamodb.ts';
import { s3UploadObjects } from './uploads-s3.ts';

export function buildUploadCheckPorts(config: Config): UploadCheckPorts {
  const { uploadsBucket, tableName } = required(config, ['uploadsBucket', 'tableName']);
  return {
    objects: s3UploadObjects(s3Client(config.adapters.aws), uploadsBucket),
    records: dynamoUploadRecords(documentClient(config.adapters.aws), tableName),
    content: { detectType, summarizeZip },
    now: () => new Date(),
    log: ({ msg, ...fields }) => log.info(String(msg), fields),
  };
}
