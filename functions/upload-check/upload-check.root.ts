// The upload-check function's composition root: the upload check's ports from the configuration.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { S3Event } from 'aws-lambda';
import type { Config } from '#adapters/config.ts';
import { log } from '#adapters/log.ts';
import { buildUploadCheckPorts } from '#adapters/upload-check-ports.ts';
import { uploadCheckEdge } from './upload-check-edge.ts';

export function buildUploadCheck(config: Config) {
  return middy<S3Event, void>().use(injectLambdaContext(log)).handler(uploadCheckEdge(buildUploadCheckPorts(config)));
}
