// The uploads function in AWS, from the environment's configuration.
import { configFromEnv } from '#adapters/config.ts';
import { buildUploads } from './uploads.root.ts';

export const handler = buildUploads(configFromEnv());
