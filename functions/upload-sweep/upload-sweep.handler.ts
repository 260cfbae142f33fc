// The upload-sweep function in AWS, from the environment's configuration.
import { configFromEnv } from '#adapters/config.ts';
import { buildUploadSweep } from './upload-sweep.root.ts';

export const handler = buildUploadSweep(configFromEnv());
