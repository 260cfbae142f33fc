// The period-close function in AWS (daily), from the environment's configuration.
import { configFromEnv } from '#adapters/config.ts';
import { buildClosePeriod } from './close-period.root.ts';

export const handler = buildClosePeriod(configFromEnv());
