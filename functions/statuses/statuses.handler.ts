// The status intake in AWS, from the environment's configuration.
import { configFromEnv } from '#adapters/config.ts';
import { buildStatuses } from './statuses.root.ts';

export const handler = buildStatuses(configFromEnv());
