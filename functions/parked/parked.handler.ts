// The parked-events function in AWS, from the environment's configuration.
import { configFromEnv } from '#adapters/config.ts';
import { buildParked } from './parked.root.ts';

export const handler = buildParked(configFromEnv());
