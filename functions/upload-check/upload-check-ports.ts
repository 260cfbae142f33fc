// The ports of the upload check from the configuration (upload-check and the sweep alike).
import { loadConfig } from '#adapters/config.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { log } from '#adapters/log.ts';
import { s3Client } from '#adapters/s3.ts';
import { detectType, summarizeZip } from '#adapters/uploads-content.ts';
import { dynamoUploadRecords } from '#adapters/uploads-dynamodb.ts';
import { s3UploadObjects } from '#adapters/uploads-s3.ts';
import type { UploadCheckPorts } from './upload-check.ts';

export function uploadCheckPortsFromEnv(): UploadCheckPorts {
  const config = loadConfig(['uploadsBucket', 'tableName']);
  return {
    objects: s3UploadObjects(s3Client(), config.uploadsBucket),
    records: dynamoUploadRecords(documentClient(), config.tableName),
    content: { detectType, summarizeZip },
    now: () => new Date(),
    log: ({ msg, ...fields }) => log.info(String(msg), fields),
  };
}
