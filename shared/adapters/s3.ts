// One S3 client per process: the endpoint from AWS_ENDPOINT_URL_S3, path-style addressing when
// S3_FORCE_PATH_STYLE=true (s3rver). The same code in AWS and locally.
import { S3Client } from '@aws-sdk/client-s3';

let shared: S3Client | undefined;

export function s3Client(): S3Client {
  shared ??= new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true' });
  return shared;
}
