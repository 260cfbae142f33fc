// POST /v1/events in AWS, from the environment's configuration.
import { configFromEnv } from '#adapters/config.ts';
import { buildIngest } from './ingest.root.ts';

export const handler = buildIngest(configFromEnv());
