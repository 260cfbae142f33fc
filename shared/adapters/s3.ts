// One S3 client per endpoint choice: AWS's own, or s3rver's (path-style addressing, and no
// aws-chunked streaming checksums, which s3rver would store verbatim).
import { S3Client } from '@aws-sdk/client-s3';
import type { AwsClients } from './config.ts';

const clients = new Map<string, S3Client>();

export function s3Client(aws: AwsClients): S3Client {
  const key = JSON.stringify(aws);
  let client = clients.get(key);
  if (!client) {
    client = new S3Client(
      aws.kind === 'aws'
        ? {}
        : {
            endpoint: aws.endpoints.s3,
            region: aws.region,
            credentials: aws.credentials,
            forcePathStyle: true,
            requestChecksumCalculation: 'WHEN_REQUIRED',
            responseChecksumValidation: 'WHEN_REQUIRED',
          },
    );
    clients.set(key, client);
  }
  return client;
}
