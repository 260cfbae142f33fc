// The summary function in AWS, from the environment's configuration.
import { configFromEnv } from '#adapters/config.ts';
import { buildSummary } from './summary.root.ts';

export const handler = buildSummary(configFromEnv());
