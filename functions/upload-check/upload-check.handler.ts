// The upload-check function in AWS and locally: its ports from the configuration.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { S3Event } from 'aws-lambda';
import { log } from '#adapters/log.ts';
import { uploadCheckEdge } from './upload-check-edge.ts';
import { uploadCheckPortsFromEnv } from '#adapters/ports.ts';

export const handler = middy<S3Event, void>().use(injectLambdaContext(log)).handler(uploadCheckEdge(uploadCheckPortsFromEnv()));
