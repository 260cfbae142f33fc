// The reports function in AWS, from the environment's configuration.
import { configFromEnv } from '#adapters/config.ts';
import { buildReports } from './reports.root.ts';

export const handler = buildReports(configFromEnv());
