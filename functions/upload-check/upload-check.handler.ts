// The upload-check function in AWS, from the environment's configuration.
import { configFromEnv } from '#adapters/config.ts';
import { buildUploadCheck } from './upload-check.root.ts';

export const handler = buildUploadCheck(configFromEnv());
