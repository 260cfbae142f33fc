// The roll-up function in AWS, from the environment's configuration.
import { configFromEnv } from '#adapters/config.ts';
import { buildRollup } from './rollup.root.ts';

export const handler = buildRollup(configFromEnv());
